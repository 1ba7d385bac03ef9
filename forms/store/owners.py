"""Who is using a store right now: several app windows and `shebao` commands may open one
store at once (and an office store is shared), so what one process is in the middle of
(an attachment copied in but its case not yet saved, a preview being built) must not be
collected by another, and what a killed process left behind must be.

    <store>/owners/<token>.lock   held (locked) by a process for as long as it uses the store
    <store>/tmp/<token>/          that process's temporary files (previews), owner-only

The OS releases the lock of a killed process, so a lock that can be taken belongs to a
process that is gone: its temporary folder and its lock file are removed by the next one
to look (at start, and before collecting attachments).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from forms.common.files import lock_file, private_dir, wipe

OWNERS, TMP = "owners", "tmp"
TOKEN = r"^\d+-[0-9a-f]{8}$"  # compiled on first use (a sweep), not at start-up


class Owner:
    """This process's claim on a store (one per open CaseStore)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.token = f"{os.getpid()}-{os.urandom(4).hex()}"
        path = private_dir(self.root / OWNERS) / f"{self.token}.lock"
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        self._fh = os.fdopen(fd, "r+b")
        lock_file(self._fh)
        self.lock_path = path
        self._tmp: Path | None = None

    def temp_dir(self) -> Path:
        """This process's own temporary folder inside the store (made on first use)."""
        if self._tmp is None:
            self._tmp = private_dir(private_dir(self.root / TMP) / self.token)
        return self._tmp

    def close(self) -> None:
        if self._fh is None:
            return
        if self._tmp is not None:
            wipe(self._tmp)
        self._fh.close()
        self._fh = None
        self.lock_path.unlink(missing_ok=True)


def alive(root: Path, token: str) -> bool:
    """Does the process that took `token` still use the store?"""
    try:
        fh = open(Path(root) / OWNERS / f"{token}.lock", "r+b")
    except FileNotFoundError:
        return False
    except OSError:  # cannot tell (permissions): keep what it may be using
        return True
    with fh:
        return not lock_file(fh)  # we could take it: nobody holds it


def sweep(root: Path, me: str) -> list[str]:
    """Remove the lock files and temporary folders of processes that are gone. Returns
    their tokens."""
    root = Path(root)
    gone = []
    for folder, pattern in ((root / OWNERS, "*.lock"), (root / TMP, "*")):
        if not folder.is_dir():
            continue
        for path in folder.glob(pattern):
            token = path.name[:-5] if path.suffix == ".lock" else path.name
            if token == me or (re.match(TOKEN, token) and alive(root, token)):
                continue
            if path.is_dir() and not path.is_symlink():
                    wipe(path)
            else:
                path.unlink(missing_ok=True)
            if token not in gone:
                gone.append(token)
    return gone
