"""What is due (forms.law.due), the list's summary columns, the daily refresh of stale statuses
(forms.verdict.refresh), the calendar reminders read back with icalendar, and `shebao due`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from forms.case.model import load_case
from forms.law.due import due_items, due_tags
from forms.store import CaseStore
from forms.verdict.summary import case_summary, summary_key
from forms.verdict.refresh import refresh_summaries
from tests.conftest import EXAMPLES, TODAY

DAY = dt.timedelta(days=1)


def deadline(kind, days, field="employment.document_processed"):
    return {"date": (TODAY + days * DAY).isoformat(), "kind": kind, "title": {"en": "x", "zh": "x"}, "field": field}


def test_due_tags_follow_the_windows():
    tags = lambda proc, *ds: due_tags(proc, list(ds), TODAY, 7).split()  # noqa: E731
    assert tags("registration", deadline("registration", 7)) == ["registration_due"]
    assert tags("registration", deadline("registration", 8)) == []
    assert tags("registration", deadline("registration", -3)) == ["registration_due"]  # overdue
    assert tags("registration", deadline("expiry", 30, "person.passport.expiry")) == ["expiry_30", "expiry_60"]
    assert tags("registration", deadline("expiry", 31, "employment.residence_permit_expiry")) == ["expiry_60"]
    assert tags("registration", deadline("expiry", 61, "employment.document_expiry")) == []
    assert tags("departure") == ["departure"]


def seed(folder, day=TODAY - DAY):
    """The three examples, their statuses computed on `day` (yesterday: stale today)."""
    store = CaseStore(folder)
    ids = {}
    for name in ("registration-dispatched-de.json", "departure-refund.json", "registration-pr-employed.json"):
        case = load_case(EXAMPLES / name)
        case.pop("id", None)
        store.save(case, case_summary(case, day))
        ids[name.split("-")[0] + ("-pr" if "pr-" in name else "")] = case["id"]
    return store, ids


def test_rows_read_summary_columns_and_parse_the_summary_only_when_asked(tmp_path):
    store, ids = seed(tmp_path / "s", TODAY)
    rows = {r.id: r for r in store.rows()}
    reg = rows[ids["registration"]]
    assert reg._summary is None  # nothing parsed yet
    assert reg.key == summary_key(TODAY) and reg.next_date == "2026-12-16" and reg.ready
    assert reg.blocker == 0 and not reg.error
    assert reg.summary["deadlines"][0]["kind"] == "registration"  # parsed now
    assert rows[ids["departure"]].due == "departure"
    first = store.rows(first=2)
    assert [r.next_date for r in first] == sorted(r.next_date for r in rows.values())[:2]
    assert store.row(ids["departure"]) == rows[ids["departure"]]
    assert store.row("nope") is None


def test_refresh_recomputes_only_stale_summaries_and_hands_them_in_batches(tmp_path):
    store, ids = seed(tmp_path / "s")
    bare = store.create("registration")  # never had a summary
    batches = []
    n = refresh_summaries(store.path, str(store.root), TODAY, on_batch=batches.append, batch=2)
    assert n == 4 and [len(b) for b in batches] == [2, 2]
    key = summary_key(TODAY)
    assert all(r.key == key for r in store.rows())
    assert {cid for b in batches for cid, _s in b} == {*ids.values(), bare["id"]}
    assert refresh_summaries(store.path, str(store.root), TODAY) == 0  # all fresh now


def test_due_items_and_calendar_read_back(tmp_path):
    from icalendar import Calendar

    from forms.office.calendar import save_calendar

    store, ids = seed(tmp_path / "s", TODAY)
    items = due_items(store.rows(), TODAY, 100000)
    path = save_calendar(tmp_path / "due.ics", items, "en", TODAY)
    assert path.stat().st_mode & 0o077 == 0  # it names people: owner-only
    cal = Calendar.from_ical(path.read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(items) >= 6
    for item in items:  # every deadline, on its date, with its alarms
        e = events[f"{item['case']}-{item['field']}@shebao-desk"]
        assert e.decoded("dtstart") == dt.date.fromisoformat(item["date"])
        assert item["name"] in str(e["summary"])
        triggers = sorted(a.decoded("trigger") for a in e.walk("VALARM"))
        assert triggers == ([-7 * DAY, -DAY] if item["kind"] == "registration" else [-30 * DAY, -DAY])
    reg = events[f"{ids['registration']}-employment.document_processed@shebao-desk"]
    assert str(reg["summary"]) == "MÜLLER JONAS: registration deadline"
    assert reg.decoded("dtstart") == dt.date(2026, 12, 16)


def test_cli_due_lists_within_days_as_json_and_saves_reminders(tmp_path):
    store, ids = seed(tmp_path / "s")  # stale: the command refreshes them first
    store.close()
    ics = tmp_path / "r.ics"
    r = subprocess.run([sys.executable, "-m", "forms", "due", "--store", str(tmp_path / "s"), "--on", "2026-11-29",
                        "--within", "20", "--json", "--ics", str(ics)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [(d["case"], d["date"], d["kind"], d["days_left"]) for d in out["due"]] == [
        (ids["registration-pr"], "2026-12-01", "registration", 2),  # an employed PR holder: SI Law Art. 58
        (ids["registration"], "2026-12-16", "registration", 17)]
    assert ics.is_file() and b"BEGIN:VEVENT" in ics.read_bytes()
    r = subprocess.run([sys.executable, "-m", "forms", "due", "--store", str(tmp_path / "s"), "--on", "2026-11-29",
                        "--within", "100", "--lang", "zh"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "2027-03-01" in r.stdout and "MÜLLER JONAS" in r.stdout and "参保登记" in r.stdout
    r = subprocess.run([sys.executable, "-m", "forms", "due", "--store", str(tmp_path / "s"), "--within", "x"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_retained_account_drawing_pension_gets_the_yearly_verification():
    from forms.law.deadlines import deadlines

    case = load_case(EXAMPLES / "departure-refund.json")
    case["departure"]["choice"] = "retain"
    case["departure"]["pension_verified"] = "2025-12-20"  # valid one year (guideline VII, rule data)
    found = [d for d in deadlines(case, TODAY) if d.kind == "verification"]
    assert [(d.date, d.field) for d in found] == [(dt.date(2026, 12, 20), "departure.pension_verified")]
    summary = case_summary(case, TODAY)
    assert "verification_due" in summary["due"].split()  # 21 days left: within 30
    case["departure"]["pension_verified"] = "2026-02-01"
    assert "verification_due" not in case_summary(case, TODAY)["due"]
    case["departure"]["choice"] = "terminate"  # no pension to verify
    assert not [d for d in deadlines(case, TODAY) if d.kind == "verification"]
    from forms.law.deadlines import _add_months
    assert _add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)


def test_refresh_in_a_child_process_for_many_and_in_thread_for_few(tmp_path, monkeypatch):
    import forms.verdict.refresh as SR

    store, ids = seed(tmp_path / "s")
    monkeypatch.setattr(SR, "SMALL", 1)  # 3 stale: more than "a few", so a child process does them
    batches, progress = [], []
    n = SR.refresh_in_process(store.path, str(store.root), TODAY, on_batch=batches.append,
                              progress=lambda d, t: progress.append((d, t)))
    assert n == 3 and {cid for b in batches for cid, _s in b} == set(ids.values()) and progress[-1] == (3, 3)
    assert all(r.key == summary_key(TODAY) for r in store.rows())
    assert SR.refresh_in_process(store.path, str(store.root), TODAY) == 0  # nothing stale: no process
