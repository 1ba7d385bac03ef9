"""An empty store opens on a welcome page (issue 12, item 14): new registration, new
departure, an example case or an import, each shown once (the list's buttons are hidden
meanwhile); a case JSON opens like a .shebao file, its files found beside it."""

from __future__ import annotations

import json
import shutil

from PySide6.QtWidgets import QApplication, QMessageBox

from .conftest import EXAMPLES
from .drive import click, new_case_button


def test_the_welcome_page_starts_each_kind_of_case(window, qtbot):
    welcome = window.case_list.empty
    page = window.case_list
    assert page._table is None  # an empty store's first window makes no list (start-up time)
    assert welcome.isVisible() and not window.case_list.table.isVisible()
    assert not window.case_list.search.isVisible()
    assert welcome.heading.accessibleName() == "Welcome to Shebao Desk"
    click(welcome.buttons["departure"])
    assert window.session.case["procedure"] == "departure"
    assert window.editor.current_key() == "procedure"
    window.close_case()
    assert not welcome.isVisible() and window.case_list.table.isVisible()  # there is a case now
    assert page.filter.nextInFocusChain() is page.table  # Tab goes from the filter to the list
    page.table.selectRow(0)
    assert page.selected_ids() == [window.store.rows()[0].id] and window.act_delete.isEnabled()


def test_open_an_example_from_the_welcome_page(window, qtbot):
    welcome = window.case_list.empty
    click(welcome.buttons["example"])
    menu = welcome.menu
    assert menu is not None and menu.isVisible()
    titles = [a.text() for a in menu.actions()]
    assert any("HARRIS" in t and "settlement upon departure" in t for t in titles), titles
    action = next(a for a in menu.actions() if "HARRIS" in a.text())
    menu.close()
    action.trigger()  # imported in the background, then opened
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    case = window.session.case
    assert case["person"]["surname"] == "HARRIS"
    labels = sorted(a["label"] for a in case["attachments"])
    assert labels == ["harris-bank-card.jpg", "harris-passport.jpg", "harris-separation-certificate.pdf"]
    for att in case["attachments"]:  # copied into the store, byte for byte
        stored = window.store.blobs.path(att["path"])
        assert stored.read_bytes() == (EXAMPLES / "scans" / att["label"]).read_bytes()


def test_a_case_json_whose_file_is_missing_is_refused_whole(window, qtbot, tmp_path):
    folder = tmp_path / "carry"
    shutil.copytree(EXAMPLES / "scans", folder / "scans")
    data = json.loads((EXAMPLES / "departure-refund.json").read_text(encoding="utf-8"))
    data["attachments"].append({"requirement": "dep.passport", "path": "scans/not-there.jpg"})
    (folder / "case.json").write_text(json.dumps(data), encoding="utf-8")
    window.import_from(str(folder / "case.json"))
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox), timeout=10000)
    box = window.dialog
    assert "scans/not-there.jpg" in box.text() and "not there" in box.text()
    box.close()
    assert window.store.rows() == []  # nothing imported half-way
    assert list((window.store.root / "attachments").rglob("*.jpg")) == []
    QApplication.processEvents()


def test_an_empty_store_shows_each_choice_once(window, qtbot):
    """The welcome page stands in for the list's buttons while there is no case: no choice
    twice on screen, and Import (the one list button with nothing to select) is there."""
    from PySide6.QtWidgets import QFileDialog, QPushButton

    page, welcome = window.case_list, window.case_list.empty
    shown = [b.text().replace("&", "") for b in window.findChildren(QPushButton) if b.isVisible()]
    assert len(shown) == len(set(shown)), shown
    assert not any(b.isVisible() for b in page.buttons.values())
    click(welcome.buttons["import"])
    qtbot.waitUntil(lambda: isinstance(window.dialog, QFileDialog) and window.dialog.isVisible(), timeout=5000)
    window.dialog.reject()
    click(welcome.buttons["registration"])
    window.close_case()
    assert not welcome.isVisible()
    assert all(b.isVisible() for b in page.buttons.values())  # a case to act on: the list's own buttons


def test_deleting_the_last_case_leaves_the_focus_on_the_welcome_page(window, qtbot):
    """The list's buttons hide with the last case: the focus goes to the welcome page's first
    choice, not round the Tab chain to the language switch (where Enter would switch)."""
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    click(new_case_button(window, "registration"))
    window.close_case()
    page = window.case_list
    page.table.selectRow(0)
    page.buttons["delete"].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.buttons["delete"], timeout=3000)
    click(page.buttons["delete"])
    assert page.empty.isVisible() and not page.buttons["delete"].isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.empty.buttons["registration"], timeout=3000)
