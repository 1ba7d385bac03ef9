"""Free movement between the steps, keyboard use, and findings that lead to the widget
that fixes them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .drive import click, fill, new_case_button, page, type_text


def finding_item(review, code: str, field: str | None = None):
    root = review.tree.topLevelItem(0)
    for i in range(root.childCount()):
        item = root.child(i)
        kind, f = item.data(0, Qt.ItemDataRole.UserRole)
        if f.code == code and (field is None or f.field == field):
            return item
    raise AssertionError(f"no finding {code} {field}")


def test_finding_takes_the_user_to_the_field(window, qtbot):
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.current_key() == "procedure"
    QTest.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.current_key() == "review"
    review = page(window, "review")
    tree = review.tree
    tree.setFocus()
    tree.setCurrentItem(finding_item(review, "FIELD_MISSING", "person.given_names"))
    QTest.keyClick(tree, Qt.Key.Key_Return)
    assert window.editor.current_key() == "person"
    assert QApplication.focusWidget() is page(window, "person").fields["person.given_names"]

    QTest.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    item = finding_item(review, "ATTACHMENT_MISSING")
    req = item.data(0, Qt.ItemDataRole.UserRole)[1].requirement
    tree.setCurrentItem(item)
    QTest.keyClick(tree, Qt.Key.Key_Return)
    assert window.editor.current_key() == "documents"
    assert QApplication.focusWidget() is page(window, "documents").rows[req].add_button
    assert page(window, "documents").rows[req].property("highlighted")  # and the row is marked (item 8)

    # a date field: focus lands in its text box
    QTest.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    tree.setCurrentItem(finding_item(review, "FIELD_MISSING", "employment.document_processed"))
    QTest.keyClick(tree, Qt.Key.Key_Return)
    assert window.editor.current_key() == "employment"
    assert QApplication.focusWidget() is page(window, "employment").fields["employment.document_processed"].edit


def test_back_and_forth_never_loses_an_answer(window, qtbot):
    click(new_case_button(window, "registration"))
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    fill(window, "person", "person.surname", "ROSSI")
    fill(window, "person", "person.birth_date", "2/3/1990")
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_PageUp, Qt.Key.Key_PageUp):
        QTest.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.current_key() == "eligibility"
    # choosing PR card and back keeps the PR card number aside, and brings it back
    fill(window, "eligibility", "employment.arrangement", "pr")
    QTest.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    fill(window, "person", "person.pr_card.number", "944840198501010018")
    QTest.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    fill(window, "eligibility", "employment.arrangement", "permit")
    assert window.session.get("person.pr_card") is None
    fill(window, "eligibility", "employment.arrangement", "pr")
    assert window.session.get("person.pr_card.number") == "944840198501010018"
    # an unemployed permanent resident is told what applies instead
    fill(window, "eligibility", "employment.pr_employed", False)
    messages = page(window, "eligibility").finding_views["employment.pr_employed"].messages()
    assert messages and "residents' basic medical and endowment insurance" in messages[0]
    QTest.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    person = page(window, "person")
    assert person.fields["person.surname"].text() == "ROSSI"
    assert person.fields["person.birth_date"].edit.text() == "02/03/1990"
    assert window.session.get("person.birth_date") == "1990-03-02"


def test_tab_order_follows_the_page(window, qtbot):
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    person = page(window, "person")
    first = person.fields["person.surname"]
    assert QApplication.focusWidget() is first
    seen = [first]
    for _ in range(3):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen[:3] == [first, person.fields["person.given_names"], person.fields["person.name_zh"]]
    assert seen[3].parent() is person.fields["person.sex"]  # the radio group comes next


def test_typing_a_bad_date_warns_and_keeps_the_old_value(window, qtbot):
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    person = page(window, "person")
    fill(window, "person", "person.birth_date", "1990-03-02")
    assert window.session.get("person.birth_date") == "1990-03-02"
    date = person.fields["person.birth_date"]
    type_text(date.edit, "31/02/1990")
    QTest.keyClick(date.edit, Qt.Key.Key_Tab)
    assert window.session.get("person.birth_date") == "1990-03-02"
    assert any("February 1990 has 28 days: there is no day 31" in m
               for m in person.finding_views["person.birth_date"].messages())


def test_pick_files_with_the_dialog_and_remove_one(window, qtbot):
    from .conftest import EXAMPLES

    click(new_case_button(window, "departure"))
    fill(window, "procedure", "procedure", "departure")
    window.editor.go("departure")
    fill(window, "departure", "departure.choice", "terminate")
    window.editor.go("documents")
    docs = page(window, "documents")
    row = docs.rows["dep.passport"]
    click(row.add_button)
    dialog = docs.dialog
    assert dialog.isVisible() and "Passport" in dialog.windowTitle()
    dialog.setDirectory(str(EXAMPLES / "scans"))
    dialog.selectFile('"harris-passport.jpg" "harris-bank-card.jpg"')
    with qtbot.waitSignal(window.session.saved, timeout=5000):
        dialog.accept()
    assert sorted(r.name.text() for r in row.file_rows) == ["harris-bank-card.jpg", "harris-passport.jpg"]
    click(next(r for r in row.file_rows if r.name.text() == "harris-bank-card.jpg").remove_button)
    qtbot.waitUntil(lambda: [r.name.text() for r in row.file_rows] == ["harris-passport.jpg"], timeout=3000)
    assert [a["label"] for a in window.session.case["attachments"]] == ["harris-passport.jpg"]


def test_window_geometry_and_language_are_remembered(qtbot, data_dir):
    from desktop.app import build

    from .conftest import TODAY

    _app, win = build([], today=TODAY)
    qtbot.addWidget(win)
    win.resize(760, 540)  # within the offscreen screen (800 x 600)
    win.set_language("zh")
    win.close()
    _app, again = build([], today=TODAY)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 540)
    assert again.case_list.buttons["open"].text() == "打开(&O)"
    again.set_language("en")
    again.close()


def test_the_documents_step_opens_at_its_top(window, qtbot):
    window.activateWindow()  # focus moves as it does for a user: a focused row is scrolled to
    qtbot.waitUntil(window.isActiveWindow)
    click(new_case_button(window, "registration"))
    window.resize(900, 420)  # a page taller than the window
    docs = page(window, "documents")
    for _visit in range(2):  # a first visit, and coming back after scrolling down
        QTest.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        assert window.editor.current_key() == "documents"
        QApplication.processEvents()
        bar = docs.scroll.verticalScrollBar()
        assert bar.maximum() > 0 and bar.value() == 0
        bar.setValue(bar.maximum())
        QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
