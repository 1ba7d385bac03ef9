"""“Remove this person's data”: the case, its attachments (those no other case shares) and
their cached inspection results go for good, and none of the case's values is left in the
database files on disk (checked on the raw bytes of the file, its -wal and -shm)."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from forms.case.model import load_case
from forms.store import CaseStore
from forms.common.files import inspection_cache_dir
from tests.desktop.conftest import data_dir, window  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
HARRIS_VALUES = [b"533419862", b"6217002860001234565", b"GBR533419862", b"HARRIS", b"EMILY ROSE",
                 b"emily.harris@example.com", b"+86 137 0000 0003", b"5334198623GBR9006153F3109030",
                 b"P<GBRHARRIS<<EMILY<ROSE", b"Flat 4, 12 Example Road", b"144030020220067890"]


def raw_store_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.glob("cases.sqlite3*")))


def stored(store: CaseStore, name: str, share: Path | None = None, new_id: str | None = None) -> dict:
    """An example case saved in the store with its scans copied in (and one more scan);
    under a new id if given (the example's own id is saved once per store)."""
    case = load_case(EXAMPLES / f"{name}.json")
    base = Path(case.pop("_base_dir"))
    case = copy.deepcopy(case)
    if new_id:
        case["id"] = new_id
    atts = case.pop("attachments")
    for att in atts:
        store.attach(case, att["requirement"], base / att["path"])
    if share is not None:
        store.attach(case, atts[0]["requirement"], share)
    store.save(case)
    return case


def fake_cache_entries(shas) -> None:
    """Entries as forms/inspection/cache.py writes them: <sha>-v<n>.json and .png."""
    folder = inspection_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for sha in shas:
        (folder / f"{sha}-v1.json").write_text(json.dumps({"sha256": sha, "mrz": ["P<GBRHARRIS<<EMILY<ROSE"]}))
        (folder / f"{sha}-v1.png").write_bytes(b"\x89PNG thumbnail")


@pytest.fixture
def two_cases(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEBAO_CACHE_DIR", str(tmp_path / "cache"))
    store = CaseStore(tmp_path / "data")
    shared = EXAMPLES / "scans" / "harris-passport.jpg"
    harris = stored(store, "departure-refund")
    for phone in ("+86 137 0000 0009", "+86 137 0000 0003"):  # a few saves: old row versions
        harris["person"]["phone"] = phone
        store.save(harris)
    mueller = stored(store, "registration-dispatched-de", share=shared)
    fake_cache_entries({a["sha256"] for a in harris["attachments"] + mueller["attachments"]})
    yield store, harris, mueller
    store.close()


def test_remove_for_good_leaves_nothing_of_the_case(two_cases, tmp_path):
    store, harris, mueller = two_cases
    root = store.root
    before = raw_store_bytes(root)
    assert b"533419862" in before and b"6217002860001234565" in before  # the check below can fail
    shared_sha = hashlib.sha256((EXAMPLES / "scans" / "harris-passport.jpg").read_bytes()).hexdigest()
    own = {a["sha256"] for a in harris["attachments"]} - {shared_sha}
    assert len(own) == 2

    removed = store.remove_for_good(harris["id"])

    assert removed == {"attachments": 2, "cache": 4}
    assert not store.exists(harris["id"], include_deleted=True)
    raw = raw_store_bytes(root)
    leaks = [v for v in HARRIS_VALUES if v in raw]
    assert not leaks, leaks
    wal = root / "cases.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # the log was emptied, not just reset
    # no file of the case is left: not its scans, not their cached results
    left = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "attachments").rglob("*") if p.is_file()}
    assert not own & left
    assert shared_sha in left  # still used by the other case
    cache = {p.name.split("-v")[0] for p in inspection_cache_dir().iterdir()}
    assert not own & cache and shared_sha in cache
    # the other case is whole
    again = CaseStore(root)
    other = again.load(mueller["id"])
    assert other["person"]["surname"] == "MÜLLER"
    assert all(again.blobs.path(a["path"]).is_file() for a in other["attachments"])
    again.close()


def test_deleted_cases_purged_on_close_leave_no_value_either(two_cases):
    store, harris, _mueller = two_cases
    store.delete(harris["id"])
    assert store.purge_deleted() == 1
    raw = raw_store_bytes(store.root)
    assert not [v for v in HARRIS_VALUES if v in raw]


@pytest.mark.parametrize("answer", ["cancel", "remove"])
def test_remove_through_the_menu_asks_first(window, qtbot, data_dir, answer):  # noqa: F811
    from tests.desktop.drive import click

    harris = stored(window.store, "departure-refund")
    window.refresh_row(harris["id"])
    window.case_list.select(harris["id"])
    click(window.case_list.buttons["open"])  # removing the open case closes it first
    assert window.session is not None
    assert window.act_remove.isEnabled()
    window.act_remove.trigger()
    box = window.dialog
    assert isinstance(box, QMessageBox) and "HARRIS EMILY ROSE" in box.text() and "cannot be undone" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    if answer == "cancel":
        click(box.button(QMessageBox.StandardButton.Cancel))
        assert window.store.exists(harris["id"])
        return
    remove = next(b for b in box.buttons() if "Remove for good" in b.text())
    click(remove)
    qtbot.waitUntil(lambda: not window.store.exists(harris["id"], include_deleted=True))
    assert window.session is None and window.case_list.model.rows == []
    assert "Removed" in window.statusBar().currentMessage()
    window.close()  # the close saves state and purges: still nothing comes back
    raw = raw_store_bytes(data_dir)
    assert not [v for v in HARRIS_VALUES if v in raw]
    assert not [p for p in (data_dir / "attachments").rglob("*") if p.is_file()]
    settings = (data_dir / "settings.ini").read_text()
    assert harris["id"] not in settings


def test_the_real_inspection_cache_is_purged(tmp_path, monkeypatch):
    """With the scan inspection merged: its own cache, written by its own code."""
    cache_mod = pytest.importorskip("forms.inspection.cache")
    monkeypatch.setenv("SHEBAO_CACHE_DIR", str(tmp_path / "cache"))
    assert cache_mod.Cache.default().folder == inspection_cache_dir()
    from forms.inspection import INSPECTION_VERSION, inspect_file  # noqa: F401

    store = CaseStore(tmp_path / "data")
    harris = stored(store, "departure-refund")
    cache = cache_mod.Cache.default()
    for att in harris["attachments"]:
        cache.put({"sha256": att["sha256"], "version": INSPECTION_VERSION, "problems": []}, b"\x89PNG")
    assert len(list(cache.folder.iterdir())) == 6
    store.remove_for_good(harris["id"])
    assert list(cache.folder.iterdir()) == []
    store.close()
