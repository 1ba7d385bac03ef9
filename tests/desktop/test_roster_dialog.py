"""Case → Import a roster, through the window: the mapping dialog guesses the template's
columns, the user maps an unknown one, the import reports the bad rows (row, column,
problem, fix) and fills the list; the mapping is remembered; Cancel imports nothing."""

from __future__ import annotations

from tests.roster_maker import make_roster

from .drive import click


def open_roster(window, path):
    window.act_roster.trigger()
    dialog = window.dialog
    click(dialog.choose)
    dialog.file_dialog.selectFile(str(path))
    dialog.file_dialog.accept()
    return dialog


def combo_for(dialog, head):
    row = next(i for i in range(dialog.columns.rowCount()) if dialog.columns.item(i, 0).text() == head)
    return dialog.columns.cellWidget(row, 2)


def test_mapping_dialog_imports_reports_and_remembers(window, qtbot, tmp_path):
    path = tmp_path / "staff.csv"
    bad = make_roster(path, 60)
    head = "护照号码 Passport number"
    path.write_text(path.read_text(encoding="utf-8").replace(head, "Pass No"), encoding="utf-8")
    dialog = open_roster(window, path)
    assert dialog.columns.rowCount() == 14 and "60 rows" in dialog.file_label.text()
    assert combo_for(dialog, "国籍 Nationality").currentData() == "person.nationality"  # guessed from the header
    combo = combo_for(dialog, "Pass No")
    assert combo.currentData() == ""  # unknown header: not imported until the user says
    combo.setCurrentIndex(combo.findData("person.passport.number"))
    click(dialog.import_button)
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.task is None, timeout=30000)
    assert dialog.summary.text().startswith("57 created, 0 updated, 0 unchanged, 3 rows refused.")
    report = [[dialog.report.item(r, c).text() for c in range(4)] for r in range(dialog.report.rowCount())]
    assert [(int(r[0]), r[1]) for r in report] == [(row, col.replace(head, "Pass No")) for row, (col, _w) in sorted(bad.items())]
    assert all(r[2] and r[3] for r in report)
    assert window.case_list.model.rowCount() == 57
    click(dialog.close_button)

    dialog = open_roster(window, path)  # the mapping is remembered for the header
    assert combo_for(dialog, "Pass No").currentData() == "person.passport.number"
    click(dialog.import_button)
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.task is None, timeout=30000)
    assert dialog.summary.text().startswith("0 created, 0 updated, 57 unchanged, 3 rows refused.")
    click(dialog.close_button)


def test_cancel_imports_nothing_and_bad_file_is_a_message(window, qtbot, tmp_path):
    path = tmp_path / "big.xlsx"
    make_roster(path, 1000)
    dialog = open_roster(window, path)
    click(dialog.import_button)
    assert dialog.close_button.text() == "&Cancel"
    click(dialog.close_button)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    assert dialog.summary.text() == "Import cancelled: nothing was imported."
    assert window.store.rows() == [] and dialog.isVisible()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    dialog.load(str(broken))
    assert "is not an Excel workbook" in dialog.summary.text() and not dialog.import_button.isEnabled()
    click(dialog.close_button)
    assert not dialog.isVisible()
