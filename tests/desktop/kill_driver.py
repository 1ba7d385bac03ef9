"""Run by test_autosave.py as a separate process: the real app, driven through its widgets,
makes an edit and says so on stdout; the test then kills it with SIGKILL.

    python -m tests.desktop.kill_driver edit     # new case, type a surname, leave the field
    python -m tests.desktop.kill_driver list     # start, print the names in the case list
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from desktop.app import build


def edit(window) -> None:
    from tests.desktop.drive import click, key_text

    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    click(window.case_list.buttons["new_registration"])
    window.editor.go("person")
    surname = window.editor.pages["person"].fields["person.surname"]
    surname.setFocus()
    key_text(surname, "KOWALSKA")
    QTest.keyClick(surname, Qt.Key.Key_Tab)  # leaving the field saves it at once
    given = window.editor.pages["person"].fields["person.given_names"]
    key_text(given, "AN")  # still typing this one when the kill comes
    print("EDITED", window.session.id, flush=True)


def listing(window, app) -> None:
    model = window.case_list.model
    print("ROWS", "|".join(sorted(r.name for r in model.rows)), flush=True)
    app.quit()


if __name__ == "__main__":
    app, window = build([])
    what = sys.argv[1]
    QTimer.singleShot(0, (lambda: edit(window)) if what == "edit" else (lambda: listing(window, app)))
    sys.exit(app.exec())
