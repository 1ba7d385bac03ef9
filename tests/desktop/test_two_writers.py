"""Two real processes on one store (two app windows, or a window and a `shebao` command):
no lost update, a conflict is reported with both versions, a removed person stays removed
(not a byte of them back in the database files), a deletion stays undoable in the window
that made it, and no import loses an attachment while another process collects garbage.
Each scenario runs ROUNDS times. The store alone shows these; the app's conflict dialog is
tested in test_conflicts.py."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from forms.store import CaseStore

from tests.archive_maker import make_archives

from .conftest import ROOT

ROUNDS = 20
pytestmark = pytest.mark.skipif(os.name != "posix", reason="subprocess pipes and flock")


class Worker:
    """A store_worker process: ask() sends one command and returns its answer."""

    def __init__(self, root: Path):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SHEBAO_CACHE_DIR": "off"}
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.desktop.store_worker", str(root)], cwd=ROOT,
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.token = json.loads(self.proc.stdout.readline())["ready"]

    def send(self, **cmd) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def answer(self) -> dict:
        line = self.proc.stdout.readline()
        assert line, "the worker died"
        return json.loads(line)

    def ask(self, **cmd) -> dict:
        self.send(**cmd)
        return self.answer()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send(do="quit")
            self.proc.wait(30)


@pytest.fixture
def shared(tmp_path):
    root = tmp_path / "data"
    CaseStore(root).close()
    workers = [Worker(root), Worker(root)]
    yield root, workers
    for w in workers:
        w.close()


def stored_json(root: Path, case_id: str):
    db = sqlite3.connect(root / "cases.sqlite3")
    try:
        row = db.execute("SELECT json, version FROM cases WHERE id=?", (case_id,)).fetchone()
    finally:
        db.close()
    return (json.loads(row[0]), row[1]) if row else (None, None)


def new_case(root: Path, **fields) -> str:
    store = CaseStore(root)
    try:
        return store.create("registration", **fields)["id"]
    finally:
        store.close()


def test_the_later_save_gets_a_conflict_with_both_versions_never_an_overwrite(shared):
    root, (a, b) = shared
    case_id = new_case(root, person={"surname": "NOVAK"})
    for i in range(ROUNDS):
        va, vb = a.ask(do="load", id=case_id), b.ask(do="load", id=case_id)
        assert va["version"] == vb["version"]
        a.ask(do="set", field="person.given_names", value=f"A{i}")
        b.ask(do="set", field="person.given_names", value=f"B{i}")
        assert a.ask(do="save")["ok"]
        clash = b.ask(do="save")
        assert clash["error"] == "conflict"
        assert clash["theirs"]["person"]["given_names"] == f"A{i}"  # theirs, to show beside mine
        assert stored_json(root, case_id)[0]["person"]["given_names"] == f"A{i}"  # nothing overwritten
        if i % 2:  # "keep mine": a deliberate save over the version just seen
            assert b.ask(do="keep_mine", version=clash["version"])["ok"]
            assert stored_json(root, case_id)[0]["person"]["given_names"] == f"B{i}"


def test_concurrent_edits_lose_no_update(shared):
    root, (a, b) = shared
    case_id = new_case(root, counter=0)
    a.send(do="increment", id=case_id, times=ROUNDS * 2)
    b.send(do="increment", id=case_id, times=ROUNDS * 2)
    ra, rb = a.answer(), b.answer()
    assert ra["ok"] and rb["ok"]
    case, version = stored_json(root, case_id)
    assert case["counter"] == ROUNDS * 4  # every save counted, whatever the interleaving
    assert version == 1 + ROUNDS * 4


def test_a_person_removed_in_one_window_is_not_written_back_by_the_other(shared):
    root, (a, b) = shared
    for i in range(ROUNDS):
        number = f"E{i:02d}7731904"
        case_id = new_case(root, person={"surname": f"KOWALSKA{i:02d}", "passport": {"number": number}})
        assert a.ask(do="load", id=case_id)["ok"]
        b.ask(do="remove", id=case_id)
        a.ask(do="set", field="person.given_names", value="ANNA")  # typed after the removal
        assert a.ask(do="save") == {"error": "removed"}
        assert a.ask(do="load", id=case_id) == {"error": "removed"}
        raw = b"".join(p.read_bytes() for p in sorted(root.glob("cases.sqlite3*")))
        assert number.encode() not in raw and f"KOWALSKA{i:02d}".encode() not in raw
        assert stored_json(root, case_id) == (None, None)
    db = sqlite3.connect(root / "cases.sqlite3")
    columns = [r[1] for r in db.execute("PRAGMA table_info(removed)")]
    assert columns == ["id", "version", "removed"]  # a tombstone holds no personal data
    assert db.execute("SELECT count(*) FROM removed").fetchone()[0] == ROUNDS
    db.close()


def test_a_deletion_stays_undoable_when_another_window_closes(shared):
    root, (a, b) = shared
    for i in range(ROUNDS):
        case_id = new_case(root, person={"surname": f"LEE{i}"})
        b.ask(do="load", id=case_id)
        a.ask(do="delete", id=case_id)
        assert b.ask(do="purge")["purged"] == 0  # another window's deletion is not its to purge
        assert a.ask(do="restore", id=case_id)["ok"]  # the undo still works
        assert stored_json(root, case_id)[0]["person"]["surname"] == f"LEE{i}"
        clash = b.ask(do="save")  # b still holds the version from before the delete
        assert clash["error"] == "conflict"
    a.ask(do="delete", id=case_id)
    assert a.ask(do="purge")["purged"] == 1  # its own deletions go when it closes


def test_no_import_loses_an_attachment_while_another_process_collects(shared, tmp_path):
    root, (importer, remover) = shared
    archives = make_archives(tmp_path, ROUNDS + 5)
    scan = tmp_path / "churn.jpg"
    scan.write_bytes(os.urandom(50_000))
    stop = tmp_path / "stop"
    remover.send(do="churn", until=str(stop), scan=str(scan))  # removes and collects, again and again
    imported = importer.ask(do="import", paths=[str(p) for p in archives])
    stop.touch()
    churn = remover.answer()
    assert imported.get("ok") and churn.get("ok"), (imported, churn)
    assert churn["rounds"] > 0
    lost = []
    for case_id in imported["ids"]:
        case, _v = stored_json(root, case_id)
        for att in case["attachments"]:
            path = root / att["path"]
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != att["sha256"]:
                lost.append(att["path"])
    assert lost == []
    assert len(imported["ids"]) == ROUNDS + 5
