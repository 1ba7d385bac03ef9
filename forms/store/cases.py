"""The case store: one SQLite database (standard library) of cases kept as their JSON.

Every save is one committed transaction (WAL, synchronous=FULL): a crash or a kill right
after a save loses nothing. The list columns (name, procedure, a cached status summary)
sit beside the JSON so that the case list reads 1,000 cases without parsing any case.
Deleting is soft until purged, so that it can be undone.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from forms.case.model import SCHEMA_VERSION, full_name, to_json
from forms.common.i18n import N_, bi
from forms.store.blobs import BlobStore
from forms.common.files import StoreError, data_dir, private_dir, touch_private

DB_NAME = "cases.sqlite3"
DB_VERSION = 1  # PRAGMA user_version of the database layout

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
    def __init__(self, root: Path | None = None):
        self.root = private_dir(Path(root) if root else data_dir())
        self.blobs = BlobStore(self.root)
        self.path = touch_private(self.root / DB_NAME)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=5)
            self.db.execute("PRAGMA synchronous=FULL")
            # deleted rows are overwritten with zeros, not left in free pages
            self.db.execute("PRAGMA secure_delete=ON")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > DB_VERSION:
                raise StoreError(bi(N_("The case store {path} was made by a newer Shebao Desk: update the app to open it."),
                                    path=str(self.path)))
            if version < DB_VERSION:  # a new store (WAL mode is kept in the file)
                self.db.execute("PRAGMA journal_mode=WAL")
                with self.db:
                    self.db.executescript(_SCHEMA)
                    self.db.execute(f"PRAGMA user_version={DB_VERSION}")
            self.db.execute(_NEXT_INDEX)  # also in a store made before it (made once, kept)
        except sqlite3.DatabaseError as exc:
            raise StoreError(bi(N_("The case store {path} cannot be opened: {problem}"),
                                path=str(self.path), problem=str(exc))) from None

    def close(self) -> None:
        self.db.close()

    # --- cases ----------------------------------------------------------------------

    def prepare(self, case: dict) -> dict:
        """Make a case this store's own: attachment paths are relative to the store."""
        case["_base_dir"] = str(self.root)
        return case

    def create(self, procedure: str, **fields) -> dict:
        case = {"schema_version": SCHEMA_VERSION, "id": new_id(), "procedure": procedure, **fields}
        self.save(case)
        return self.prepare(case)

    def save(self, case: dict, summary: dict | None = None) -> None:
        """Insert or update the case (one committed transaction). A given summary is cached
        with it; without one the cached summary is dropped, as it may be stale."""
        if not case.get("id"):
            case["id"] = new_id()
        now = _now()
        self.db.execute(
            """INSERT INTO cases (id, json, name, procedure, created, modified, summary)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET json=excluded.json, name=excluded.name,
                 procedure=excluded.procedure, modified=excluded.modified,
                 summary=excluded.summary, deleted=NULL""",
            (case["id"], to_json(case), full_name(case), case.get("procedure", ""), now, now,
             _json().dumps(summary, ensure_ascii=False) if summary is not None else None))

    def set_summary(self, case_id: str, summary: dict) -> None:
        self.db.execute("UPDATE cases SET summary=? WHERE id=?",
                        (_json().dumps(summary, ensure_ascii=False), case_id))

    def exists(self, case_id: str, include_deleted: bool = False) -> bool:
        sql = "SELECT 1 FROM cases WHERE id=?" + ("" if include_deleted else " AND deleted IS NULL")
        return self.db.execute(sql, (case_id,)).fetchone() is not None

    def load(self, case_id: str) -> dict:
        row = self.db.execute("SELECT json FROM cases WHERE id=? AND deleted IS NULL", (case_id,)).fetchone()
        if row is None:
            raise StoreError(bi(N_("No case with the id {id} in the case store."), id=case_id))
        return self.prepare(_json().loads(row[0]))

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
        self.save(case)
        return case

    # --- delete and undo -------------------------------------------------------------

    def delete(self, case_id: str) -> None:
        self.db.execute("UPDATE cases SET deleted=? WHERE id=?", (_now(), case_id))

    def restore(self, case_id: str) -> None:
        self.db.execute("UPDATE cases SET deleted=NULL WHERE id=?", (case_id,))

    def purge_deleted(self) -> int:
        """Remove deleted cases for good, and the attachments no case refers to any more."""
        shas = set()
        for (text,) in self.db.execute("SELECT json FROM cases WHERE deleted IS NOT NULL"):
            shas |= _shas(_json().loads(text))
        with self.db:
            n = self.db.execute("DELETE FROM cases WHERE deleted IS NOT NULL").rowcount
        if n:
            self.blobs.collect_garbage(self.referenced())
            purge_inspection_cache(shas - self._shas_in_use())
            self.checkpoint()
        return n

    def remove_for_good(self, case_id: str) -> dict:
        """"Remove this person's data": the case, the attachments no other case uses and
        their cached inspection results, at once and for good. The database is rebuilt
        (VACUUM) and its write-ahead log emptied, so that none of the case's values is left
        in the files on disk. Returns counts of what was removed."""
        row = self.db.execute("SELECT json FROM cases WHERE id=?", (case_id,)).fetchone()
        if row is None:
            raise StoreError(bi(N_("No case with the id {id} in the case store."), id=case_id))
        case = _json().loads(row[0])
        paths = {att.get("path", "") for att in case.get("attachments", [])}
        with self.db:
            self.db.execute("DELETE FROM cases WHERE id=?", (case_id,))
        keep = self.referenced()
        files = 0
        for rel in paths - keep:
            if rel and self.blobs.path(rel).is_file():
                self.blobs.path(rel).unlink()
                files += 1
        # also any blob left unreferenced by an earlier crash, and stray temporary files
        files += self.blobs.collect_garbage(keep)
        cached = purge_inspection_cache(_shas(case) - self._shas_in_use())
        self.db.execute("VACUUM")
        self.checkpoint()
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
