"""Where a pack or the forms go is checked before the work starts (issue 12, item 11): a
folder whose parent is a file, a missing folder, a device: the reason at once, nothing
built, nothing written."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from forms.common.untrusted import destination_problem

from .conftest import EXAMPLES
from .drive import page


def test_destination_problems_say_what_is_wrong(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert "is a file, not a folder" in destination_problem(blocker / "sub" / "pack.pdf")["en"]
    assert "does not exist" in destination_problem(tmp_path / "missing" / "pack.pdf")["en"]
    assert "not a file one can save to" in destination_problem("/dev/null")["en"]
    assert "not a file one can save to" in destination_problem(tmp_path)["en"]
    assert destination_problem(tmp_path / "pack.pdf") is None
    assert destination_problem(tmp_path, folder=True) is None
    assert "is a file, not a folder" in destination_problem(blocker, folder=True)["en"] or \
        "not a folder" in destination_problem(blocker, folder=True)["en"]


def test_the_app_refuses_before_building(window, qtbot, tmp_path):
    window.open_example(str(EXAMPLES / "departure-refund.json"))
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    window.editor.go("output")
    out = page(window, "output")
    blocker = tmp_path / "usb"
    blocker.write_text("a file where a folder was meant")
    out.write_pack(str(blocker / "pack" / "harris.pdf"), draft=True)
    assert out.task is None  # nothing started
    assert isinstance(window.dialog, QMessageBox) and "is a file, not a folder" in window.dialog.text()
    window.dialog.close()
    out.write_forms("/proc/self", "pdf", draft=True)
    assert out.task is None and "write" in window.dialog.text()
    window.dialog.close()
