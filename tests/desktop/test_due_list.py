"""The case list at HR-office scale: a big store shows its first rows at once and the rest
right after; yesterday's statuses are refreshed off the UI thread and applied in batches
without a sort per row; what is due is counted above the list and filters in one click;
the reminders are saved as an .ics file and read back."""

from __future__ import annotations

import datetime as dt

from forms.case.model import load_case
from forms.store import CaseStore
from forms.verdict.summary import case_summary, summary_key

from .conftest import EXAMPLES, TODAY
from .drive import click
from .test_case_list import visible_names

DAY = dt.timedelta(days=1)


def seed_many(data_dir, n: int) -> None:
    """n cases (the three examples in turn), statuses cached yesterday."""
    store = CaseStore(data_dir)
    examples = []
    for name in ("registration-dispatched-de.json", "departure-refund.json", "registration-pr-employed.json"):
        case = load_case(EXAMPLES / name)
        for key in ("id", "attachments", "_base_dir"):
            case.pop(key, None)
        examples.append((case, case_summary(dict(case), TODAY - DAY)))
    with store.db:
        for i in range(n):
            case, summary = examples[i % 3]
            store.save({**case, "id": None, "person": {**case["person"], "surname": f"P{i:04d}"}}, summary)
    store.close()


def test_big_list_first_rows_then_all_then_statuses_refreshed_in_batches(qtbot, data_dir):
    from desktop.app import build
    from desktop.main_window import FIRST_ROWS

    seed_many(data_dir, 700)
    _app, window = build([], today=TODAY)
    qtbot.addWidget(window)
    model = window.case_list.model
    assert len(model.all) == FIRST_ROWS  # the first screen, soonest deadlines first
    assert [r.next_date for r in model.all] == sorted(r.next_date for r in model.all)
    resorts = []
    model.layoutChanged.connect(lambda *a: resorts.append(1))
    qtbot.waitUntil(lambda: len(model.all) == 700, timeout=10000)
    key = summary_key(TODAY)
    assert all(r.key != key for r in model.all)  # all stale: computed yesterday
    batches = []
    model.modelReset.connect(lambda: batches.append("reset"))
    original = model.update_summaries
    model.update_summaries = lambda results: (batches.append(len(results)), original(results))
    qtbot.waitUntil(lambda: all(r.key == key for r in model.all), timeout=120000)
    assert sum(b for b in batches if b != "reset") == 700 and "reset" not in batches
    assert len(batches) < 10 and not resorts  # batches, and no re-sort: the deadlines did not move
    store = CaseStore(data_dir)
    assert all(r.key == key for r in store.rows())  # stored, not only shown
    store.close()
    assert window.case_list.due_counts["departure"] == 233
    assert window.case_list.due_buttons["departure"].text() == "Departures: 233"
    window.close()


def seed_due(data_dir) -> dict:
    store = CaseStore(data_dir)
    ids = {}

    def add(key, name, surname, retain=False, **dates):
        case = load_case(EXAMPLES / name)
        for k in ("id", "attachments", "_base_dir"):
            case.pop(k, None)
        case["person"]["surname"] = surname
        if retain:
            case["departure"]["choice"] = "retain"
        for path, days in dates.items():
            group, field = path.split("__")
            target = case[group] if field != "expiry" else case[group]["passport"]
            target[field if field != "expiry" else "expiry"] = (TODAY + days * DAY).isoformat()
        store.save(case)
        ids[key] = case["id"]

    add("reg", "registration-dispatched-de.json", "DUESOON", employment__document_processed=-25)
    add("passport", "registration-dispatched-de.json", "PASSPORT", person__expiry=20)
    add("permit", "registration-dispatched-de.json", "PERMIT", employment__residence_permit_expiry=45)
    add("dep", "departure-refund.json", "LEAVING")
    # kept the account and draws the pension: verified 350 days ago, valid one year
    add("retired", "departure-refund.json", "RETIRED", retain=True, departure__pension_verified=-350)
    store.close()
    return ids


def test_due_counts_and_one_click_filters_and_reminders(window, qtbot, data_dir, tmp_path):
    ids = seed_due(data_dir)
    page = window.case_list
    window.case_list.model.set_rows(window.store.rows())
    window.refresh_summaries()
    qtbot.waitUntil(lambda: all(r.key for r in page.model.all) and bool(page.due_buttons), timeout=30000)
    qtbot.waitUntil(lambda: page.due_counts.get("expiry_60") == 2, timeout=5000)
    assert page.due_counts == {"registration_due": 1, "expiry_30": 1, "expiry_60": 2, "departure": 2,
                               "verification_due": 1}
    buttons = page.due_buttons
    assert buttons["registration_due"].text() == "Registration due: 1"
    assert buttons["registration_due"].toolTip() == "Registration due within 7 days or overdue"
    page.select(ids["reg"])
    click(buttons["registration_due"])
    assert visible_names(window) == ["DUESOON JONAS"] and buttons["registration_due"].isChecked()
    assert page.selected_ids() == [ids["reg"]]  # the selection stays with its case
    click(buttons["expiry_30"])
    assert visible_names(window) == ["PASSPORT JONAS"]
    click(buttons["expiry_60"])
    assert sorted(visible_names(window)) == ["PASSPORT JONAS", "PERMIT JONAS"]
    click(buttons["departure"])
    assert sorted(visible_names(window)) == ["LEAVING EMILY ROSE", "RETIRED EMILY ROSE"]
    click(buttons["verification_due"])
    assert visible_names(window) == ["RETIRED EMILY ROSE"]
    click(buttons["verification_due"])  # a second click shows all again
    assert len(visible_names(window)) == 5 and not any(b.isChecked() for b in buttons.values())
    assert page.filter.itemData(page.filter.currentIndex()) == "all"

    # reminders for the selected case, read back
    from icalendar import Calendar

    page.select(ids["reg"])
    window.act_remind.trigger()
    target = tmp_path / "due.ics"
    window.dialog.selectFile(str(target))
    window.dialog.accept()
    cal = Calendar.from_ical(target.read_bytes())
    events = {str(e["summary"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}
    assert events["DUESOON JONAS: registration deadline"] == TODAY + 5 * DAY
    assert all(name.startswith("DUESOON JONAS") for name in events) and len(events) >= 3
    assert "Saved" in window.statusBar().currentMessage()
