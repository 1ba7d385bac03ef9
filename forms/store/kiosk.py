"""Service-center mode: everything of a session (cases, attachments, settings, logs,
caches) in a fresh temporary folder that is wiped when the app closes, and at the next
start if a crash or a kill left it behind.

    <kiosk root>/session-<pid>-<random>/   0700, one per running app
        owner.lock   held (locked) by the running app for as long as it lives
        owner.json   {"pid", "started"}: who made it, for a person looking at the folder
        data/ cache/ config/

The kiosk root is fixed per user: $XDG_RUNTIME_DIR (a per-user RAM disk on most Linux
desktops: the data never reaches the disk) or the temp folder, under
"shebao-desk-kiosk-<uid>"; SHEBAO_KIOSK_ROOT overrides it. At start, every session folder
whose lock can be taken belongs to a process that is gone (the OS releases the lock of a
killed process), and is removed. Where locks do not work, the recorded PID decides.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
import tempfile
import time
from pathlib import Path

from forms.common.i18n import N_, bi
from forms.common.files import HOME_DATA_ENV, POSIX, StoreError, private_dir, wipe  # noqa: F401 (HOME_DATA_ENV re-exported)
from forms.common.files import lock_file as _lock

ROOT_ENV = "SHEBAO_KIOSK_ROOT"
LOCK, MARKER = "owner.lock", "owner.json"
PREFIX = "session-"


def kiosk_root() -> Path:
    override = os.environ.get(ROOT_ENV)
    if override:
        return private_dir(Path(override))
    if POSIX:
        base = os.environ.get("XDG_RUNTIME_DIR")
        if not (base and os.path.isdir(base) and os.access(base, os.W_OK)):
            base = tempfile.gettempdir()
        root = Path(base) / f"shebao-desk-kiosk-{os.getuid()}"
    else:  # the temp folder is the user's own on Windows
        root = Path(tempfile.gettempdir()) / "ShebaoDesk-kiosk"
    root = private_dir(root)
    if POSIX:  # a shared /tmp: the folder must be ours, not a link someone else planted
        st = os.lstat(root)
        if stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid():
            raise StoreError(bi(N_("The folder {path} belongs to someone else: remove it, then start again."),
                                path=str(root)))
    return root


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(folder: Path) -> bool:
    lock = folder / LOCK
    try:
        with open(lock, "r+b") as fh:
            if _lock(fh):
                return True  # nobody holds it: the owner is gone
            return False
    except FileNotFoundError:
        pass
    except OSError:  # no locking here (a network drive): the PID decides
        pass
    try:
        pid = int(json.loads((folder / MARKER).read_text())["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        # no marker: a session being made right now, or half made long ago
        return time.time() - folder.stat().st_mtime > 60
    return not pid_alive(pid)


def sweep(root: Path | None = None) -> list[Path]:
    """Remove the session folders whose app is gone. Returns what was removed."""
    root = root or kiosk_root()
    removed = []
    for folder in sorted(root.glob(PREFIX + "*")):
        if folder.is_dir() and not folder.is_symlink() and _stale(folder):
            wipe(folder)
            removed.append(folder)
    return removed


class KioskSession:
    """One running app's temporary folder; `close()` wipes it."""

    def __init__(self, root: Path | None = None):
        self.root = root or kiosk_root()
        self.swept = sweep(self.root)
        self.path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=self.root))
        if POSIX:
            os.chmod(self.path, 0o700)
        self._lock = open(self.path / LOCK, "a+b")
        if POSIX:
            os.chmod(self.path / LOCK, 0o600)
        _lock(self._lock)
        marker = {"pid": os.getpid(), "started": dt.datetime.now().isoformat(timespec="seconds"),
                  "program": Path(sys.argv[0]).name}
        fd = os.open(self.path / MARKER, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(marker, fh)
        self.data = private_dir(self.path / "data")
        self.cache = private_dir(self.path / "cache")
        self.config = private_dir(self.path / "config")
        self.closed = False

    def environ(self) -> dict[str, str]:
        """What the engine and the app read to find their folders."""
        return {"SHEBAO_DATA_DIR": str(self.data), "SHEBAO_CACHE_DIR": str(self.cache)}

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self._lock.close()
        except OSError:
            pass
        wipe(self.path)
