"""The `.shebao` file: one case and its attachments in a zip, to carry it between PCs.

    manifest.json   {"format": "shebao-case", "format_version": 1, "case_id", "files": {name: sha256}}
    case.json       the case, its attachment paths pointing into attachments/
    attachments/<sha256><.ext>

Import checks everything before it changes the store: a zip, our manifest, safe member
names, sizes within limits (read, not trusted from the header), every file's SHA-256,
and the case against the case schema. A case whose id is already in the store is never
overwritten silently: ImportConflict, unless the caller chose "copy" or "replace".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

from .. import __version__
from ..case import CaseError, to_json, validate
from ..i18n import N_, bi
from .blobs import _suffix
from .cases import CaseStore, new_id
from .location import POSIX, StoreError

FORMAT = "shebao-case"
FORMAT_VERSION = 1
SUFFIX = ".shebao"
MAX_TOTAL = 1 << 30  # 1 GiB of attachments in one case is far beyond any real scan set
MAX_CASE_JSON = 1 << 20
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


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read a member, refusing more than `limit` bytes whatever its header says."""
    out = bytearray()
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            out += chunk
            if len(out) > limit:
                raise ValueError("too large")
    return bytes(out)


def read_archive(path: Path) -> tuple[dict, dict[str, bytes]]:
    """Check an archive fully and return (case, {member name: bytes}). Raises StoreError
    with a message naming the problem and what to do."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(bi(N_("Case file not found: {path}"), path=str(path)))
    if not zipfile.is_zipfile(path):
        raise _foreign(path, N_("not a zip archive"))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = {i.filename: i for i in zf.infolist() if not i.is_dir()}
            if "manifest.json" not in infos or "case.json" not in infos:
                raise _foreign(path, N_("no manifest.json and case.json"))
            try:
                manifest = json.loads(_read(zf, infos["manifest.json"], MAX_CASE_JSON).decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise _foreign(path, N_("unreadable manifest.json")) from None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise _foreign(path, N_("unknown format"))
            if not isinstance(manifest.get("format_version"), int) or manifest["format_version"] > FORMAT_VERSION:
                raise StoreError(bi(N_("{path} was exported by a newer Shebao Desk: update the app to import it."), path=path.name))
            files = manifest.get("files") or {}
            extra = set(infos) - {"manifest.json", "case.json"} - set(files)
            bad = [n for n in list(files) + sorted(extra) if not _MEMBER.match(n)]
            if bad or extra:
                raise _foreign(path, N_("unexpected member {name}"), name=(bad or sorted(extra))[0][:80])
            total = sum(infos[n].file_size for n in files if n in infos)
            if total > MAX_TOTAL:
                raise StoreError(bi(N_("{path} holds more than {limit} of attachments: it is not a case exported by Shebao Desk."),
                                    path=path.name, limit="1 GB"))
            data: dict[str, bytes] = {}
            for name, sha in files.items():
                if name not in infos:
                    raise StoreError(bi(N_("{path} is incomplete: the attachment {file} is missing. Export the case again."),
                                        path=path.name, file=name))
                blob = _read(zf, infos[name], MAX_TOTAL)
                if hashlib.sha256(blob).hexdigest() != sha or not name.startswith(f"attachments/{sha}"):
                    raise StoreError(bi(N_("{path} is damaged: the attachment {file} does not match its checksum. Export the case again."),
                                        path=path.name, file=name))
                data[name] = blob
            try:
                case = json.loads(_read(zf, infos["case.json"], MAX_CASE_JSON).decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise _foreign(path, N_("unreadable case.json")) from None
    except zipfile.BadZipFile as exc:
        raise StoreError(bi(N_("{path} is damaged ({problem}): export the case again."), path=path.name, problem=str(exc))) from None
    except OSError as exc:
        raise StoreError(bi(N_("Cannot read {path}: {problem}"), path=str(path), problem=exc.strerror or str(exc))) from None
    if not isinstance(case, dict):
        raise _foreign(path, N_("case.json is not a case"))
    try:
        validate(case)
    except CaseError as exc:
        raise StoreError(bi(N_("{path} holds an invalid case: {problem}"), path=path.name, problem=exc.message)) from None
    for att in case.get("attachments", []):
        if att["path"] not in data:
            raise StoreError(bi(N_("{path} is incomplete: the attachment {file} is missing. Export the case again."),
                                path=path.name, file=att["path"]))
    return case, data


def import_case(store: CaseStore, path: Path, on_conflict: str = "error") -> dict:
    """Import an archive into the store and return the stored case. on_conflict: "error"
    (raise ImportConflict), "copy" (import under a new id) or "replace"."""
    case, data = read_archive(path)
    case_id = case.get("id") or new_id()
    if store.is_removed(case_id):  # that id was removed for good here: never brought back
        case_id = new_id()
    if store.exists(case_id, include_deleted=True):
        if on_conflict == "copy":
            case_id = new_id()
        elif on_conflict != "replace":
            from ..case import full_name
            raise ImportConflict(case_id, full_name(case))
    case["id"] = case_id
    case["_version"] = store.version(case_id, include_deleted=True)  # "replace": over what is stored
    atts = []
    for att in case.get("attachments", []):
        _, rel = store.blobs.add_bytes(data[att["path"]], att["path"])
        atts.append({**att, "path": rel})
    if atts:
        case["attachments"] = atts
    store.save(case)
    return store.prepare(case)
