"""A first-time user is not greeted by red (issue 12, item 3): in a new case a field is
called missing only once it was left, or Next was pressed on its step; until the review the
header says where the user is; the step list says each step's state in words too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .drive import click, fill, leave, new_case_button, next_step, page

STATE = Qt.ItemDataRole.UserRole + 1


def sidebar_state(window, key):
    side = window.editor.sidebar
    for row in range(side.count()):
        item = side.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == key:
            return item.data(STATE), item.data(Qt.ItemDataRole.AccessibleTextRole)
    raise AssertionError(key)


def missing_shown(step) -> list[str]:
    return [f for f, view in step.finding_views.items()
            if any("is missing" in m for m in view.messages()) and not view.isHidden()]


def test_a_new_case_opens_calm(window, qtbot):
    click(new_case_button(window, "registration"))
    editor = window.editor
    header = editor.status.text()
    assert "blocker" not in header and header.startswith("Step 1 of ") and "answers given" in header
    window.editor.go("person")
    person = page(window, "person")
    assert missing_shown(person) == []  # nothing in red before the user did anything
    assert "Step 3 of" in editor.status.text()
    surname = person.fields["person.surname"]
    surname.setFocus()
    leave(surname)  # left empty: now it may say so
    assert missing_shown(person) == ["person.surname"]
    next_step(window)  # Next on the person step: all its empty fields are called missing
    window.editor.go("person")
    assert "person.given_names" in missing_shown(person) and "person.birth_date" in missing_shown(person)
    state, words = sidebar_state(window, "person")
    assert state == "problem" and words.endswith("has problems")
    assert sidebar_state(window, "employment")[0] == "todo" and "not started" in sidebar_state(window, "employment")[1]


def test_progress_counts_answers_and_the_review_shows_blockers(window, qtbot):
    click(new_case_button(window, "departure"))
    window.editor.go("person")
    before = window.editor.status.text()
    fill(window, "person", "person.surname", "HARRIS")
    given = lambda text: int(text.split("· ")[1].split(" of ")[0])  # noqa: E731
    qtbot.waitUntil(lambda: given(window.editor.status.text()) == given(before) + 1, timeout=3000)
    assert sidebar_state(window, "person")[0] == "progress"
    QTest.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # the review
    assert window.editor.current_key() == "review"
    assert "blocker" in window.editor.status.text()


def test_a_case_opened_from_the_list_says_everything_at_once(window, qtbot):
    click(new_case_button(window, "registration"))
    cid = window.session.id
    window.close_case()
    window.open_case(cid)
    window.editor.go("person")
    assert "person.surname" in missing_shown(page(window, "person"))
    assert "blocker" in window.editor.status.text()
