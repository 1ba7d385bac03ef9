"""A full disk, for real: the store on a small tmpfs the test mounts (root only; skipped
elsewhere) and fills. No "saved" for an edit that is not written, the edit kept in memory
and written once space returns, closing and quitting ask first, an import says what."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from .conftest import TODAY
from .drive import click, key_text, new_case_button, page


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode()[:200]}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk has no block left."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as fh:
        for size in (1 << 16, 4096, 512, 1):
            try:
                while True:
                    fh.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


def stored_surname(data: Path, case_id: str):
    db = sqlite3.connect(f"file:{data / 'cases.sqlite3'}?mode=ro", uri=True)
    try:
        return db.execute("SELECT json_extract(json, '$.person.surname') FROM cases WHERE id=?", (case_id,)).fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def full_window(qtbot, small_disk, monkeypatch, tmp_path):
    from desktop import i18n, session
    from desktop.app import build

    data = small_disk / "data"
    monkeypatch.setenv("SHEBAO_DATA_DIR", str(data))
    monkeypatch.setenv("SHEBAO_LANG", "en")
    monkeypatch.setenv("SHEBAO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(session, "RETRY_MS", 200)
    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)  # the app moves it into its store
    monkeypatch.setenv("TMPDIR", os.environ.get("TMPDIR", tempfile.gettempdir()))
    _app, win = build([], today=TODAY)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    yield win, data, small_disk
    if win.session is not None:
        win.session.discard()
    win.close()
    i18n.set_language("en")


def type_surname(window, text: str) -> None:
    field = page(window, "person").fields["person.surname"]
    field.setFocus()
    field.clear()
    key_text(field, text)
    QTest.keyClick(field, Qt.Key.Key_Tab)  # leaving the field saves at once


def box_text(window) -> str:
    return window.dialog.text() if isinstance(window.dialog, QMessageBox) and window.dialog.isVisible() else ""


def test_a_full_disk_never_shows_saved_keeps_the_edit_and_writes_it_when_space_returns(full_window, qtbot):
    window, data, disk = full_window
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    type_surname(window, "NOVAK")
    case_id = window.session.id
    assert window.editor.saved_label.text().startswith("Saved")
    filler = fill(disk)

    type_surname(window, "KOWALSKA-NOVAKOVA " * 20)
    typed = window.session.case["person"]["surname"]  # as long as the field takes
    qtbot.waitUntil(lambda: "not saved" in box_text(window), timeout=5000)
    text = box_text(window)
    assert "the disk holding" in text and "is full" in text and "Free some space" in text
    assert "Something went wrong" not in text and "is saved" not in text
    assert window.editor.saved_label.text() == "Not saved"
    assert window.session.dirty and stored_surname(data, case_id) == "NOVAK"
    window.dialog.done(0)

    assert window.close_case() is False  # back to the list only once it is saved
    assert window.session is not None and window.session.dirty
    window.dialog.done(0)
    qtbot.wait(600)  # retries meanwhile fail quietly: one message, not one per retry
    assert not box_text(window)
    assert window.editor.saved_label.text() == "Not saved"

    filler.unlink()  # space returns: the retry writes the kept edit
    qtbot.waitUntil(lambda: not window.session.dirty, timeout=5000)
    assert stored_surname(data, case_id) == typed
    assert window.editor.saved_label.text().startswith("Saved")
    assert "in the case store now" in box_text(window) or "in the case store now" in window.statusBar().currentMessage()


def test_quitting_with_unsaved_edits_asks_and_try_again_saves_them(full_window, qtbot):
    window, data, disk = full_window
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    type_surname(window, "LEE")
    case_id = window.session.id
    filler = fill(disk)
    type_surname(window, "LEE-WONG " * 30)
    typed = window.session.case["person"]["surname"]
    qtbot.waitUntil(lambda: "not saved" in box_text(window), timeout=5000)
    window.dialog.done(0)

    window.close()
    assert window.isVisible()  # not closed: it asks
    qtbot.waitUntil(lambda: "are not saved" in box_text(window), timeout=3000)
    box = window.dialog
    assert "is full" in box.text()
    filler.unlink()
    retry = next(b for b in box.buttons() if b.text() == "&Try again")
    click(retry)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert stored_surname(data, case_id) == typed and len(typed) > 50


def test_an_import_on_a_full_disk_says_so_and_leaves_no_partial_file(full_window, qtbot, tmp_path):
    from forms.store import CaseStore
    from forms.store.archive import export_case

    window, data, disk = full_window
    scratch = CaseStore(tmp_path / "scratch")
    case = scratch.create("registration", person={"surname": "HARRIS"})
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(os.urandom(300_000))
    scratch.attach(case, "reg.passport", scan)
    scratch.save(case)
    archive = export_case(scratch, case["id"], tmp_path / "HARRIS-EMILY-ROSE.shebao")
    scratch.close()
    filler = fill(disk)
    window.import_from(str(archive))
    qtbot.waitUntil(lambda: bool(box_text(window)), timeout=3000)
    assert "is full" in box_text(window) and "OSError" not in box_text(window)
    assert window.case_list.model.rows == []
    assert not list((data / "attachments").glob("??/.tmp-*"))
    window.dialog.done(0)
    filler.unlink()
    window.import_from(str(archive))  # with room, the same file imports (in the background)
    qtbot.waitUntil(lambda: [r.name for r in window.case_list.model.rows] == ["HARRIS"], timeout=10000)
    log = (data / "logs" / "desk.log").read_text()
    assert "HARRIS" not in log and "EMILY" not in log


def test_a_read_only_data_folder_gives_a_clear_message_and_no_traceback(small_disk, monkeypatch, tmp_path, capsys):
    from desktop.app import build
    from forms.store import CaseStore

    data = small_disk / "data"
    CaseStore(data).close()  # a store made earlier, on a drive that is read-only now
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    monkeypatch.setenv("SHEBAO_DATA_DIR", str(data))
    monkeypatch.setenv("SHEBAO_LANG", "en")
    monkeypatch.setenv("SHEBAO_CACHE_DIR", str(tmp_path / "cache"))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    with pytest.raises(SystemExit) as exit_:
        build([], today=TODAY)
    assert exit_.value.code == 2
    assert len(shown) == 1 and "cannot be written" in shown[0] and str(data) in shown[0]
    assert "Traceback" not in capsys.readouterr().err
