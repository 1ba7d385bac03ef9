"""Content-addressed attachment store: each file is copied once under its SHA-256, so
moving or deleting the original loses nothing and the same scan attached twice is kept
once. The extension is kept on the stored name because readers pick a decoder by it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from forms.common.i18n import N_, bi
from forms.common.files import POSIX, StoreError, private_dir

FOLDER = "attachments"
_CHUNK = 1 << 20
TMP_PREFIX = ".tmp-"
_TMP_OWNER = r"^\.tmp-(\d+-[0-9a-f]{8})-"  # .tmp-<owner token>-<random> (compiled on first use)


def sha256_of(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if len(suffix) <= 8 and suffix[1:].isalnum() else ""


class BlobStore:
    """Files under <root>/attachments/<sha[:2]>/<sha><.ext>. Paths handed out are relative
    to `root`, the base directory of every stored case. `owner` (a token of owners.py)
    names this process's partial copies; `lease(relpath)` is called before a file is
    copied in, so that no collection removes it before its case is saved."""

    def __init__(self, root: Path, owner: str = "0-00000000", lease=None):
        self.root = Path(root)
        self.folder = private_dir(self.root / FOLDER)
        self.owner = owner
        self.lease = lease or (lambda rel: None)

    def relpath(self, sha: str, name: str) -> str:
        return f"{FOLDER}/{sha[:2]}/{sha}{_suffix(name)}"

    def path(self, relpath: str) -> Path:
        return self.root / relpath

    def add(self, source: Path, name: str | None = None) -> tuple[str, str]:
        """Copy `source` in (once per content). Returns (sha256, relative path)."""
        from forms.common.untrusted import UnsafeFile, attachment_limit_mb, check_regular

        source = Path(source)
        try:  # a FIFO or a device is refused from its stat, a huge file before it is copied
            check_regular(source, attachment_limit_mb() << 20)
        except UnsafeFile as exc:
            raise StoreError(exc.message) from None
        except OSError:
            raise StoreError(bi(N_("Not a file: {path}"), path=str(source))) from None
        try:
            sha = sha256_of(source)
            rel = self.relpath(sha, name or source.name)
            self.lease(rel)
            target = self.path(rel)
            if not target.is_file() or sha256_of(target) != sha:
                self._copy(source, target)
                from forms.common.logs import get
                get("store").info("attachment stored: %s (%d KB)", sha, -(-target.stat().st_size // 1024))
        except OSError as exc:
            raise StoreError(bi(N_("Cannot copy {path} into the case store: {problem}"),
                                path=str(source), problem=exc.strerror or str(exc))) from None
        return sha, rel

    def add_bytes(self, data: bytes, name: str) -> tuple[str, str]:
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        rel = self.relpath(sha, name)
        self.lease(rel)
        target = self.path(rel)
        if not target.is_file():
            private_dir(target.parent)
            try:
                self._write(target, lambda fh: fh.write(data))
            except OSError as exc:
                from forms.store.conflicts import not_saved
                raise not_saved(exc, self.root) from None
        return sha, rel

    def _copy(self, source: Path, target: Path) -> None:
        import shutil

        private_dir(target.parent)

        def copy(fh):
            with open(source, "rb") as src:
                shutil.copyfileobj(src, fh, _CHUNK)
        self._write(target, copy)

    def _write(self, target: Path, writer) -> None:
        # Write to a temporary file beside the target and rename: a crash never leaves a
        # half-written blob under a valid name (and the next start removes the partial one).
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f"{TMP_PREFIX}{self.owner}-")
        try:
            with os.fdopen(fd, "wb") as fh:
                writer(fh)
                fh.flush()
                os.fsync(fh.fileno())
            if POSIX:
                os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def all_relpaths(self) -> set[str]:
        return {f"{FOLDER}/{p.parent.name}/{p.name}" for p in self.folder.glob("??/*") if not p.name.startswith(".")}

    def temp_files(self):
        """Partial copies (of this or any process), and anything else hidden in the folders."""
        return self.folder.glob("??/.*")

    def collect_garbage(self, keep: set[str], alive=lambda owner: False) -> int:
        """Remove stored files not in `keep`, and partial copies whose process is gone
        (alive(token) says). Returns how many files were removed."""
        removed = 0
        for rel in self.all_relpaths() - keep:
            self.path(rel).unlink(missing_ok=True)
            removed += 1
        for path in list(self.temp_files()):
            m = re.match(_TMP_OWNER, path.name)
            if m and alive(m.group(1)):
                continue  # being written right now
            if path.is_file() or path.is_symlink():
                path.unlink(missing_ok=True)
                removed += 1
        return removed
