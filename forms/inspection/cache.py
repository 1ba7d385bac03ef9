"""Analyses cached by content hash, so that checking an unchanged case again is instant.

One JSON file (and one PNG thumbnail) per content hash and INSPECTION_VERSION, in the
user's cache folder, owner-only: the analysis of a passport scan holds its MRZ and the
thumbnail shows it. SHEBAO_CACHE_DIR moves the cache (tests); SHEBAO_CACHE_DIR=off turns
it off (a shared PC that must keep nothing). `clear()` empties it, `prune()` drops entries
not used for a while. Nothing here is logged.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from forms.inspection.record import INSPECTION_VERSION



class Cache:
    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) if folder else None

    @classmethod
    def default(cls) -> "Cache":
        from forms.common.files import inspection_cache_dir  # one place decides where it is

        return cls(inspection_cache_dir())

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _paths(self, sha256: str) -> tuple[Path, Path]:
        stem = f"{sha256}-v{INSPECTION_VERSION}"
        return self.folder / f"{stem}.json", self.folder / f"{stem}.png"

    def get(self, sha256: str) -> tuple[dict, bytes | None] | None:
        if not self.enabled or not sha256:
            return None
        meta, png = self._paths(sha256)
        try:
            analysis = json.loads(meta.read_bytes())
            thumb = png.read_bytes() if analysis.get("thumbnail") else None
        except (OSError, ValueError):
            return None
        if analysis.get("version") != INSPECTION_VERSION or analysis.get("sha256") != sha256:
            return None
        try:
            os.utime(meta)  # last use, for prune()
        except OSError:
            pass
        return analysis, thumb

    def put(self, analysis: dict, thumb: bytes | None) -> None:
        sha = analysis.get("sha256")
        if not self.enabled or not sha or _not_cacheable(analysis):
            return
        try:
            self._ensure_folder()
            meta, png = self._paths(sha)
            if thumb:
                _write_private(png, thumb)
            _write_private(meta, json.dumps({**analysis, "thumbnail": bool(thumb)}).encode())
        except OSError:
            pass  # a cache that cannot be written only costs time

    def _ensure_folder(self) -> None:
        from forms.common.files import make_private_dirs

        make_private_dirs(self.folder)  # its missing parents too: a cache of passport pictures
        try:
            os.chmod(self.folder, 0o700)
        except OSError:
            pass

    def clear(self) -> int:
        """Remove every cached entry; returns how many files were removed."""
        return self.prune(max_age_days=0)

    def prune(self, max_age_days: float = 60) -> int:
        """Remove entries not used for `max_age_days` (and those of older versions)."""
        if not self.enabled or not self.folder.is_dir():
            return 0
        cutoff = time.time() - max_age_days * 86400
        removed = 0
        for path in self.folder.iterdir():
            if path.suffix not in (".json", ".png", ".tmp"):
                continue
            try:
                old_version = not path.stem.endswith(f"-v{INSPECTION_VERSION}")
                if max_age_days <= 0 or old_version or path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                pass
        return removed


def _not_cacheable(analysis: dict) -> bool:
    # A time-out or crash may depend on the machine's load, not on the file: try again.
    return any(p["code"] in ("FILE_TIMEOUT", "FILE_CRASHED", "FILE_TOO_COMPLEX", "FILE_UNREADABLE")
               for p in analysis["problems"])


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    os.replace(tmp, path)
