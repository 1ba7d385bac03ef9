"""Bring the cached status summaries of a case store up to date: those computed for another
day (a new day moves deadlines; new rules may change findings) or never computed.

Runs on its own SQLite connection so that the app can call it in a worker thread while the
window keeps its own; it hands back each batch as it is stored, so that the case list
applies them in batches. A case saved meanwhile keeps the summary its save gave it (the
update only applies to the version that was read).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

BATCH = 250
SMALL = 100  # up to this many stale summaries are computed in the calling thread: no child process
_STALE = "SELECT id FROM cases WHERE deleted IS NULL AND (summary IS NULL OR json_extract(summary, '$.key') IS NOT ?)"


def stale_count(db_path: Path, today: dt.date) -> int:
    from forms.verdict.summary import summary_key

    db = sqlite3.connect(db_path, timeout=30)
    try:
        return db.execute(f"SELECT count(*) FROM ({_STALE})", (summary_key(today),)).fetchone()[0]
    finally:
        db.close()


def refresh_summaries(db_path: Path, root: str, today: dt.date, *, on_batch=None, cancel=None,
                      progress=None, batch: int = BATCH) -> int:
    """Recompute the stale summaries; returns how many were stored. `on_batch(list of (id,
    summary))` after each batch is stored, `progress(done, total)`, `cancel.is_set()`
    between batches and cases."""
    from forms.verdict.summary import case_summary, summary_key

    key = summary_key(today)
    db = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    try:
        stale = [cid for (cid,) in db.execute(_STALE, (key,))]
        done = 0
        for start in range(0, len(stale), batch):
            ids = stale[start:start + batch]
            rows = db.execute(f"SELECT id, json, modified FROM cases WHERE id IN ({','.join('?' * len(ids))})",
                              ids).fetchall()
            results = []
            for cid, text, modified in rows:
                if cancel is not None and cancel.is_set():
                    break
                case = json.loads(text)
                case["_base_dir"] = root
                results.append((cid, modified, case_summary(case, today)))
            db.execute("BEGIN IMMEDIATE")  # one commit per batch (the connection autocommits otherwise)
            db.executemany("UPDATE cases SET summary=? WHERE id=? AND modified=?",
                           [(json.dumps(s, ensure_ascii=False), cid, modified) for cid, modified, s in results])
            db.execute("COMMIT")
            done += len(results)
            if on_batch is not None and results:
                on_batch([(cid, s) for cid, _m, s in results])
            if progress is not None:
                progress(done, len(stale))
            if cancel is not None and cancel.is_set():
                break
        return done
    finally:
        db.close()


def refresh_in_process(db_path: Path, root: str, today: dt.date, *, on_batch=None, cancel=None,
                       progress=None) -> int:
    """refresh_summaries in a child process ("spawn"), handing on its batches as they come.
    For the app: the calling (worker) thread only waits on the pipe, so the UI thread never
    competes with the computation for Python's interpreter lock (a thread doing the work
    made the window stall ~150 ms at a time with 10,000 cases). Cancel ends the child; the
    batches stored before it stay. Returns how many summaries were stored. A few stale
    summaries (SMALL) are computed here, without starting a process; none, nothing at all."""
    import multiprocessing as mp

    n = stale_count(db_path, today)
    if n <= SMALL:
        return refresh_summaries(db_path, root, today, on_batch=on_batch, cancel=cancel, progress=progress) if n else 0

    from forms.inspection.worker import _main_module_hidden

    ctx = mp.get_context("spawn")
    conn, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, str(db_path), root, today), daemon=True,
                       name="shebao-summaries")
    with _main_module_hidden():
        proc.start()
    child.close()
    done = 0
    try:
        while not (cancel is not None and cancel.is_set()):
            if not conn.poll(0.1):
                if not proc.is_alive() and not conn.poll():
                    raise RuntimeError(f"the summary process ended early (exit {proc.exitcode})")
                continue
            try:
                kind, *value = conn.recv()
            except EOFError:  # the child is gone without a word
                raise RuntimeError(f"the summary process ended early (exit {proc.exitcode})") from None
            if kind == "batch":
                done += len(value[0])
                if on_batch is not None:
                    on_batch(value[0])
            elif kind == "progress" and progress is not None:
                progress(*value)
            elif kind == "error":
                raise RuntimeError(value[0])
            elif kind == "done":
                break
    finally:
        if proc.is_alive() and cancel is not None and cancel.is_set():
            proc.kill()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join(2)
        conn.close()
    return done


def _child(conn, db_path: str, root: str, today: dt.date) -> None:
    try:
        n = refresh_summaries(Path(db_path), root, today, on_batch=lambda b: conn.send(("batch", b)),
                              progress=lambda d, t: conn.send(("progress", d, t)))
        conn.send(("done", n))
    except Exception as exc:  # noqa: BLE001 - reported by the parent, which logs it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
