"""What a save can run into besides success, each a StoreError with a message that says
what was not saved and what to do: another window or program saved the case first
(SaveConflict), removed it for good (CaseRemoved), or the write itself failed (NotSaved:
a full disk, a read-only folder, a store busy for too long). The caller keeps the edit."""

from __future__ import annotations

import errno
import sqlite3

from forms.common.i18n import N_, bi
from forms.common.files import StoreError


class SaveConflict(StoreError):
    """The stored case changed since it was loaded. `theirs` is the stored case (None if it
    was deleted meanwhile), `version` its version: saving again with that version keeps
    mine."""

    def __init__(self, case_id: str, theirs: dict | None, version: int):
        self.case_id, self.theirs, self.version = case_id, theirs, version
        super().__init__(bi(N_("This case was changed in another window or program since it was opened here.")))


class CaseRemoved(StoreError):
    """The case was removed for good (its tombstone is all that is left)."""

    def __init__(self, case_id: str):
        self.case_id = case_id
        super().__init__(bi(N_("This case was removed for good (in another window or program): it is not saved again.")))


class NotSaved(StoreError):
    """The write failed; nothing of it is in the store. kind: full, readonly, busy, other."""

    def __init__(self, kind: str, message: dict):
        self.kind = kind
        super().__init__(message)


def _kind(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return {errno.ENOSPC: "full", getattr(errno, "EDQUOT", -1): "full", errno.EROFS: "readonly",
                errno.EACCES: "readonly", errno.EPERM: "readonly"}.get(exc.errno, "other")
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorcode", None)
    if code == getattr(sqlite3, "SQLITE_FULL", 13) or "disk is full" in text:
        return "full"
    if code == getattr(sqlite3, "SQLITE_READONLY", 8) or "readonly" in text or "read-only" in text:
        return "readonly"
    if code in (getattr(sqlite3, "SQLITE_BUSY", 5), getattr(sqlite3, "SQLITE_LOCKED", 6)) or "locked" in text:
        return "busy"
    return "other"


def not_saved(exc: BaseException, folder) -> NotSaved:
    """The write error `exc` (sqlite3 or OS) as a NotSaved with a message to act on."""
    kind = _kind(exc)
    if kind == "full":
        message = bi(N_("Not saved: the disk holding {path} is full. Free some space (empty the recycle bin, "
                        "delete or move large files)."), path=str(folder))
    elif kind == "readonly":
        message = bi(N_("Not saved: the folder {path} cannot be written. Check that it is yours and not read-only."),
                     path=str(folder))
    elif kind == "busy":
        message = bi(N_("Not saved: the case store is busy in another window or program."))
    else:
        problem = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        message = bi(N_("Not saved: the case store could not be written ({problem})."), problem=problem)
    return NotSaved(kind, message)
