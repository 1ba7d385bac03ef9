"""The `.shebao` file: one case and its attachments in a zip, to carry it between PCs.

    manifest.json   {"format": "shebao-case", "format_version": 1, "case_id", "files": {name: sha256}}
    case.json       the case, its attachment paths pointing into attachments/
    attachments/<sha256><.ext>

Import checks everything before it changes the store: a zip, our manifest, safe member
names, no name twice, no encryption, only stored or deflated members, sizes within
limits (read streamed into a private temporary folder, never trusted from the header:
at most MAX_TOTAL in all and MAX_RATIO times a member's packed size), every file's
SHA-256, and the case against the case schema. A case whose id is already in the store
is never overwritten silently: ImportConflict, unless the caller chose "copy" or
"replace".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import errno
import json
import lzma
import os
import re
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from forms import __version__
from forms.case.model import CaseError, to_json, validate
from forms.common.i18n import N_, bi
from forms.store.blobs import _suffix
from forms.store.cases import CaseStore, new_id
from forms.common.files import POSIX, StoreError

FORMAT = "shebao-case"
FORMAT_VERSION = 1
SUFFIX = ".shebao"
MAX_TOTAL = 1 << 30  # 1 GiB of attachments in one case is far beyond any real scan set
MAX_CASE_JSON = 1 << 20
MAX_RATIO = 100  # unpacked / packed size of a member: JSON packs ~10:1, scans are stored
_MEMBER = re.compile(r"^attachments/[0-9a-f]{64}(\.[a-z0-9]{1,7})?$")


class ImportConflict(StoreError):
    """The archive's case id is already in the store."""

    def __init__(self, case_id: str, name: str):
        self.case_id, self.name = case_id, name
        super().__init__(bi(N_("A case with the same id is already here ({name}): import it as a copy, or replace the case here."),
                            name=name or case_id))


def export_case(store: CaseStore, case_id: str, dest: Path) -> Path:
    """Write the case and its attachments to `dest` (written aside, then renamed)."""
    dest = Path(dest)
    case = store.load(case_id)
    files: dict[str, str] = {}
    out_case = {k: v for k, v in case.items() if not k.startswith("_")}
    atts = []
    for att in case.get("attachments", []):
        src = store.blobs.path(att["path"])
        sha = att.get("sha256")
        if not sha:
            raise StoreError(bi(N_("The attachment {file} has no checksum: attach it again before exporting."), file=att["path"]))
        name = f"attachments/{sha}{_suffix(att['path'])}"
        if not src.is_file():
            raise StoreError(bi(N_("The attached file {file} cannot be found: attach it again before exporting."),
                                file=att.get("label") or att["path"]))
        files[name] = sha
        atts.append({**att, "path": name})
    if atts:
        out_case["attachments"] = atts
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "app": f"Shebao Desk {__version__}",
                "exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "case_id": case["id"], "files": files}
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".shebao-", suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            zf.writestr("case.json", to_json(out_case))
            for name in sorted(files):
                # scans are JPEG/PDF, already compressed: store them as they are
                zf.write(store.blobs.path(next(a["path"] for a in case["attachments"] if a.get("sha256") == files[name])),
                         name, compress_type=zipfile.ZIP_STORED)
        if POSIX:
            os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StoreError(bi(N_("Cannot write {path}: {problem}"), path=str(dest), problem=exc.strerror or str(exc))) from None
    return dest


def _foreign(path: Path, why: str, **params) -> StoreError:
    return StoreError(bi(N_("{path} is not a Shebao Desk case file ({problem}): choose a .shebao file exported by Shebao Desk."),
                         path=path.name, problem=bi(why, **params)))


class _Refused(Exception):
    """A member that breaks a limit while it is read."""


def _copy(zf: zipfile.ZipFile, info: zipfile.ZipInfo, out, limit: int, budget: list[int]) -> None:
    """Stream a member into `out` (a binary file or bytearray's extend), refusing more than
    `limit` bytes, more than budget[0] bytes over all members, or more than MAX_RATIO
    times its compressed size, whatever its header says: a zip bomb stops within the
    first megabytes, never in memory."""
    allowed = min(limit, budget[0], max(MAX_RATIO * info.compress_size, 1 << 20))
    done = 0
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            done += len(chunk)
            if done > allowed:
                raise _Refused(info.filename)
            out(chunk)
    budget[0] -= done


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, budget: list[int]) -> bytes:
    out = bytearray()
    _copy(zf, info, out.extend, limit, budget)
    return bytes(out)


def _json_member(zf, info, budget, path: Path, name: str):
    from forms.common.untrusted import json_loads

    try:
        return json_loads(_read(zf, info, MAX_CASE_JSON, budget).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _foreign(path, N_("unreadable {name}"), name=name) from None


@contextmanager
def opened_archive(path: Path, spool_dir: Path | None = None):
    """Check an archive fully and yield (case, {member name: path of its extracted copy});
    the copies, in a private temporary folder in `spool_dir`, are removed afterwards.
    Raises StoreError with a message naming the problem and what to do."""
    path = Path(path)
    from forms.common.untrusted import UnsafeFile, check_regular

    try:
        check_regular(path, MAX_TOTAL + (64 << 20))  # a FIFO would block is_zipfile
    except FileNotFoundError:
        raise StoreError(bi(N_("Case file not found: {path}"), path=str(path))) from None
    except UnsafeFile as exc:
        raise StoreError(exc.message) from None
    except OSError as exc:
        raise StoreError(bi(N_("Cannot read {path}: {problem}"), path=str(path), problem=exc.strerror or str(exc))) from None
    with tempfile.TemporaryDirectory(dir=spool_dir, prefix=".import-") as spool:
        files: dict[str, Path] = {}
        try:
            case = _check_archive(path, Path(spool), files)
        except StoreError:  # a RuntimeError too: already says what is wrong
            raise
        except zipfile.BadZipFile as exc:
            raise StoreError(bi(N_("{path} is damaged ({problem}): export the case again."), path=path.name,
                                problem=str(exc)[:120])) from None
        except _Refused as exc:
            raise StoreError(bi(N_("{path} unpacks to far more than it holds ({file}): it is not a case exported by Shebao Desk."),
                                path=path.name, file=str(exc)[:80])) from None
        except (zlib.error, EOFError, RuntimeError, NotImplementedError, lzma.LZMAError) as exc:
            # a damaged stream, a password, a compression method zipfile does not read
            raise StoreError(bi(N_("{path} is damaged ({problem}): export the case again."), path=path.name,
                                problem=type(exc).__name__)) from None
        except OSError as exc:
            if spool_dir is not None and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                from forms.store.conflicts import not_saved  # unpacking into the store failed: say why
                raise not_saved(exc, spool_dir) from None
            raise StoreError(bi(N_("Cannot read {path}: {problem}"), path=str(path), problem=exc.strerror or str(exc))) from None
        yield case, files


def read_archive(path: Path) -> tuple[dict, dict[str, bytes]]:
    """(case, {member name: bytes}) of a checked archive (see opened_archive)."""
    with opened_archive(path) as (case, files):
        return case, {name: p.read_bytes() for name, p in files.items()}


def _check_archive(path: Path, spool: Path, out: dict[str, Path]) -> dict:
    if not zipfile.is_zipfile(path):
        raise _foreign(path, N_("not a zip archive"))
    budget = [MAX_TOTAL]
    with zipfile.ZipFile(path) as zf:
        members = [i for i in zf.infolist() if not i.is_dir()]
        infos = {i.filename: i for i in members}
        if len(infos) != len(members):  # the same name twice: which one is meant?
            twice = next(n for n in infos if sum(i.filename == n for i in members) > 1)
            raise _foreign(path, N_("the member {name} appears twice"), name=twice[:80])
        for info in members:
            if info.flag_bits & 0x1:
                raise _foreign(path, N_("{name} is encrypted"), name=info.filename[:80])
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _foreign(path, N_("{name} uses a compression method Shebao Desk does not write"), name=info.filename[:80])
        if "manifest.json" not in infos or "case.json" not in infos:
            raise _foreign(path, N_("no manifest.json and case.json"))
        manifest = _json_member(zf, infos["manifest.json"], budget, path, "manifest.json")
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _foreign(path, N_("unknown format"))
        if not isinstance(manifest.get("format_version"), int) or manifest["format_version"] > FORMAT_VERSION:
            raise StoreError(bi(N_("{path} was exported by a newer Shebao Desk: update the app to import it."), path=path.name))
        files = manifest.get("files") or {}
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise _foreign(path, N_("unreadable {name}"), name="manifest.json")
        extra = set(infos) - {"manifest.json", "case.json"} - set(files)
        bad = [n for n in list(files) + sorted(extra) if not _MEMBER.match(n)]
        if bad or extra:
            raise _foreign(path, N_("unexpected member {name}"), name=(bad or sorted(extra))[0][:80])
        total = sum(infos[n].file_size for n in files if n in infos)
        if total > MAX_TOTAL:
            raise StoreError(bi(N_("{path} holds more than {limit} of attachments: it is not a case exported by Shebao Desk."),
                                path=path.name, limit="1 GB"))
        for i, (name, sha) in enumerate(files.items()):
            if name not in infos:
                raise StoreError(bi(N_("{path} is incomplete: the attachment {file} is missing. Export the case again."),
                                    path=path.name, file=name))
            target = spool / f"{i}{_suffix(name)}"
            digest = hashlib.sha256()
            with open(target, "wb") as fh:
                def write(chunk, fh=fh):
                    digest.update(chunk)
                    fh.write(chunk)
                _copy(zf, infos[name], write, MAX_TOTAL, budget)
            if digest.hexdigest() != sha or not name.startswith(f"attachments/{sha}"):
                raise StoreError(bi(N_("{path} is damaged: the attachment {file} does not match its checksum. Export the case again."),
                                    path=path.name, file=name))
            out[name] = target
        case = _json_member(zf, infos["case.json"], budget, path, "case.json")
    if not isinstance(case, dict):
        raise _foreign(path, N_("case.json is not a case"))
    try:
        validate(case)
    except CaseError as exc:
        raise StoreError(bi(N_("{path} holds an invalid case: {problem}"), path=path.name, problem=exc.message)) from None
    for att in case.get("attachments", []):
        if att["path"] not in out:
            raise StoreError(bi(N_("{path} is incomplete: the attachment {file} is missing. Export the case again."),
                                path=path.name, file=att["path"]))
    return case


def import_case(store: CaseStore, path: Path, on_conflict: str = "error") -> dict:
    """Import an archive into the store and return the stored case. on_conflict: "error"
    (raise ImportConflict), "copy" (import under a new id) or "replace". Nothing is left
    behind when it fails: no case, no attachment no case refers to."""
    with opened_archive(path, store.root) as (case, files):
        case_id = case.get("id") or new_id()
        if store.is_removed(case_id):  # that id was removed for good here: never brought back
            case_id = new_id()
        if store.exists(case_id, include_deleted=True):
            if on_conflict == "copy":
                case_id = new_id()
            elif on_conflict != "replace":
                from forms.case.model import full_name
                raise ImportConflict(case_id, full_name(case))
        case["id"] = case_id
        case["_version"] = store.version(case_id, include_deleted=True)  # "replace": over what is stored
        atts, added = [], []
        try:
            for att in case.get("attachments", []):
                sha = att["path"][len("attachments/"):][:64]  # the member name is checked
                existed = store.blobs.path(store.blobs.relpath(sha, att["path"])).is_file()
                _, rel = store.blobs.add(files[att["path"]], att["path"])
                if not existed:
                    added.append(rel)
                atts.append({**att, "path": rel})
            if atts:
                case["attachments"] = atts
            store.save(case)
        except BaseException:
            for rel in added:
                store.blobs.path(rel).unlink(missing_ok=True)
            raise
    return store.prepare(case)
