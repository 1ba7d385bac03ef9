"""The case list: status and deadlines from the engine, search and filter, delete with
undo, duplicate, import (with a conflict) and export, all through the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from forms.store import CaseStore
from forms.store.archive import export_case
from forms.verdict.summary import case_summary

from .conftest import TODAY
from .drive import click
from .test_store import stored_example


def seed(data_dir):
    store = CaseStore(data_dir)
    ids = {}
    for key, name in (("mueller", "registration-dispatched-de.json"), ("harris", "departure-refund.json"),
                      ("lee", "registration-pr-employed.json")):
        case = stored_example(store, name)
        store.save(case, case_summary(case, TODAY))
        ids[key] = case["id"]
    bare = store.create("registration")  # no summary yet: the window computes it
    store.close()
    return ids, bare["id"]


def visible_names(window) -> list[str]:
    model = window.case_list.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_list_shows_engine_status_and_deadlines_soonest_first(qtbot, data_dir):
    seed(data_dir)
    from desktop.app import build

    _app, window = build([], today=TODAY)
    qtbot.addWidget(window)
    # the case without a summary gets one off the UI thread
    qtbot.waitUntil(lambda: all(r.summary for r in window.case_list.model.rows), timeout=5000)
    names = visible_names(window)
    # the employed PR holder's registration is due 30 days from the start of employment
    # (Social Insurance Law Art. 58): 1 Dec 2026; then 16 Dec 2026, 1 Mar 2027
    assert names[:3] == ["LEE DAVID", "MÜLLER JONAS", "HARRIS EMILY ROSE"]
    assert names[3] == "(no name yet)"
    proxy = window.case_list.model
    assert proxy.index(0, 2).data() == "Ready, 1 warning"
    assert proxy.index(0, 3).data() == "01/12/2026 (in 2 days): registration deadline"
    assert proxy.index(1, 2).data() == "Ready"
    assert proxy.index(2, 2).data() == "Ready, 3 warnings"
    assert proxy.index(3, 2).data().endswith("blockers")
    assert proxy.index(1, 3).data() == "16/12/2026 (in 17 days): registration deadline"
    assert "Passport expires" in proxy.index(1, 3).data(Qt.ItemDataRole.ToolTipRole)
    window.close()


def test_search_filter_delete_undo_duplicate(window, qtbot, data_dir):
    qtbot.wait(400)  # the window has been up a while: its start-up refresh (at 300 ms) is over
    ids, _bare = seed(data_dir)
    window.case_list.model.set_rows(window.store.rows())
    window.refresh_summaries()
    qtbot.waitUntil(lambda: all(r.summary for r in window.case_list.model.rows), timeout=5000)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.case_list.search
    assert search.hasFocus()
    QTest.keyClicks(search, "harris")
    assert visible_names(window) == ["HARRIS EMILY ROSE"]
    QTest.keyClick(search, Qt.Key.Key_Return)  # one match: Enter opens it (issue 12, item 8)
    assert window.session is not None and window.session.id == ids["harris"]
    window.close_case()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search.clear()
    combo = window.case_list.filter
    combo.setFocus()
    combo.setCurrentIndex(combo.findData("departure"))
    assert visible_names(window) == ["HARRIS EMILY ROSE"]
    combo.setCurrentIndex(combo.findData("soon"))
    assert visible_names(window) == ["LEE DAVID", "MÜLLER JONAS"]  # both registrations due within the month
    combo.setCurrentIndex(combo.findData("blocked"))
    assert visible_names(window) == ["(no name yet)"]
    combo.setCurrentIndex(combo.findData("all"))

    window.case_list.select(ids["harris"])
    window.case_list.table.setFocus()
    QTest.keyClick(window.case_list.table, Qt.Key.Key_Delete)
    assert "HARRIS EMILY ROSE" not in visible_names(window)
    assert window.toast.isVisible() and "HARRIS EMILY ROSE" in window.toast.label.text()
    assert not window.store.exists(ids["harris"])
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "HARRIS EMILY ROSE" in visible_names(window)
    assert window.store.exists(ids["harris"])

    # delete again and close: the purge removes the case and its scans for good
    window.case_list.select(ids["harris"])
    click(window.case_list.buttons["delete"])
    window.case_list.select(ids["mueller"])
    click(window.case_list.buttons["duplicate"])
    assert visible_names(window).count("MÜLLER JONAS") == 2
    copy_id = window.case_list.selected_id()
    assert copy_id != ids["mueller"]
    # the copy gets its status from the engine now, not at the next start (issue 12, item 10)
    qtbot.waitUntil(lambda: window.store.row(copy_id).summary is not None, timeout=10000)
    row = window.case_list.model.row_for(copy_id)
    qtbot.waitUntil(lambda: "Checking" not in window.case_list.model.index(row, 2).data(), timeout=10000)
    window.close()
    store = CaseStore(data_dir)
    assert not store.exists(ids["harris"], include_deleted=True)
    assert len(store.rows()) == 4
    store.close()


def test_import_through_the_window_with_conflict_and_bad_file(window, qtbot, data_dir, tmp_path):
    ids, _ = seed(data_dir)
    window.case_list.model.set_rows(window.store.rows())
    out = export_case(window.store, ids["mueller"], tmp_path / "m.shebao")
    click(window.case_list.buttons["import"])
    window.dialog.selectFile(str(out))
    window.dialog.accept()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox))  # imported off the UI thread
    box = window.dialog
    assert "MÜLLER JONAS" in box.text()
    copy = next(b for b in box.buttons() if b.text() == "Import as a &copy")
    click(copy)
    qtbot.waitUntil(lambda: visible_names(window).count("MÜLLER JONAS") == 2)

    bad = tmp_path / "holiday.shebao"
    bad.write_bytes(b"PK\x03\x04 this is no zip")
    click(window.case_list.buttons["import"])
    window.dialog.selectFile(str(bad))
    window.dialog.accept()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox))
    assert "not a Shebao Desk case file" in window.dialog.text()
    window.dialog.accept()
    assert len(visible_names(window)) == 5

    # export from the list and import on "another PC"
    window.case_list.select(ids["harris"])
    click(window.case_list.buttons["export"])
    target = tmp_path / "usb" / "harris.shebao"
    target.parent.mkdir()
    window.dialog.selectFile(str(target))
    window.dialog.accept()
    assert target.is_file()
