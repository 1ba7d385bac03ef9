"""The case store: one SQLite database (standard library) of cases kept as their JSON.

Every save is one committed transaction (WAL, synchronous=FULL): a crash or a kill right
after a save loses nothing. The list columns (name, procedure, a cached status summary)
sit beside the JSON so that the case list reads 1,000 cases without parsing any case.
Deleting is soft until purged, so that it can be undone.

Several windows and programs may use one store at once (see owners.py): every case carries
a version and a save is a compare-and-swap on it (SaveConflict, never a silent overwrite);
a case removed for good leaves a tombstone (its id only) and is never written again
(CaseRemoved); attachments are collected only when no case and no live process refers to
them; a write that fails (a full disk) raises NotSaved and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from forms.common.i18n import N_, bi
from forms.store import owners
from forms.store.blobs import BlobStore
from forms.store.conflicts import CaseRemoved, NotSaved, SaveConflict, not_saved
from forms.common.files import StoreError, data_dir, private_dir, touch_private

DB_NAME = "cases.sqlite3"
DB_VERSION = 2  # PRAGMA user_version of the database layout

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    id        TEXT PRIMARY KEY,
    json      TEXT NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    procedure TEXT NOT NULL DEFAULT '',
    created   TEXT NOT NULL,
    modified  TEXT NOT NULL,
    summary   TEXT,
    deleted   TEXT
);
CREATE INDEX IF NOT EXISTS cases_deleted ON cases(deleted);
"""
# 2: versions (compare-and-swap saves), who deleted (their undo is theirs), tombstones,
# and the attachments a live process has copied in for a case it has not saved yet.
_SCHEMA_2 = """
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN deleted_by TEXT;
CREATE TABLE IF NOT EXISTS removed (id TEXT PRIMARY KEY, version INTEGER NOT NULL, removed TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending_blobs (path TEXT NOT NULL, owner TEXT NOT NULL, PRIMARY KEY (path, owner));
"""


class CaseRow:
    """What the case list shows, without the case itself (a plain class: the list builds
    thousands of these at start-up). The list sorts, filters and counts by the few summary
    values the query reads as columns (SQLite's JSON functions, in C); the whole summary
    (`summary`) is parsed only when a row is shown or searched."""

    __slots__ = ("id", "name", "procedure", "modified", "key", "next_date", "blocker", "warning", "ready",
                 "error", "due", "_text", "_summary")

    def __init__(self, id: str, name: str, procedure: str, modified: str, summary: dict | None):
        self.id, self.name, self.procedure, self.modified = id, name, procedure, modified
        self.set_summary(summary)

    def set_summary(self, summary: dict | None) -> None:
        s = summary or {}
        deadlines = s.get("deadlines") or []
        self.key = s.get("key")
        self.next_date = deadlines[0]["date"] if deadlines else None
        self.blocker, self.warning = s.get("blocker", 0), s.get("warning", 0)
        self.ready, self.error = bool(s.get("ready")), "error" in s
        self.due = s.get("due") or ""  # forms.law.due's tags, space-separated
        self._text, self._summary = None, summary

    @property
    def summary(self) -> dict | None:
        if self._summary is None and self._text:
            self._summary = _json().loads(self._text)
        return self._summary

    def __eq__(self, other):
        return isinstance(other, CaseRow) and all(
            getattr(self, k) == getattr(other, k) for k in ("id", "name", "procedure", "modified", "summary"))

    def __repr__(self):
        return f"CaseRow({self.id!r}, {self.name!r}, {self.procedure!r})"


# The list's columns: the summary values as SQLite reads them from its JSON, without Python.
_ROW_SQL = """SELECT id, name, procedure, modified, summary, json_extract(summary, '$.key'),
    json_extract(summary, '$.deadlines[0].date'), ifnull(json_extract(summary, '$.blocker'), 0),
    ifnull(json_extract(summary, '$.warning'), 0), json_extract(summary, '$.ready'),
    json_type(summary, '$.error') IS NOT NULL, ifnull(json_extract(summary, '$.due'), '')
    FROM cases WHERE deleted IS NULL"""


# the first screen of a big list, soonest next deadline first, read through an index
_NEXT = "ifnull(json_extract(summary, '$.deadlines[0].date'), '9999-12-31')"
_NEXT_INDEX = f"CREATE INDEX IF NOT EXISTS cases_next ON cases({_NEXT})"
_SOONEST = _ROW_SQL.replace("FROM cases", "FROM cases INDEXED BY cases_next") + f" ORDER BY {_NEXT} LIMIT ?"


def read_rows(db_path: Path) -> list[CaseRow]:
    """Every list row, on a connection of its own (for a worker thread)."""
    db = sqlite3.connect(db_path, timeout=30)
    try:
        return [_row(values) for values in db.execute(_ROW_SQL)]
    finally:
        db.close()


def _row(values) -> CaseRow:
    row = CaseRow.__new__(CaseRow)
    (row.id, row.name, row.procedure, row.modified, row._text, row.key, row.next_date, row.blocker, row.warning,
     ready, error, row.due) = values
    row.ready, row.error, row._summary = bool(ready), bool(error), None
    return row


def _shas(case: dict) -> set[str]:
    """The content hashes of a case's attachments (from the record, or the stored name)."""
    out = set()
    for att in case.get("attachments", []):
        sha = att.get("sha256") or Path(att.get("path", "")).stem
        if len(sha) == 64:
            out.add(sha)
    return out


def purge_inspection_cache(shas: set[str]) -> int:
    """Remove the scan inspection's cached results and thumbnails of these files (the cache
    is keyed by content hash: <sha256>-v<version>.json/.png). Returns how many files went."""
    from forms.common.files import inspection_cache_dir

    folder = inspection_cache_dir()
    if not shas or folder is None or not folder.is_dir():
        return 0
    removed = 0
    for sha in shas:
        for path in folder.glob(f"{sha}-*"):
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def _json():
    """The json module, imported on first use: opening an empty store at start-up (the
    app's first window) does not need it, and it costs ~2 ms of the start-up budget."""
    import json

    return json


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def new_id() -> str:
    import uuid

    return uuid.uuid4().hex


class CaseStore:
    def __init__(self, root: Path | None = None, tidy: bool = True):
        """tidy: sweep what ended processes left now (False: the caller calls tidy() later,
        as the app does once its window is up)."""
        self.root = private_dir(Path(root) if root else data_dir())
        try:
            self.path = touch_private(self.root / DB_NAME)
            self.owner = owners.Owner(self.root)
        except OSError as exc:
            raise StoreError(bi(N_("The data folder {path} cannot be written ({problem}): check that it is yours and "
                                   "not read-only, or start with SHEBAO_DATA_DIR set to another folder."),
                                path=str(self.root), problem=exc.strerror or str(exc))) from None
        self.blobs = BlobStore(self.root, self.owner.token, self._lease)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=5)
            self.db.execute("PRAGMA synchronous=FULL")
            # deleted rows are overwritten with zeros, not left in free pages
            self.db.execute("PRAGMA secure_delete=ON")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > DB_VERSION:
                raise StoreError(bi(N_("The case store {path} was made by a newer Shebao Desk: update the app to open it."),
                                    path=str(self.path)))
            if version < DB_VERSION:
                self._upgrade()
            self.db.execute(_NEXT_INDEX)  # also in a store made before it (made once, kept)
        except sqlite3.DatabaseError as exc:
            self.owner.close()
            raise StoreError(bi(N_("The case store {path} cannot be opened: {problem}"),
                                path=str(self.path), problem=str(exc))) from None
        except BaseException:
            self.owner.close()
            raise
        self.tidied = False
        if tidy:
            self.tidy()

    def _upgrade(self) -> None:
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.db.execute("PRAGMA journal_mode=WAL")  # kept in the file
        with self._writing():  # another process may be upgrading it right now
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version >= DB_VERSION:
                return
            # statement by statement: executescript() would commit the transaction first
            for statement in (_SCHEMA if version < 1 else "").split(";") + _SCHEMA_2.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version={DB_VERSION}")

    def close(self) -> None:
        try:
            with self._writing():  # what this process copied in for no case goes
                self.db.execute("DELETE FROM pending_blobs WHERE owner=?", (self.owner.token,))
        except StoreError:
            pass
        self.db.close()
        self.owner.close()

    @contextmanager
    def _writing(self):
        """One write transaction, taken at once (BEGIN IMMEDIATE: no other writer can
        slip in between a check and the write). A failed write raises NotSaved. Inside a
        batch() the statements join the batch's transaction."""
        if self.db.in_transaction:
            yield
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        except (sqlite3.OperationalError, OSError) as exc:
            raise not_saved(exc, self.root) from None

    def batch(self):
        """`with store.batch(): ...` makes several saves one transaction (all or none; after
        a failed batch, load the cases again: their `_version` may be ahead of the store)."""
        return self._writing()

    def temp_dir(self) -> Path:
        """This process's temporary folder, inside the store's folder (kiosk: the session)."""
        return self.owner.temp_dir()

    def tidy(self) -> dict:
        """Remove what processes that are gone left behind: their temporary folders, their
        half-copied attachments (.tmp-*) and the attachments they copied in for a case they
        never saved. Cheap when there is nothing to do (at every start)."""
        from forms.common.logs import get

        self.tidied = True
        try:
            gone = owners.sweep(self.root, self.owner.token)
            stray = any(True for _ in self.blobs.temp_files())
            pending = self.db.execute("SELECT count(*) FROM pending_blobs WHERE owner != ?",
                                      (self.owner.token,)).fetchone()[0]
            files = self.collect_garbage() if stray or pending else 0
        except (StoreError, OSError, sqlite3.DatabaseError) as exc:  # housekeeping: never stops a start
            get("store").warning("tidying the store failed: %s", exc)
            return {"owners": 0, "files": 0}
        if gone or files:
            get("store").info("removed what %d ended process(es) left: %d file(s)", len(gone), files)
        return {"owners": len(gone), "files": files}

    # --- cases ----------------------------------------------------------------------

    def prepare(self, case: dict) -> dict:
        """Make a case this store's own: attachment paths are relative to the store."""
        case["_base_dir"] = str(self.root)
        return case

    def create(self, procedure: str, **fields) -> dict:
        from forms.case.model import SCHEMA_VERSION

        case = {"schema_version": SCHEMA_VERSION, "id": new_id(), "procedure": procedure, **fields}
        self.save(case)
        return self.prepare(case)

    def save(self, case: dict, summary: dict | None = None) -> None:
        """Insert or update the case (one committed transaction), if the stored case is
        still the version it was loaded at (case["_version"]; none: a new case). A given
        summary is cached with it; without one the cached summary is dropped, as it may be
        stale. Raises SaveConflict, CaseRemoved or NotSaved, and then changes nothing.
        To keep one's own version over theirs: set case["_version"] to theirs, save again."""
        if not case.get("id"):
            case["id"] = new_id()
        case_id, expected = case["id"], case.get("_version")
        from forms.case.model import full_name, to_json  # not needed to list the cases at start-up

        text = to_json(case)
        summary_text = _json().dumps(summary, ensure_ascii=False) if summary is not None else None
        now = _now()
        with self._writing():
            if self.db.execute("SELECT 1 FROM removed WHERE id=?", (case_id,)).fetchone():
                raise CaseRemoved(case_id)
            row = self.db.execute("SELECT version, json, deleted FROM cases WHERE id=?", (case_id,)).fetchone()
            if row is None:
                version = 1
                self.db.execute(
                    """INSERT INTO cases (id, json, name, procedure, created, modified, summary, version)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (case_id, text, full_name(case), case.get("procedure", ""), now, now, summary_text, version))
            else:
                if row[0] != expected:
                    theirs = None if row[2] else self.prepare({**_json().loads(row[1]), "_version": row[0]})
                    raise SaveConflict(case_id, theirs, row[0])
                version = row[0] + 1
                self.db.execute(
                    """UPDATE cases SET json=?, name=?, procedure=?, modified=?, summary=?, version=?,
                         deleted=NULL, deleted_by=NULL WHERE id=?""",
                    (text, full_name(case), case.get("procedure", ""), now, summary_text, version, case_id))
            paths = [att.get("path", "") for att in case.get("attachments", [])]
            if paths:  # its attachments are referred to now: no longer pending
                self.db.executemany("DELETE FROM pending_blobs WHERE owner=? AND path=?",
                                    [(self.owner.token, p) for p in paths])
        case["_version"] = version

    def version(self, case_id: str, include_deleted: bool = False) -> int | None:
        """The stored version of a case (None: removed, never saved, or deleted)."""
        sql = "SELECT version FROM cases WHERE id=?" + ("" if include_deleted else " AND deleted IS NULL")
        row = self.db.execute(sql, (case_id,)).fetchone()
        return row[0] if row else None

    def is_removed(self, case_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM removed WHERE id=?", (case_id,)).fetchone() is not None

    def data_version(self) -> int:
        """Changes when another connection (window, program) commits a change."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def set_summary(self, case_id: str, summary: dict, version: int | None = None) -> None:
        """Cache a summary (of that version of the case, if given: not over a newer one)."""
        sql = "UPDATE cases SET summary=? WHERE id=?" + (" AND version=?" if version is not None else "")
        args = (_json().dumps(summary, ensure_ascii=False), case_id) + ((version,) if version is not None else ())
        try:
            self.db.execute(sql, args)
        except sqlite3.OperationalError as exc:
            raise not_saved(exc, self.root) from None

    def exists(self, case_id: str, include_deleted: bool = False) -> bool:
        sql = "SELECT 1 FROM cases WHERE id=?" + ("" if include_deleted else " AND deleted IS NULL")
        return self.db.execute(sql, (case_id,)).fetchone() is not None

    def load(self, case_id: str) -> dict:
        row = self.db.execute("SELECT json, version FROM cases WHERE id=? AND deleted IS NULL", (case_id,)).fetchone()
        if row is None:
            if self.is_removed(case_id):
                raise CaseRemoved(case_id)
            raise StoreError(bi(N_("No case with the id {id} in the case store."), id=case_id))
        return self.prepare({**_json().loads(row[0]), "_version": row[1]})

    def load_json(self, case_id: str) -> str:
        return self.db.execute("SELECT json FROM cases WHERE id=?", (case_id,)).fetchone()[0]

    def rows(self, first: int | None = None) -> list[CaseRow]:
        """The list rows; `first`: only that many, soonest next deadline first (the first
        screen of a big list, shown before the rest is read)."""
        if first is None:
            return [_row(values) for values in self.db.execute(_ROW_SQL)]
        return [_row(values) for values in self.db.execute(_SOONEST, (first,))]

    def row(self, case_id: str) -> CaseRow | None:
        """One case's list row (after a save: not the whole list again)."""
        values = self.db.execute(_ROW_SQL + " AND id=?", (case_id,)).fetchone()
        return _row(values) if values else None

    def duplicate(self, case_id: str) -> dict:
        """A copy under a new id; attachments are shared (content-addressed)."""
        case = self.load(case_id)
        case["id"] = new_id()
        case.pop("_version", None)
        self.save(case)
        return case

    # --- delete and undo -------------------------------------------------------------

    def delete(self, case_id: str) -> None:
        """Soft delete, undoable by this process until it closes (another window's purge
        leaves it alone). A window with the case open gets a SaveConflict on its next save."""
        with self._writing():
            self.db.execute("UPDATE cases SET deleted=?, deleted_by=?, version=version+1 WHERE id=? AND deleted IS NULL",
                            (_now(), self.owner.token, case_id))

    def restore(self, case_id: str) -> None:
        with self._writing():
            n = self.db.execute("UPDATE cases SET deleted=NULL, deleted_by=NULL, version=version+1 "
                                "WHERE id=? AND deleted IS NOT NULL", (case_id,)).rowcount
        if not n and not self.exists(case_id):
            raise StoreError(bi(N_("This case cannot be restored: it was removed for good in another window or program.")))

    def _bury(self, case_ids) -> None:
        """Delete rows for good and leave their tombstones (inside a write transaction)."""
        now = _now()
        for case_id in case_ids:
            row = self.db.execute("SELECT version FROM cases WHERE id=?", (case_id,)).fetchone()
            self.db.execute("DELETE FROM cases WHERE id=?", (case_id,))
            self.db.execute("INSERT OR REPLACE INTO removed (id, version, removed) VALUES (?, ?, ?)",
                            (case_id, (row[0] if row else 0) + 1, now))

    def purge_deleted(self) -> int:
        """Remove for good the cases this process deleted (or a process that is gone), and
        the attachments no case refers to any more. Another window's deletions stay
        undoable there."""
        shas = set()
        with self._writing():
            ids = []
            for cid, text, by in self.db.execute("SELECT id, json, deleted_by FROM cases WHERE deleted IS NOT NULL").fetchall():
                if by in (None, self.owner.token) or not owners.alive(self.root, by):
                    ids.append(cid)
                    shas |= _shas(_json().loads(text))
            self._bury(ids)
        if ids:
            self.collect_garbage()
            purge_inspection_cache(shas - self._shas_in_use())
            self.checkpoint()
        return len(ids)

    def remove_for_good(self, case_id: str) -> dict:
        """"Remove this person's data": the case, the attachments no other case uses and
        their cached inspection results, at once and for good. The database is rebuilt
        (VACUUM) and its write-ahead log emptied, so that none of the case's values is left
        in the files on disk, the logs included; a tombstone (the id only) makes any later
        save of it fail. Returns counts of what was removed."""
        with self._writing():
            row = self.db.execute("SELECT json FROM cases WHERE id=?", (case_id,)).fetchone()
            if row is None:
                raise StoreError(bi(N_("No case with the id {id} in the case store."), id=case_id))
            self._bury([case_id])
        case = _json().loads(row[0])
        # its attachments, any left unreferenced by an earlier crash, and stray partial copies
        files = self.collect_garbage()
        cached = purge_inspection_cache(_shas(case) - self._shas_in_use())
        try:
            self.db.execute("VACUUM")
            self.checkpoint()
        except sqlite3.OperationalError as exc:
            raise not_saved(exc, self.root) from None
        from forms.common.logs import scrub

        scrub(case, self.root)  # its values and file names out of the log files too
        return {"attachments": files, "cache": cached}

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database and truncate it to nothing."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _shas_in_use(self) -> set[str]:
        out = set()
        for (text,) in self.db.execute("SELECT json FROM cases"):
            out |= _shas(_json().loads(text))
        return out

    def referenced(self) -> set[str]:
        keep = set()
        for (text,) in self.db.execute("SELECT json FROM cases"):
            for att in _json().loads(text).get("attachments", []):
                keep.add(att.get("path", ""))
        return keep

    # --- attachments -----------------------------------------------------------------

    def _lease(self, rel: str) -> None:
        """Before an attachment is copied in: no collection removes it until the case that
        refers to it is saved, or this process ends. Its own connection: the app copies
        files in on a worker thread."""
        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=5)
            try:
                db.execute("PRAGMA synchronous=FULL")
                with db:  # one committed transaction
                    db.execute("INSERT OR IGNORE INTO pending_blobs (path, owner) VALUES (?, ?)", (rel, self.owner.token))
            finally:
                db.close()
        except sqlite3.OperationalError as exc:
            raise not_saved(exc, self.root) from None

    def collect_garbage(self) -> int:
        """Remove the attachments no case and no live process refers to, and the partial
        copies of processes that are gone. Runs inside a write transaction: no save or
        lease can slip in between reading the references and removing the files."""
        with self._writing():
            keep = self.referenced()
            live = {self.owner.token}
            for path, owner in self.db.execute("SELECT path, owner FROM pending_blobs").fetchall():
                if owner in live or owners.alive(self.root, owner):
                    live.add(owner)
                    keep.add(path)
                else:
                    self.db.execute("DELETE FROM pending_blobs WHERE owner=?", (owner,))
            return self.blobs.collect_garbage(keep, lambda token: token in live or owners.alive(self.root, token))

    def attach(self, case: dict, requirement: str, source: Path) -> dict:
        """Copy `source` into the store and attach it to the case's `requirement`. The same
        content attached twice to one requirement is kept once. Returns the attachment."""
        source = Path(source)
        sha, rel = self.blobs.add(source)
        atts = case.setdefault("attachments", [])
        for att in atts:
            if att.get("requirement") == requirement and att.get("sha256") == sha:
                return att
        att = {"requirement": requirement, "path": rel, "sha256": sha, "label": source.name[:200]}
        atts.append(att)
        return att


__all__ = ["CaseRemoved", "CaseRow", "CaseStore", "NotSaved", "SaveConflict", "StoreError"]
