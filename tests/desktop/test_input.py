"""Nothing changes behind the user's back: the wheel scrolls pages and never changes an
answer; typed text the field cannot take stays as typed, is not saved, and the field says
what is wrong in words (issue 12, items 1, 2 and 4)."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QLineEdit,
                               QPlainTextEdit, QWidget)

from desktop.widgets import input_check
from forms.case.model import load_case

from .conftest import EXAMPLES
from .drive import click, fill, new_case_button, page

INPUT_TYPES = (QComboBox, QAbstractSpinBox, QAbstractSlider, QLineEdit, QPlainTextEdit, QAbstractButton)


def wheel(widget: QWidget, notches: int = 1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def open_example(window, name: str) -> None:
    case = load_case(EXAMPLES / f"{name}.json")
    case.pop("attachments", None)  # the files are not what this test is about
    case = {k: v for k, v in case.items() if not k.startswith("_")}
    window.store.save(case)
    window.open_case(case["id"])


def answers(window) -> str:
    return json.dumps(window.session.case, sort_keys=True, default=str)


def test_the_wheel_changes_no_answer_on_any_step(window, qtbot):
    open_example(window, "registration-dispatched-de")
    before = answers(window)
    assert json.loads(before)["person"]["nationality"] == "DE"
    seen_types = set()
    for key in window.editor.pages:
        window.editor.go(key)
        step = page(window, key)
        window.setFocus()  # no input widget has the keyboard focus
        widgets = [w for w in step.findChildren(QWidget) if isinstance(w, INPUT_TYPES) and w.isVisibleTo(step)]
        for w in widgets:
            seen_types.add(type(w).__name__)
            if w.hasFocus():
                w.clearFocus()
            for notches in (1, -1, 3):
                wheel(w, notches)
        qtbot.wait(5)
        assert answers(window) == before, key
    # what the app's steps hold: combo boxes (countries) among the others
    assert "CountryField" in seen_types and "TextField" in seen_types


def test_the_wheel_still_works_in_a_combo_box_with_focus_and_scrolls_the_page_without(window, qtbot):
    open_example(window, "registration-dispatched-de")
    window.editor.go("person")
    person = page(window, "person")
    combo = person.fields["person.nationality"]
    bar = person.scroll.verticalScrollBar()
    window.resize(900, 420)  # a page taller than the window
    qtbot.wait(20)
    assert bar.maximum() > 0
    bar.setValue(0)
    window.setFocus()
    wheel(combo, 1)
    assert bar.value() > 0 and combo.value() == "DE"  # the page moved, the answer did not
    combo.setFocus()
    wheel(combo, 1)
    assert combo.value() != "DE"  # with the keyboard focus, the wheel is the user's choice


def test_a_country_that_is_not_in_the_list_stays_and_is_explained(window, qtbot):
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    fill(window, "person", "person.nationality", "Germany")
    assert window.session.get("person.nationality") == "DE"
    fill(window, "person", "person.nationality", "Narnia")
    person = page(window, "person")
    assert person.fields["person.nationality"].currentText() == "Narnia"  # not erased
    assert window.session.get("person.nationality") == "DE"  # not saved either
    messages = person.finding_views["person.nationality"].messages()
    assert any("“Narnia” is not a country in the list" in m for m in messages)
    fill(window, "person", "person.nationality", "fr")  # a two-letter code is a country
    assert window.session.get("person.nationality") == "FR"
    assert not any("Narnia" in m for m in person.finding_views["person.nationality"].messages())


def test_typed_text_is_never_rewritten_or_dropped(window, qtbot):
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    person = page(window, "person")
    fill(window, "person", "person.passport.number", "c01x00t47")
    number = person.fields["person.passport.number"]
    assert number.text() == "C01X00T47"  # the one documented normalisation, shown
    assert window.session.get("person.passport.number") == "C01X00T47"
    fill(window, "person", "person.passport.number", "12#$%AB!")
    assert number.text() == "12#$%AB!"
    assert window.session.get("person.passport.number") == "C01X00T47"
    messages = person.finding_views["person.passport.number"].messages()
    assert any("cannot contain # $ % !" in m and "letters A–Z and digits" in m for m in messages)
    assert not any("is missing" in m for m in messages)

    fill(window, "person", "person.email", "jonas.mueller@example")
    assert window.session.get("person.email") is None
    assert any("not a whole e-mail address" in m for m in person.finding_views["person.email"].messages())
    fill(window, "person", "person.email", "jonas.mueller@example.de")
    assert window.session.get("person.email") == "jonas.mueller@example.de"

    window.editor.go("employment")
    employment = page(window, "employment")
    fill(window, "employment", "employment.monthly_wage", "-5000")
    assert employment.fields["employment.monthly_wage"].text() == "-5000"
    assert window.session.get("employment.monthly_wage") is None
    assert any("cannot be negative" in m for m in employment.finding_views["employment.monthly_wage"].messages())
    fill(window, "employment", "employment.credit_code", "9")
    assert any("has 18 characters; this has 1" in m
               for m in employment.finding_views["employment.credit_code"].messages())


def test_the_messages_in_chinese(window, qtbot):
    window.set_language("zh")
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    fill(window, "person", "person.birth_date", "31/02/1990")
    messages = page(window, "person").finding_views["person.birth_date"].messages()
    assert any("二月" in m and "28" in m for m in messages), messages


def test_input_check_messages():
    en = lambda m: m["en"]  # noqa: E731
    assert "February 2023 has 28 days" in en(input_check.date_problem("29/02/2023", "dmy"))
    assert input_check.date_problem("1990-02-31", "ymd")["en"].startswith("February 1990 has 28 days")
    assert "no month 13" in en(input_check.date_problem("1/13/2020", "dmy"))
    assert "four digits" in en(input_check.date_problem("1/2/90", "dmy"))
    assert input_check.date_problem("2024-02-29", "ymd") is None
    assert "not a date yet" in en(input_check.date_problem("12 March", "dmy"))
    assert input_check.pattern_problem("employment.credit_code", "91440300MA5ABCDE1X", r"^[0-9A-Za-z]{18}$") is None
    assert "has 15 to 18 characters; this has 3" in en(
        input_check.pattern_problem("person.pr_card.number", "944", r"^[A-Za-z0-9]{15,18}$"))
    assert input_check.email_problem("person.email", "a@b.cn") is None
    assert input_check.email_problem("person.email", "a@b") is not None
    assert input_check.number_problem("employment.monthly_wage", "12000", 0, 100000000) is None
    assert "at most" in en(input_check.number_problem("employment.monthly_wage", "1e12", 0, 100000000))
    assert "not one" in en(input_check.number_problem("employment.monthly_wage", "nan", 0, None))


def test_the_engines_plausibility_findings_show_at_the_field(window, qtbot):
    """Issue 12, item 5: a birth date in the future, an employment that ends before it
    starts: the engine's blockers appear under the field that fixes them, with the dates."""
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    fill(window, "person", "person.birth_date", "01/01/2030")
    messages = page(window, "person").finding_views["person.birth_date"].messages()
    assert any("1 January 2030" in m and "after the submission date" in m for m in messages), messages
    window.editor.go("employment")
    fill(window, "employment", "employment.start_date", "01/12/2026")
    fill(window, "employment", "employment.end_date", "01/01/2026")
    found = [m for f in ("employment.start_date", "employment.end_date")
             for m in page(window, "employment").finding_views[f].messages()]
    assert any("before it starts" in m or "before" in m and "2026" in m for m in found), found
