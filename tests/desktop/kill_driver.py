"""Run by test_autosave.py as a separate process: the real app, driven through its widgets,
makes an edit and says so on stdout; the test then kills it with SIGKILL.

    python -m tests.desktop.kill_driver edit     # new case, type a surname, leave the field
    python -m tests.desktop.kill_driver list     # start, print the names in the case list, quit
    python -m tests.desktop.kill_driver preview  # a case with scans, its pack being previewed
    python -m tests.desktop.kill_driver import ARCHIVE  # importing it as a copy, again and again
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from desktop.app import build


def edit(window) -> None:
    from tests.desktop.drive import click, key_text, new_case_button

    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    click(new_case_button(window, "registration"))
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


def preview(window) -> None:
    """Store the example departure case with its scans, open it at the last step and
    preview its pack; say so once the preview's temporary folder is there."""
    from forms.store.cases import new_id
    from tests.ship.test_remove import stored

    case = stored(window.store, "departure-refund", new_id=new_id())
    window.refresh_row(case["id"])
    window.open_case(case["id"])
    window.editor.go("output")
    out = window.editor.pages["output"]
    out.choice.setCurrentIndex(out.choice.findData("pack"))
    out.schedule_preview()
    folder = window.store.temp_dir()

    def poll():
        if any(folder.glob("preview-*")) or out.preview_bytes:
            print("PREVIEWING", flush=True)
        else:
            QTimer.singleShot(5, poll)
    poll()


def importing(window, archive: str) -> None:
    print("IMPORTING", flush=True)
    while True:  # until the kill
        window.import_from(archive, "copy")
        window.dialog = None


if __name__ == "__main__":
    import datetime as dt

    from desktop.app import run

    app, window = build([], today=dt.date(2026, 11, 29))
    what = sys.argv[1]
    act = {"edit": lambda: edit(window), "list": lambda: listing(window, app), "preview": lambda: preview(window),
           "import": lambda: importing(window, sys.argv[2])}[what]
    QTimer.singleShot(0, act)
    sys.exit(run(app, window))
