"""Every edit is saved as it is made: after a short pause, or at once when the field is
left; a kill right after an edit loses at most the field being typed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from forms.store import CaseStore

from .conftest import ROOT
from .drive import click, key_text, new_case_button, page


def test_edit_is_saved_after_a_pause_without_leaving_the_field(window, qtbot, data_dir):
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    surname = page(window, "person").fields["person.surname"]
    surname.setFocus()
    with qtbot.waitSignal(window.session.saved, timeout=3000):
        key_text(surname, "NOVAK")
    assert surname.hasFocus()
    other = CaseStore(data_dir)  # another connection sees the committed edit
    assert other.load(window.session.id)["person"]["surname"] == "NOVAK"
    assert other.rows()[0].name == "NOVAK"
    other.close()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_right_after_an_edit_loses_nothing_left(tmp_path):
    env = {**os.environ, "SHEBAO_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
           "SHEBAO_LANG": "en", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "tests.desktop.kill_driver", "edit"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("EDITED"), line
        proc.send_signal(signal.SIGKILL)  # right after the edit: no chance to clean up
    finally:
        proc.kill()
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    case_id = line.split()[1]
    store = CaseStore(tmp_path / "data")
    case = store.load(case_id)
    assert case["person"]["surname"] == "KOWALSKA"
    # the field being typed is either saved whole as typed so far, or not yet
    assert case["person"].get("given_names") in (None, "AN")
    store.close()
    # and the app starts again on that store and lists the case
    out = subprocess.run([sys.executable, "-m", "tests.desktop.kill_driver", "list"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert "ROWS KOWALSKA" in out.stdout, out.stderr[-2000:]
