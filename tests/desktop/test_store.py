"""The case store, the attachment store and the .shebao archive (Qt-free)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from forms.case.model import load_case
from forms.verdict.report import build_report
from forms.store import CaseStore, StoreError
from forms.store.archive import ImportConflict, export_case, import_case
from forms.store.cases import DB_VERSION

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ON = dt.date(2026, 11, 29)


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def stored_example(store: CaseStore, name: str, scans_from: Path | None = None) -> dict:
    """An example case put into the store the way the app does: attachments copied in."""
    case = load_case(EXAMPLES / name)
    base = Path(case.pop("_base_dir"))
    atts = case.pop("attachments", [])
    for att in atts:
        store.attach(case, att["requirement"], (scans_from or base) / att["path"])
    store.save(case)
    return store.prepare(case)


@pytest.fixture
def store(tmp_path):
    s = CaseStore(tmp_path / "data")
    yield s
    s.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_store_is_owner_only_even_with_a_loose_umask(tmp_path):
    old = os.umask(0o022)
    try:
        s = CaseStore(tmp_path / "data")
        stored_example(s, "registration-dispatched-de.json")
    finally:
        os.umask(old)
    root = tmp_path / "data"
    files = [p for p in root.rglob("*") if p.is_file()]
    dirs = [root] + [p for p in root.rglob("*") if p.is_dir()]
    assert any(p.name.endswith("-wal") for p in files)
    assert {mode(p) for p in files} == {0o600}, [(p, oct(mode(p))) for p in files]
    assert {mode(p) for p in dirs} == {0o700}
    s.close()


def test_wal_and_schema_version(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == DB_VERSION == 2


def test_newer_database_is_refused_with_a_clear_message(tmp_path):
    s = CaseStore(tmp_path / "d")
    s.db.execute("PRAGMA user_version=99")
    s.close()
    with pytest.raises(StoreError) as err:
        CaseStore(tmp_path / "d")
    assert "newer Shebao Desk" in err.value.message["en"] and "更新" in err.value.message["zh"]


def test_garbage_database_is_refused(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "cases.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as err:
        CaseStore(tmp_path / "d")
    assert "cannot be opened" in err.value.message["en"]


def test_attachments_are_copied_and_deduplicated(store, tmp_path):
    scans = tmp_path / "scans"
    shutil.copytree(EXAMPLES / "scans", scans)
    case = stored_example(store, "registration-dispatched-de.json", scans_from=tmp_path)
    # the same content under another name, on another requirement: one stored file
    twin = tmp_path / "copy of passport.JPG"
    shutil.copy(scans / "mueller-passport.jpg", twin)
    store.attach(case, "reg.residence_permit", twin)
    again = store.attach(case, "reg.passport", scans / "mueller-passport.jpg")
    assert sum(1 for a in case["attachments"] if a["requirement"] == "reg.passport") == 1
    store.save(case)
    assert len(store.blobs.all_relpaths()) == 7
    assert again["path"].endswith(".jpg") and again["label"] == "mueller-passport.jpg"
    # the originals go away: nothing is lost
    shutil.rmtree(scans)
    twin.unlink()
    loaded = store.load(case["id"])
    report = build_report(loaded, ON)
    assert report.ready, [f.code for f in report.findings]
    assert not [f for f in report.findings if f.code == "ATTACHMENT_FILE_MISSING"]


def test_list_rows_delete_restore_and_purge(store):
    a = stored_example(store, "registration-dispatched-de.json")
    b = stored_example(store, "departure-refund.json")
    assert {r.name for r in store.rows()} == {"MÜLLER JONAS", "HARRIS EMILY ROSE"}
    store.delete(a["id"])
    assert [r.id for r in store.rows()] == [b["id"]]
    store.restore(a["id"])
    assert len(store.rows()) == 2
    store.delete(a["id"])
    before = len(store.blobs.all_relpaths())
    assert store.purge_deleted() == 1
    assert not store.exists(a["id"], include_deleted=True)
    # Müller's scans went with him; Harris's stay
    assert len(store.blobs.all_relpaths()) == before - 7
    assert build_report(store.load(b["id"]), ON).ready


def test_duplicate_shares_attachments(store):
    a = stored_example(store, "departure-refund.json")
    b = store.duplicate(a["id"])
    assert b["id"] != a["id"] and b["person"] == a["person"]
    assert [x["path"] for x in b["attachments"]] == [x["path"] for x in a["attachments"]]
    store.delete(a["id"])
    store.purge_deleted()
    assert build_report(store.load(b["id"]), ON).ready


def test_export_import_round_trip(store, tmp_path):
    case = stored_example(store, "registration-dispatched-de.json")
    out = export_case(store, case["id"], tmp_path / "usb" / "mueller.shebao")
    if os.name == "posix":
        assert mode(out) == 0o600
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
    assert {"manifest.json", "case.json"} <= names and len(names) == 9

    other = CaseStore(tmp_path / "other-pc")
    imported = import_case(other, out)
    assert imported["id"] == case["id"]
    strip = lambda c: {k: v for k, v in c.items() if k not in ("attachments",) and not k.startswith("_")}
    assert strip(imported) == strip(case)
    assert [a["sha256"] for a in imported["attachments"]] == [a["sha256"] for a in case["attachments"]]
    report = build_report(other.load(case["id"]), ON)
    assert report.ready and all(report.status(r) == "attached" for r in report.requirements if not r.form)
    other.close()


def test_import_never_overwrites_silently(store, tmp_path):
    case = stored_example(store, "departure-refund.json")
    out = export_case(store, case["id"], tmp_path / "harris.shebao")
    case["person"]["phone"] = "+86 100"
    store.save(case)
    with pytest.raises(ImportConflict) as err:
        import_case(store, out)
    assert "HARRIS EMILY ROSE" in err.value.message["en"]
    assert store.load(case["id"])["person"]["phone"] == "+86 100"
    copy = import_case(store, out, on_conflict="copy")
    assert copy["id"] != case["id"] and len(store.rows()) == 2
    replaced = import_case(store, out, on_conflict="replace")
    assert replaced["person"]["phone"] != "+86 100" and len(store.rows()) == 2


def _zip(path: Path, members: dict) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes(b"%PDF-1.4 not a zip"), "not a zip"),
    (lambda p: _zip(p, {"readme.txt": "hi"}), "no manifest"),
    (lambda p: _zip(p, {"manifest.json": '{"format": "other"}', "case.json": "{}"}), "unknown format"),
    (lambda p: _zip(p, {"manifest.json": '{"format": "shebao-case", "format_version": 7}', "case.json": "{}"}), "newer"),
    (lambda p: _zip(p, {"manifest.json": '{"format": "shebao-case", "format_version": 1, "files": {"../../etc/passwd": "00"}}',
                        "case.json": "{}"}), "unexpected member"),
    (lambda p: _zip(p, {"manifest.json": '{"format": "shebao-case", "format_version": 1, "files": {}}',
                        "case.json": '{"schema_version": 1, "procedure": "holiday"}'}), "invalid case"),
    (lambda p: _zip(p, {"manifest.json": '{"format": "shebao-case", "format_version": 1, "files": {}}',
                        "case.json": "{not json"}), "unreadable case.json"),
])
def test_bad_or_foreign_files_are_refused_clearly(store, tmp_path, make, words):
    bad = tmp_path / "bad.shebao"
    make(bad)
    with pytest.raises(StoreError) as err:
        import_case(store, bad)
    assert words in err.value.message["en"]
    assert err.value.message["zh"] != err.value.message["en"]
    assert store.rows() == []


def test_tampered_attachment_is_refused(store, tmp_path):
    case = stored_example(store, "departure-refund.json")
    out = export_case(store, case["id"], tmp_path / "a.shebao")
    tampered = tmp_path / "t.shebao"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("attachments/") and info.filename.endswith(".jpg"):
                data = data[:-10] + b"0123456789"
            dst.writestr(info, data)
    other = CaseStore(tmp_path / "o")
    with pytest.raises(StoreError) as err:
        import_case(other, tampered)
    assert "checksum" in err.value.message["en"] and other.rows() == []
    other.close()


def test_summary_is_cached_with_the_row(store):
    from forms.verdict.summary import case_summary

    case = stored_example(store, "registration-dispatched-de.json")
    summary = case_summary(case, ON)
    store.save(case, summary)
    row = store.rows()[0]
    assert row.summary["ready"] is True and row.summary["deadlines"][0]["kind"] == "registration"
    assert row.summary["deadlines"][0]["date"] == "2026-12-16"
    json.dumps(row.summary)


def test_the_store_and_the_engine_import_no_qt():
    """forms/ (the store included) stays Qt-free: the CLI and the tests use it without Qt."""
    import ast

    offenders = []
    for path in sorted((ROOT / "forms").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")]
    assert not offenders, offenders


def test_a_store_of_the_first_layout_is_upgraded_in_place(tmp_path):
    import sqlite3

    from forms.store.cases import _SCHEMA

    root = tmp_path / "old"
    root.mkdir()
    db = sqlite3.connect(root / "cases.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(_SCHEMA)
    db.execute("INSERT INTO cases (id, json, name, procedure, created, modified) VALUES "
               "('a1', '{\"id\": \"a1\", \"procedure\": \"registration\"}', '', 'registration', 'x', 'x')")
    db.execute("PRAGMA user_version=1")
    db.close()
    s = CaseStore(root)
    assert s.db.execute("PRAGMA user_version").fetchone()[0] == DB_VERSION
    case = s.load("a1")
    assert case["_version"] == 1
    case["procedure"] = "departure"
    s.save(case)
    assert case["_version"] == 2 and s.load("a1")["procedure"] == "departure"
    s.close()


def test_a_batch_of_saves_is_one_transaction_all_or_none(store):
    from forms.store.conflicts import SaveConflict

    first = store.create("registration", person={"surname": "ONE"})
    stale = store.load(first["id"])
    first["person"]["surname"] = "ONE B"
    store.save(first)
    with pytest.raises(SaveConflict):
        with store.batch():
            store.save({"procedure": "registration", "person": {"surname": "TWO"}})
            store.save(stale)  # a conflict: the whole batch is rolled back
    assert [r.name for r in store.rows()] == ["ONE B"]
    with store.batch():
        for n in range(3):
            store.save({"procedure": "registration", "person": {"surname": f"N{n}"}})
    assert len(store.rows()) == 4
