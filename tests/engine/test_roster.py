"""Roster import (forms.office.roster, `shebao import`): a generated 1,000-row XLSX roster with 5 %
bad rows, every good row imported, every bad one reported with its row and column; a
re-import changes nothing; a changed row updates its case and says what changed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from forms.office.roster import RosterError, guess_mapping, header, import_roster, read_table, save_template
from forms.store import CaseStore
from tests.conftest import TODAY
from tests.roster_maker import COLUMNS, make_roster


@pytest.fixture(scope="module")
def roster(tmp_path_factory):
    path = tmp_path_factory.mktemp("roster") / "staff.xlsx"
    return path, make_roster(path, 1000)


def test_thousand_rows_with_bad_ones_then_reimport_changes_nothing(roster, tmp_path):
    path, bad = roster
    store = CaseStore(tmp_path / "s")
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    assert [mapping[i] for i in range(len(COLUMNS))] == COLUMNS  # the template's headers are recognised
    result = import_roster(store, table, mapping, TODAY)
    assert len(bad) == 50 and len(result.created) == 950 and result.refused_rows == sorted(bad)
    for p in result.problems:  # each bad row: its row, its column, a problem and a fix
        assert (p.column, p.message["en"]) and p.column == bad[p.row][0], p
        assert p.fix["en"] and p.fix["zh"]
    assert len(store.rows()) == 950
    row = next(r for r in store.rows() if r.name == "EMPLOYEE00000 ALEX")
    case = store.load(row.id)
    assert case["person"]["passport"] == {"number": "P0000000", "expiry": "2027-12-06"}
    assert case["employment"]["document_processed"] == "2026-11-01" and case["employment"]["monthly_wage"] == 15000
    assert row.summary["key"] and row.next_date  # the list's status is there at once

    again = import_roster(store, read_table(path), mapping, TODAY)
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 950)
    assert len(store.rows()) == 950
    store.close()


def test_changed_row_updates_its_case_and_says_what_changed(tmp_path):
    path = tmp_path / "r.csv"
    make_roster(path, 3)
    store = CaseStore(tmp_path / "s")
    table = read_table(path)
    import_roster(store, table, guess_mapping(table.headers), TODAY)
    text = path.read_text(encoding="utf-8").replace("2027-12-07", "2030-01-01")  # row 3's passport expiry
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    result = import_roster(store, table, guess_mapping(table.headers), TODAY)
    assert [(u["row"], u["changes"]) for u in result.updated] == [
        (3, [{"field": "person.passport.expiry", "old": "2027-12-07", "new": "2030-01-01"}])]
    assert len(result.unchanged) == 2 and len(store.rows()) == 3
    store.close()


def test_mapping_remembered_and_template_round_trip(tmp_path):
    assert guess_mapping(["Pass No", "护照号码", "Surname"], {"Pass No": "person.passport.number"}) == {
        0: "person.passport.number", 2: "person.surname"}  # one column per field
    for name in ("t.xlsx", "t.csv"):
        table = read_table(save_template(tmp_path / name))
        assert table.rows == [] and table.headers[0] == header("person.surname") == "姓（与护照一致） Surname (as in the passport)"
        assert len(guess_mapping(table.headers)) == len(table.headers)


def test_unreadable_rosters_are_clear_errors(tmp_path):
    (tmp_path / "zip.xlsx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.csv").write_text("\n\n", encoding="utf-8")
    for name in ("zip.xlsx", "bin.csv", "empty.csv", "missing.csv"):
        with pytest.raises(RosterError) as err:
            read_table(tmp_path / name)
        assert name in err.value.message["en"] and err.value.message["zh"]


def test_cli_import_reports_rows_and_exit_codes(roster, tmp_path):
    path, bad = roster
    cmd = [sys.executable, "-m", "forms", "import", str(path), "--store", str(tmp_path / "s"), "--on", "2026-11-29"]
    r = subprocess.run([*cmd, "--json"], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr  # some rows refused
    out = json.loads(r.stdout)
    assert len(out["created"]) == 950 and out["refused_rows"] == sorted(bad)
    r = subprocess.run([*cmd, "--lang", "en"], capture_output=True, text=True)
    assert r.stdout.startswith("0 created, 0 updated, 950 unchanged, 50 rows refused.")
    assert "row 21, column “就业证件办理日期" in r.stdout and "fix: Write the date as YYYY-MM-DD" in " ".join(r.stdout.split())
    r = subprocess.run([sys.executable, "-m", "forms", "import", str(tmp_path / "nope.xlsx"), "--store",
                        str(tmp_path / "s")], capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "nope.xlsx" in r.stderr
