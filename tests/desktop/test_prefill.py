"""Pre-fill from a passport scan: the real window, offscreen. A passport image attached to
an empty case is read in the background; the dialog shows each value read beside the
current one; accepting fills the person's fields, declining changes nothing."""

from __future__ import annotations

import pytest

from forms.inspection import mrz_ocr
from forms.store import CaseStore

from .conftest import EXAMPLES
from .drive import click, drop_files, page

pytestmark = pytest.mark.skipif(not mrz_ocr.available(), reason="MRZ reader (onnxruntime, rapidocr) not installed")

SCAN = EXAMPLES / "scans" / "harris-passport.jpg"
FILLED = {("surname",): "HARRIS", ("given_names",): "EMILY ROSE", ("birth_date",): "1990-06-15", ("sex",): "F",
          ("nationality",): "GB", ("passport", "number"): "533419862", ("passport", "expiry"): "2031-09-03",
          ("passport", "issuing_country"): "GB"}


def person_value(case: dict, path: tuple):
    node = case.get("person", {})
    for part in path:
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node or None


def offered(qtbot, docs):
    qtbot.waitUntil(lambda: getattr(docs, "prefill_dialog", None) is not None and docs.prefill_dialog.isVisible(),
                    timeout=90000)
    return docs.prefill_dialog


def test_new_from_passport_scan_accept_fills_the_person(window, qtbot):
    window.act_new_scan.trigger()
    chooser = window.dialog
    chooser.selectFile(str(SCAN))
    chooser.accept()
    qtbot.waitUntil(lambda: bool(window.session is not None and window.session.case.get("attachments")), timeout=20000)
    assert window.session.case["attachments"][0]["requirement"] == "reg.passport"
    docs = page(window, "documents")
    dialog = offered(qtbot, docs)
    fields = [p["field"] for p in dialog.proposals]
    assert {"person.surname", "person.birth_date", "person.passport.number"} <= set(fields)
    assert all(p["current"] in (None, "", []) for p in dialog.proposals)  # an empty case: nothing to replace
    click(dialog.fill_button)
    qtbot.waitUntil(lambda: person_value(window.session.case, ("surname",)) == "HARRIS", timeout=5000)
    for path, value in FILLED.items():
        assert person_value(window.session.case, path) == value, path
    stored = CaseStore(window.store.root).load(window.session.id)  # saved, not only shown
    assert all(person_value(stored, path) == value for path, value in FILLED.items())
    assert stored["person"]["passport"]["mrz"][1].startswith("533419862")


def test_attached_passport_declined_changes_nothing(window, qtbot):
    window.new_case("registration")
    window.editor.go("documents")
    docs = page(window, "documents")
    before = CaseStore(window.store.root).load(window.session.id).get("person")
    with qtbot.waitSignal(window.session.saved, timeout=5000):
        drop_files(docs.rows["reg.passport"], [SCAN])
    dialog = offered(qtbot, docs)
    assert any(p["field"] == "person.surname" and p["value"] == "HARRIS" for p in dialog.proposals)
    click(dialog.keep_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    window.session.flush()
    assert all(person_value(window.session.case, path) is None for path in FILLED)
    assert CaseStore(window.store.root).load(window.session.id).get("person") == before
    # offered once: checking the files again does not ask again
    docs.prefill_dialog = None
    docs.inspect(force=True)
    qtbot.waitUntil(lambda: docs.inspect_task is None, timeout=90000)
    assert docs.prefill_dialog is None
