"""The refund estimate in the departure step: the engine's numbers in the table and the
chart, a history typed and pasted (a bad line named, nothing lost), the one-page PDF saved
from the button, and the language switch."""

from __future__ import annotations

import os
import stat
import subprocess

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pypdf import PdfReader

from forms.estimate import estimate_case
from forms.store import CaseStore
from forms.estimate import text as X

from .drive import click, page, paste
from .test_store import stored_example

RECORD = ("深圳市社会保险参保缴费明细\n"
          "序号\t起止年月\t单位名称\t养老保险缴费基数\t个人缴交\n"
          "1\t202401-202412\t深圳示例科技有限公司\t10,000.00\t800.00\n"
          "2\t202501-202510\t深圳示例科技有限公司\t11,000.00\t880.00\n")


def open_departure(window):
    case = stored_example(window.store, "departure-refund.json")
    window.open_case(case["id"])
    window.editor.go("departure")
    return page(window, "departure")


def type_cell(window, table, row: int, col: int, text: str) -> None:
    """Open a cell's editor (as a double click does), type, and press Tab (QTest's Return
    does not reach an item delegate's editor, in any QTableWidget)."""
    table.setCurrentCell(row, col)
    if table.state() != table.State.EditingState:
        table.editItem(table.item(row, col))
    editor = window.focusWidget()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Tab)


def shown_rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_step_shows_the_engines_estimate(window):
    dep = open_departure(window)
    view = dep.estimate_view
    est = estimate_case(window.session.case, window.session.on)
    assert dep.estimate_form.parentWidget().isVisibleTo(dep)
    assert shown_rows(view.table) == X.rows(est, "en")
    assert view.headline.text() == X.headline(est, "en") and "RMB" in view.headline.text()
    assert "bureau computes the real amount" in view.disclaimer.text()
    assert view.range.text() == X.range_line(est, "en")
    assert [b[0] for b in view.chart.bars] == ["2022", "2023", "2024", "2025", "2026"]
    assert view.chart.bars[-1][1] == float(est.balance)
    assert "Assumptions" in view.details.text() and "rate-calculators" not in view.details.text()
    assert "public pension calculators" in view.details.text()
    img = view.chart.grab().toImage()  # the chart draws its bars in the highlight colour
    bar = view.chart.palette().color(view.chart.palette().ColorRole.Highlight).rgb()
    columns = {x for x in range(img.width()) for y in range(0, img.height(), 4) if img.pixel(x, y) == bar}
    assert len(columns) > 5 * 10  # five bars, each some pixels wide
    # the estimate is for terminating only
    click(dep.fields["departure.choice"].buttons["retain"])
    assert not dep.estimate_form.parentWidget().isVisibleTo(dep)


def test_a_typed_period_updates_the_estimate_and_is_saved(window, qtbot):
    dep = open_departure(window)
    field = dep.fields["contributions"]
    click(field.add_button)
    row = field.table.rowCount() - 1
    assert field.table.currentRow() == row and field.table.hasFocus()
    for col, text in enumerate(("2026-12", "2026-12", "15000")):
        type_cell(window, field.table, row, col, text)
    stored = CaseStore(window.store.root).load(window.session.id)  # saved as each cell was left
    assert stored["contributions"][-1] == {"from": "2026-12", "to": "2026-12", "base": 15000}
    # the session's date is 2026-11-29: December is after the settlement month, and said so
    assert any(f.code == "CONTRIBUTION_AFTER_SETTLEMENT" for f in dep.estimate_view.findings.findings)
    # a half-typed row is kept in the table but not saved
    click(field.add_button)
    type_cell(window, field.table, row + 1, 0, "2027-1")
    assert field.incomplete() and len(window.session.case["contributions"]) == 5
    window.set_language("zh")  # the page reloads the case: the half-typed row stays
    assert field.cells()[-1][0] == "2027-1"


def test_pasting_a_record_names_bad_lines_and_loses_nothing(window):
    dep = open_departure(window)
    field = dep.fields["contributions"]
    before = field.cells()
    click(field.paste_button)
    dialog = field.dialog
    paste(dialog.text, RECORD.replace("11,000.00", "eleven"))
    click(dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert dialog.isVisible() and "Line 4" in dialog.problems.text()
    assert field.cells() == before  # nothing taken over
    paste(dialog.text, RECORD)
    click(dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert not dialog.isVisible()
    assert field.cells() == [["2024-01", "2024-12", "10000"], ["2025-01", "2025-10", "11000"]]
    assert window.session.case["contributions"] == [{"from": "2024-01", "to": "2024-12", "base": 10000},
                                                     {"from": "2025-01", "to": "2025-10", "base": 11000}]
    assert [r[0] for r in shown_rows(dep.estimate_view.table)] == ["2024", "2025", "2026"]
    assert not any(f.code == "CONTRIBUTION_GAP" for f in dep.estimate_view.findings.findings)


def test_no_history_says_what_to_do(window):
    dep = open_departure(window)
    field = dep.fields["contributions"]
    while field.table.rowCount():
        field.table.setCurrentCell(0, 0)
        click(field.remove_button)
    assert "There is no contribution history" in dep.estimate_view.headline.text()
    assert not dep.estimate_view.save_button.isVisibleTo(dep)


def test_save_the_one_page_pdf_and_switch_language(window, qtbot, tmp_path):
    dep = open_departure(window)
    click(dep.estimate_view.save_button)
    out = tmp_path / "estimate.pdf"
    dep.dialog.selectFile(str(out))
    dep.dialog.accept()
    qtbot.waitUntil(lambda: "Saved the estimate" in dep.estimate_view.status.text(), timeout=20000)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert len(PdfReader(out).pages) == 1
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert X.money(estimate_case(window.session.case, window.session.on).balance, "en") in text
    assert "bureau computes the real amount" in text
    window.set_language("zh")
    assert "个人账户储存额估算" in dep.estimate_view.headline.text()
    assert dep.estimate_view.table.horizontalHeaderItem(0).text() == "年度"
    assert dep.fields["contributions"].table.horizontalHeaderItem(0).text().startswith("起始年月")
