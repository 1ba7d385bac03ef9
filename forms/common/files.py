"""The user data directory, the cache directory, and owner-only files and folders in them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from forms.common.i18n import N_, bi

APP_DIR_NAME = "ShebaoDesk"
# In service-center mode SHEBAO_DATA_DIR points into the temporary session; this keeps the
# PC's normal data dir (where the machine's settings, such as the mode itself, live).
HOME_DATA_ENV = "SHEBAO_MACHINE_DATA_DIR"
POSIX = os.name == "posix"


class StoreError(RuntimeError):
    """The case store or an archive cannot be used. `.message` is bilingual."""

    def __init__(self, message: dict):
        self.message = message
        super().__init__(message["en"])


def data_dir() -> Path:
    """SHEBAO_DATA_DIR if set (tests, portable use), else the platform's user data dir."""
    override = os.environ.get("SHEBAO_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=sys.platform == "win32"))


def inspection_cache_dir() -> Path | None:
    """Where the scan inspection caches its results (forms/inspection/cache.py asks here):
    SHEBAO_CACHE_DIR ("off": no cache), else <data dir>/cache/inspection: the results hold
    passport lines and thumbnails, so they stay inside the data folder with the scans
    (and in service-center mode inside the session). None: no cache."""
    value = os.environ.get("SHEBAO_CACHE_DIR")
    if value is not None:
        return None if value.strip().lower() in ("", "off", "0", "none") else Path(value)
    return data_dir() / "cache" / "inspection"


def make_private_dirs(path: Path) -> None:
    """Create `path` and each missing parent at 0700 (Path.mkdir(parents=True) makes the
    parents with the default mode, 0755; the XDG base directory spec asks for 0700).
    Folders that already exist are left as they are."""
    missing = []
    p = Path(path)
    while not os.path.lexists(p) and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    if not missing:  # nothing was made: it must be a folder (as mkdir would say)
        Path(path).mkdir(mode=0o700, exist_ok=True)


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the owner only (0700 on POSIX)."""
    try:
        make_private_dirs(path)
        if POSIX and (path.stat().st_mode & 0o777) != 0o700:
            os.chmod(path, 0o700)
    except OSError as exc:
        raise StoreError(bi(N_("Cannot create the folder {path}: {problem}"),
                            path=str(path), problem=exc.strerror or str(exc))) from None
    return path


def touch_private(path: Path) -> Path:
    """Create the file if needed, and make it owner-only (0600 on POSIX)."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    if POSIX:
        os.chmod(path, 0o600)
    return path


def lock_file(fh) -> bool:
    """Take the lock on an open file without waiting. True if we hold it now."""
    try:
        if os.name == "nt":
            import msvcrt
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def wipe(folder: Path) -> None:
    """Remove a folder and everything in it, read-only files included."""
    import shutil
    import stat
    import time

    def retry(func, path, _exc):
        try:
            os.chmod(path, stat.S_IRWXU)
            func(path)
        except OSError:
            pass
    for _ in range(5):  # Windows: a file another program just closed may still be busy
        shutil.rmtree(folder, onerror=retry)
        if not folder.exists():
            return
        time.sleep(0.2)
