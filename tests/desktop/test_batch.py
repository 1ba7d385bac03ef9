"""Batch packs through the window: select cases, choose a folder, a line per case (saved,
refused with its blockers); Cancel keeps the finished packs. And `shebao pack-all`."""

from __future__ import annotations

import json
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pypdf import PdfReader

from forms.store import CaseStore

from .conftest import TODAY
from .drive import click
from .test_store import stored_example

EXAMPLES = ("registration-dispatched-de.json", "departure-refund.json", "registration-pr-employed.json")


def seed(data_dir, copies: int = 1) -> None:
    store = CaseStore(data_dir)
    ids = [stored_example(store, name)["id"] for name in EXAMPLES]
    for _ in range(copies - 1):  # the same people again, under new ids
        for cid in ids:
            store.duplicate(cid)
    store.create("registration")  # blockers: refused
    store.close()


def start(window, folder, kind="pack"):
    window.case_list.model.set_rows(window.store.rows())
    table = window.case_list.table
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all shown
    (window.act_batch_packs if kind == "pack" else window.act_batch_forms).trigger()
    window.dialog.selectFile(str(folder))
    window.dialog.accept()
    return window.dialog


def test_batch_packs_saved_and_refused(window, qtbot, data_dir, tmp_path):
    seed(data_dir)
    out = tmp_path / "out"
    out.mkdir()
    dialog = start(window, out)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=120000)
    results = {dialog.table.item(i, 0).text(): dialog.table.item(i, 1).text() for i in range(dialog.table.rowCount())}
    assert results == {"MÜLLER JONAS": "Saved", "HARRIS EMILY ROSE": "Saved", "LEE DAVID": "Saved",
                       "(no name yet)": "Refused"}
    refused = next(i for i in range(4) if dialog.table.item(i, 1).text() == "Refused")
    assert "blockers" in dialog.table.item(refused, 2).text()
    assert "Surname (as in the passport) is missing" in dialog.table.item(refused, 2).toolTip()
    packs = sorted(p.name for p in out.iterdir())
    assert packs == ["HARRIS EMILY ROSE - submission pack.pdf", "LEE DAVID - submission pack.pdf",
                     "MÜLLER JONAS - submission pack.pdf"]
    assert all(len(PdfReader(out / p).pages) > 1 for p in packs)
    assert dialog.label.text().startswith("3 of 4 saved")
    click(dialog.button)
    assert not dialog.isVisible()


def test_batch_cancel_keeps_what_is_finished(window, qtbot, data_dir, tmp_path):
    seed(data_dir, copies=7)  # 22 cases
    out = tmp_path / "out"
    out.mkdir()
    dialog = start(window, out, "forms")
    qtbot.waitUntil(lambda: len(dialog.items) >= 1, timeout=60000)
    click(dialog.button)  # Cancel
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    done = len(dialog.items)
    assert 1 <= done < 22
    statuses = [dialog.table.item(i, 1).text() for i in range(22)]
    assert statuses[done:] == ["Not done (cancelled)"] * (22 - done)
    saved = [i for i in dialog.items if i.status == "saved"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        {p.split("/")[-2] for i in saved for p in i.paths})  # one forms folder per saved case, no more
    assert all(p.endswith(".pdf") and PdfReader(p).pages for i in saved for p in i.paths)
    assert dialog.button.text() == "&Close"


def test_cli_pack_all(data_dir, tmp_path):
    seed(data_dir)
    out = tmp_path / "packs"
    r = subprocess.run([sys.executable, "-m", "forms", "pack-all", "--store", str(data_dir), "--out", str(out),
                        "--on", TODAY.isoformat(), "--json"], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr  # one refused
    items = json.loads(r.stdout)
    assert sorted((i["name"], i["status"]) for i in items) == [
        ("", "refused"), ("HARRIS EMILY ROSE", "saved"), ("LEE DAVID", "saved"), ("MÜLLER JONAS", "saved")]
    assert len(list(out.glob("*.pdf"))) == 3
    refused = next(i for i in items if i["status"] == "refused")
    assert refused["blockers"] and refused["reason"]["zh"]
