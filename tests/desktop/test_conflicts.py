"""The window against another process on its store: a conflict is shown with both versions
and resolved only by the user (keep mine / take theirs / save mine as a copy); a case removed
for good elsewhere is closed unsaved, never written back. Store-level rounds are in
test_two_writers.py."""

from __future__ import annotations

import os
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.conflict_dialog import PATH_ROLE, ConflictDialog
from forms.store import CaseStore

from .drive import click, key_text, new_case_button, page
from .test_two_writers import Worker, stored_json

pytestmark = pytest.mark.skipif(os.name != "posix", reason="subprocess pipes and flock")


@pytest.fixture
def other(data_dir):
    worker = Worker(data_dir)
    yield worker
    worker.close()


def open_new_case(window, qtbot, surname: str) -> str:
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    field = page(window, "person").fields["person.surname"]
    field.setFocus()
    key_text(field, surname)
    QTest.keyClick(field, Qt.Key.Key_Tab)  # leaving the field saves it
    assert not window.session.dirty
    return window.session.id


def type_given_names(window, text: str) -> None:
    field = page(window, "person").fields["person.given_names"]
    field.setFocus()
    field.clear()
    key_text(field, text)
    QTest.keyClick(field, Qt.Key.Key_Tab)


def conflict_shown(window, qtbot) -> ConflictDialog:
    qtbot.waitUntil(lambda: isinstance(window.dialog, ConflictDialog) and window.dialog.isVisible(), timeout=5000)
    return window.dialog


def rows(dialog: ConflictDialog) -> dict:
    """{field path: (this window's value, the other's)}; the path is the first column's data."""
    t = dialog.table
    return {t.item(r, 0).data(PATH_ROLE): (t.item(r, 1).text(), t.item(r, 2).text()) for r in range(t.rowCount())}


def shown_names(dialog: ConflictDialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


def test_a_conflict_is_shown_with_both_versions_and_each_answer_does_what_it_says(window, qtbot, data_dir, other):
    case_id = open_new_case(window, qtbot, "NOVAK")
    # keep mine
    other.ask(do="load", id=case_id)
    other.ask(do="set", field="person.given_names", value="THEIRS")
    assert other.ask(do="save")["ok"]
    type_given_names(window, "MINE")
    dialog = conflict_shown(window, qtbot)
    assert rows(dialog)["person.given_names"] == ("MINE", "THEIRS")
    assert "Given names (as in the passport)" in shown_names(dialog)  # the label, not the path
    assert stored_json(data_dir, case_id)[0]["person"]["given_names"] == "THEIRS"  # nothing overwritten yet
    assert window.session.dirty  # the edit is kept until the user answers
    click(dialog.buttons["mine"])
    assert stored_json(data_dir, case_id)[0]["person"]["given_names"] == "MINE"
    assert not window.session.dirty

    # take theirs
    other.ask(do="load", id=case_id)
    other.ask(do="set", field="person.given_names", value="THEIRS AGAIN")
    assert other.ask(do="save")["ok"]
    type_given_names(window, "MINE AGAIN")
    click(conflict_shown(window, qtbot).buttons["theirs"])
    assert window.session.case["person"]["given_names"] == "THEIRS AGAIN"
    assert page(window, "person").fields["person.given_names"].value() == "THEIRS AGAIN"
    assert stored_json(data_dir, case_id)[0]["person"]["given_names"] == "THEIRS AGAIN"
    type_given_names(window, "AFTER")  # and the window saves normally again
    assert stored_json(data_dir, case_id)[0]["person"]["given_names"] == "AFTER"

    # save mine as a copy
    other.ask(do="load", id=case_id)
    other.ask(do="set", field="person.given_names", value="KEPT THERE")
    assert other.ask(do="save")["ok"]
    type_given_names(window, "KEPT HERE")
    click(conflict_shown(window, qtbot).buttons["copy"])
    assert window.session.id != case_id
    assert stored_json(data_dir, case_id)[0]["person"]["given_names"] == "KEPT THERE"
    assert stored_json(data_dir, window.session.id)[0]["person"]["given_names"] == "KEPT HERE"
    assert len(window.case_list.model.rows) == 2


def test_an_unanswered_conflict_is_asked_again_on_closing_and_saves_nothing(window, qtbot, data_dir, other):
    case_id = open_new_case(window, qtbot, "LEE")
    other.ask(do="load", id=case_id)
    other.ask(do="set", field="person.given_names", value="THEIRS")
    other.ask(do="save")
    type_given_names(window, "MINE")
    conflict_shown(window, qtbot).reject()  # "Decide later"
    type_given_names(window, "MINE 2")  # no save while undecided: no second dialog either
    assert stored_json(data_dir, case_id)[0]["person"]["given_names"] == "THEIRS"
    window.close()  # closing asks again, and stays open
    assert window.isVisible()
    dialog = conflict_shown(window, qtbot)
    assert rows(dialog)["person.given_names"] == ("MINE 2", "THEIRS")
    click(dialog.buttons["mine"])
    assert stored_json(data_dir, case_id)[0]["person"]["given_names"] == "MINE 2"


def test_a_case_removed_elsewhere_is_closed_unsaved_and_stays_removed(window, qtbot, data_dir, other):
    case_id = open_new_case(window, qtbot, "HARRIS")
    window.session.set("person.passport.number", "533419862")
    window.session.flush()
    other.ask(do="remove", id=case_id)
    type_given_names(window, "EMILY")
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox) and window.dialog.isVisible(), timeout=5000)
    assert "removed for good" in window.dialog.text()
    assert window.session is None and window.case_list.model.rows == []
    raw = b"".join(p.read_bytes() for p in sorted(data_dir.glob("cases.sqlite3*")))
    assert b"533419862" not in raw and b"HARRIS" not in raw and b"EMILY" not in raw
    store = CaseStore(data_dir)
    assert store.is_removed(case_id) and not store.exists(case_id, include_deleted=True)
    store.close()


def test_the_list_follows_another_windows_changes_when_activated(window, qtbot, data_dir, other):
    case_id = open_new_case(window, qtbot, "MUELLER")
    window.close_case()
    other.ask(do="load", id=case_id)
    other.ask(do="set", field="person.surname", value="MÜLLER")
    other.ask(do="save")
    # the user was in another program and comes back (what the platform tells the app)
    app = QApplication.instance()
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    assert [r.name for r in window.case_list.model.rows] == ["MUELLER"]  # not yet looked again
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    qtbot.waitUntil(lambda: [r.name for r in window.case_list.model.rows] == ["MÜLLER"])
    db = sqlite3.connect(data_dir / "cases.sqlite3")
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
    db.close()


def test_the_differences_follow_the_interview_order():
    from desktop.conflict_dialog import differences

    mine = {"procedure": "registration", "person": {"phone": "1", "surname": "A"}, "zzz": 1}
    theirs = {"procedure": "departure", "person": {"phone": "2", "surname": "B"}, "zzz": 2}
    assert [row[0] for row in differences(mine, theirs)] == ["procedure", "person.surname", "person.phone", "zzz"]
