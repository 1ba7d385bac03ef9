"""A registration made with the keyboard alone, from the welcome page of an empty store to
a saved submission pack: Tab and Shift+Tab, typing, Enter, Space, the arrow keys and the
shortcuts the README documents. Every key goes where Qt sends it: to the focused widget
(or to the open completion list); nothing is clicked and no widget is set directly. The
pack is read back and passes the forms' checks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from forms.case.model import load_case
from forms.store import CaseStore
from forms.verdict.report import build_report
from tests.forms.forms_helpers import check_pack, pdftotext

from .conftest import EXAMPLES, TODAY
from .drive import key_text, page
from .test_flows import MUELLER_MRZ, without_ids

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focus():
    """Where a key goes: the open popup (a completion list) or the focused widget."""
    active = QApplication.activeWindow()
    if active is not None and not active.isVisible() and active.parentWidget() is None:
        # the offscreen platform leaves a closed completion list the active window (a
        # window manager gives the activation back to the window under it): do so
        from desktop.main_window import MainWindow
        window = QApplication.activeModalWidget() or next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        window.activateWindow()
        QTest.qWaitFor(window.isActiveWindow)
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None, "the keyboard focus is lost"
    return widget


def press(key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focus(), key, modifiers)


def type_in(text: str) -> None:
    """Select what is in the focused field and type over it."""
    press(KEY.Key_A, CTRL)
    key_text(focus(), text)


def inside(widget) -> bool:
    f = QApplication.focusWidget()
    return f is not None and (f is widget or widget.isAncestorOf(f))


class Keyboard:
    """The user at the keyboard, and what they read on the screen."""

    def __init__(self, window, qtbot):
        self.window, self.qtbot = window, qtbot

    def tab_to(self, widget, most: int = 1, back: bool = False) -> None:
        """Tab (or Shift+Tab) until `widget` has the focus: within `most` presses, so a
        control out of its place in the reading order fails here."""
        for _ in range(most):
            press(KEY.Key_Backtab if back else KEY.Key_Tab, SHIFT if back else Qt.KeyboardModifier.NoModifier)
            if inside(widget):
                return
        raise AssertionError(f"{most} Tab presses do not reach {widget!r}: the focus is on {QApplication.focusWidget()!r}")

    def fill_step(self, key: str, answers: dict) -> None:
        """Fill a step's fields in their order on the page, one Tab from each to the next;
        fields without an answer are passed with Tab."""
        step = page(self.window, key)
        shown = [w for w in step.order if step._row_visible(w.field)]
        assert inside(shown[0]), f"{key}: the step opens with the focus on {QApplication.focusWidget()!r}"
        for i, widget in enumerate(shown):
            if i:
                self.tab_to(widget)
            if widget.field in answers:
                self.answer(widget, answers.pop(widget.field))
                assert widget.value() == step.session.get(widget.field), widget.field
        assert not answers, f"{key}: not on the page: {sorted(answers)}"

    def answer(self, widget, value) -> None:
        from desktop.widgets.fields import CheckField, ChoiceField, LinesField

        if isinstance(widget, ChoiceField):
            # the arrow keys move along the buttons (checking each once one is checked);
            # Space checks the one with the focus
            target = widget.buttons[value]
            for key in (KEY.Key_Down, KEY.Key_Up):
                for _ in range(len(widget.values)):
                    if inside(target):
                        break
                    press(key)
            if not target.isChecked():
                press(KEY.Key_Space)
            assert widget.value() == value, (widget.field, widget.value())
        elif isinstance(widget, CheckField):
            if widget.isChecked() != value:
                press(KEY.Key_Space)
        elif isinstance(widget, LinesField):
            press(KEY.Key_A, CTRL)
            for i, line in enumerate(value):
                if i:
                    press(KEY.Key_Return)
                key_text(focus(), line)
        else:
            type_in(value)

    def next_step(self, expected: str, shortcut: bool = False) -> None:
        """From the page's last field: Tab to Next (past Back) and Enter; or Ctrl+PgDown,
        the documented shortcut."""
        editor = self.window.editor
        if shortcut:
            press(KEY.Key_PageDown, CTRL)
        else:
            self.tab_to(editor.next_button, most=2 if editor.back_button.isEnabled() else 1)
            press(KEY.Key_Return)
        assert editor.current_key() == expected
        assert inside(editor.current_page()), f"{expected}: the focus stayed behind"

    def activate(self, window) -> None:
        """The offscreen platform activates no window that opens, nor the one under a
        window that closes: do what the window manager does."""
        window.activateWindow()
        self.qtbot.waitUntil(window.isActiveWindow)

    def file_dialog(self) -> QFileDialog:
        self.qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QFileDialog))
        dialog = QApplication.activeModalWidget()
        self.activate(dialog)
        assert isinstance(QApplication.focusWidget(), QLineEdit) and dialog.isAncestorOf(QApplication.focusWidget())
        return dialog

    def type_path(self, path: Path) -> None:
        """In the file dialog: the file name box has the focus; type the whole path, Enter."""
        dialog = self.file_dialog()
        type_in(str(path))
        press(KEY.Key_Return)
        assert not dialog.isVisible()
        self.activate(self.window)  # back to the window, as the window manager does


PERSON = {"person.surname": "MÜLLER", "person.given_names": "JONAS", "person.sex": "M",
          "person.birth_date": "12/08/1984", "person.nationality": "Germany",
          "person.passport.number": "C01X00T47", "person.passport.issuing_country": "DE",
          "person.passport.issue_date": "15/02/2023", "person.passport.expiry": "14/02/2033",
          "person.passport.mrz": MUELLER_MRZ,
          "person.phone": "+86 138 0000 0001", "person.email": "jonas.mueller@example",  # corrected below
          "person.address_cn": "深圳市南山区科技园示例路1号 / 1 Example Road, Science Park, Nanshan, Shenzhen"}
EMPLOYMENT = {"employment.employer_name_zh": "深圳德示精密机械有限公司",
              "employment.employer_name_en": "Shenzhen Demo Precision Machinery Co., Ltd.",
              "employment.credit_code": "91440300MA5G8XQ2PT",
              "employment.contact_name": "王小明", "employment.contact_phone": "+86 755 8888 0000",
              "employment.overseas_employer": "Beispiel Maschinenbau GmbH, Stuttgart, Germany",
              "employment.document_kind": "work_permit",
              "employment.document_number": "144030020250012345",
              "employment.document_processed": "16/11/2026", "employment.document_expiry": "15/11/2027",
              "employment.residence_permit_number": "R440300123456",
              "employment.residence_permit_expiry": "20/11/2027",
              "employment.start_date": "16/11/2026", "employment.end_date": "15/11/2027",
              "employment.job_title": "Senior Process Engineer", "employment.monthly_wage": "42000",
              "employment.contribution_start": "16/11/2026", "employment.claims_exemption": True}
SCANS = {"reg.passport": "mueller-passport.jpg", "reg.employment_document": "mueller-work-permit.jpg",
         "reg.residence_permit": "mueller-residence-permit.jpg", "reg.employment_contract": "mueller-contract.pdf",
         "reg.dispatch_letter": "mueller-dispatch-letter.pdf",
         "reg.domestic_employer_certificate": "mueller-domestic-employer.pdf",
         "reg.certificate_of_coverage": "mueller-certificate-of-coverage.pdf"}


def test_a_registration_made_with_the_keyboard_alone(window, qtbot, tmp_path):
    kb = Keyboard(window, qtbot)
    kb.activate(window)
    qtbot.waitUntil(lambda: window.case_list.enter_ready is True)  # set up just after start-up

    # the welcome page of the empty store: Tab to "New registration", Enter
    welcome = window.case_list.empty
    assert welcome.isVisible()
    kb.tab_to(welcome.buttons["registration"], most=3)
    press(KEY.Key_Return)
    editor = window.editor
    assert window.stack.currentWidget() is editor and editor.current_key() == "procedure"
    assert page(window, "procedure").fields["procedure"].value() == "registration"

    kb.fill_step("procedure", {"channel": "counter"})
    kb.next_step("eligibility")
    kb.fill_step("eligibility", {"employment.arrangement": "dispatched"})
    kb.next_step("person", shortcut=True)
    kb.fill_step("person", dict(PERSON))
    person = page(window, "person")
    assert not person.finding_views["person.passport.mrz"].findings
    # the e-mail address lacks its domain's end: refused at the field; Shift+Tab back to it
    assert window.session.get("person.email") is None
    assert any("not saved" in m for m in person.finding_views["person.email"].messages())
    kb.tab_to(person.fields["person.email"], back=True)
    type_in("jonas.mueller@example.com")
    kb.tab_to(person.fields["person.address_cn"])
    assert window.session.get("person.email") == "jonas.mueller@example.com"
    assert not person.finding_views["person.email"].findings
    kb.next_step("employment")
    kb.fill_step("employment", dict(EMPLOYMENT))
    kb.next_step("documents")

    # each document: Tab to its "Add files…", Enter, the path typed in the file dialog
    docs = page(window, "documents")
    assert list(docs.rows) == ["reg.application_form", *SCANS]  # the form the app fills comes first
    assert inside(docs.rows["reg.application_form"].add_button)
    for req, name in SCANS.items():
        row = docs.rows[req]
        kb.tab_to(row.add_button, most=4)
        press(KEY.Key_Return)
        kb.type_path(EXAMPLES / "scans" / name)
        qtbot.waitUntil(lambda row=row, name=name: [r.name.text() for r in row.file_rows] == [name], timeout=10000)
        assert inside(row), f"{req}: the focus left the row after adding a file"

    kb.next_step("review", shortcut=True)
    review = page(window, "review")
    assert "Ready to submit" in review.summary.text(), review.summary.text()
    # Enter on the deadline's finding goes to the date it runs from; Ctrl+6 comes back
    for _ in range(12):
        item = review.tree.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if data and data[0] == "finding" and data[1].code == "REG_DEADLINE_OPEN":
            break
        press(KEY.Key_Down)
    assert "16 December 2026" in item.text(0)
    press(KEY.Key_Return)
    assert editor.current_key() == "employment"
    assert inside(page(window, "employment").fields["employment.document_processed"])
    press(KEY.Key_6, CTRL)
    assert editor.current_key() == "review" and inside(review.tree)
    kb.next_step("output", shortcut=True)

    # the pack: Tab to "Save the pack…", Enter, the path typed in the save dialog
    out = page(window, "output")
    assert inside(out.sign_button)
    kb.tab_to(out.pack_button)
    press(KEY.Key_Return)
    kb.file_dialog()
    press(KEY.Key_Escape)  # not yet: Escape closes the dialog, the focus is on the button again
    kb.activate(window)
    assert inside(out.pack_button), QApplication.focusWidget()
    press(KEY.Key_Return)
    pack = tmp_path / "keyboard" / "mueller-pack.pdf"
    pack.parent.mkdir()
    kb.type_path(pack)
    assert inside(out.task_cancel)  # while the pack is made, Enter would cancel it
    qtbot.waitUntil(lambda: out.task is None and pack.exists(), timeout=60000)
    assert str(pack) in out.result_label.text()
    assert inside(out.pack_button), "the focus did not come back to the button after the pack was saved"

    # the keys made the example case itself, which the engine finds ready
    stored = CaseStore(window.store.root).load(window.session.id)
    expected = load_case(EXAMPLES / "registration-dispatched-de.json")
    assert without_ids(stored) == without_ids(expected)
    assert build_report(stored, TODAY).ready
    # the pack passes the forms' checks and carries what was typed
    marks = check_pack(pack)
    assert any("mueller-passport.jpg" in t for _, t, _ in marks)
    text = pdftotext(pack)
    for value in ("MÜLLER JONAS", "C01X00T47", "12 August 1984", "1984年8月12日", "16 November 2026",
                  "Shenzhen Demo Precision Machinery Co., Ltd.", "深圳德示精密机械有限公司",
                  "91440300MA5G8XQ2PT", "Senior Process Engineer", "R440300123456"):
        assert value in text, value


def test_enter_presses_the_focused_button_and_nothing_else(window, qtbot):
    """Qt presses a button on Enter only in dialogs; the app's pages do it too."""
    kb = Keyboard(window, qtbot)
    kb.activate(window)
    qtbot.waitUntil(lambda: window.case_list.enter_ready is True)  # set up just after start-up
    kb.tab_to(window.case_list.empty.buttons["departure"], most=4)
    press(KEY.Key_Return)
    editor = window.editor
    assert window.session is not None and window.session.case["procedure"] == "departure"
    # Enter in a text box finishes it: no button is pressed, the date is kept
    procedure = page(window, "procedure")
    kb.tab_to(procedure.fields["submission_date"])
    type_in("01/12/2026")
    press(KEY.Key_Return)
    assert editor.current_key() == "procedure" and window.session.get("submission_date") == "2026-12-01"
    kb.next_step("eligibility")
    kb.tab_to(editor.back_button, most=4)
    press(KEY.Key_Return)
    assert editor.current_key() == "procedure"


def test_documents_tab_row_by_row_and_the_focus_comes_back_from_the_dialog(window, qtbot):
    """Files added after the rows were made are reached in their row, not after the last
    row; after the file dialog the focus is on the row's button again; after the last row
    Tab goes to Back and Next, as on every step."""
    kb = Keyboard(window, qtbot)
    kb.activate(window)
    press(KEY.Key_N, CTRL)
    press(KEY.Key_5, CTRL)
    editor, docs = window.editor, page(window, "documents")
    assert editor.current_key() == "documents"
    rows = list(docs.rows.values())
    assert inside(rows[0].add_button)
    kb.tab_to(rows[1].add_button)
    press(KEY.Key_Return)
    kb.type_path(EXAMPLES / "scans" / "mueller-passport.jpg")
    # the file's row, shown (a widget added to a shown page is shown from the event loop)
    qtbot.waitUntil(lambda: [r.name.text() for r in rows[1].file_rows if r.remove_button.isVisible()]
                    == ["mueller-passport.jpg"], timeout=10000)
    assert inside(rows[1].add_button), "the focus did not come back to the row's button"
    kb.tab_to(rows[1].file_rows[0].remove_button, back=True)  # the row's file, above its button
    kb.tab_to(rows[0].add_button, back=True)
    seen = []
    for _ in range(len(rows) + 2):
        press(KEY.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [rows[1].file_rows[0].remove_button, *(r.add_button for r in rows[1:]),
                    editor.back_button, editor.next_button]
