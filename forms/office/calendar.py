"""Reminders as an iCalendar file (RFC 5545, the `icalendar` package): one all-day event
per deadline of forms.law.due.due_items, each with alarms. Written to a file the user chooses;
nothing is sent anywhere.

Alarms: the rule data's warning windows (registration deadline: `deadline.registration`
warn_days, 7 days; a document's expiry: `deadline.validity` warn_days, 30 days; the pension
eligibility verification: forms.law.due's 30 days) and one day before. The event's UID is stable (case id and field), so a calendar that imports the file
again updates the events instead of doubling them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from forms.common.i18n import N_, tr

PRODID = "-//Shebao Desk//shebao-desk//EN"


def alarm_days(on: dt.date) -> dict[str, tuple[int, ...]]:
    """Days before the date at which each kind of deadline rings (the rules' warn_days)."""
    from forms.law.due import VERIFICATION_WINDOW
    from forms.law.ruleset import law_on

    law = law_on(on)
    reg = int(law.rule("deadline.registration")["warn_days"])
    valid = int(law.rule("deadline.validity")["warn_days"])

    return {"registration": (reg, 1), "expiry": (valid, 1), "verification": (VERIFICATION_WINDOW, 1)}


def calendar_bytes(items: list[dict], lang: str, today: dt.date, now: dt.datetime | None = None) -> bytes:
    """The .ics text of the items ({"case", "name", "date", "kind", "title", "field"})."""
    from icalendar import Alarm, Calendar, Event

    from forms.law.due import what_text

    now = now or dt.datetime.now(dt.timezone.utc)
    days = alarm_days(today)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", tr(N_("Shebao Desk deadlines"), lang))
    for item in items:
        date = dt.date.fromisoformat(item["date"])
        name = item["name"] or tr(N_("(no name yet)"), lang)
        summary = f"{name}: {what_text(item, lang)}"
        event = Event()
        event.add("uid", f"{item['case']}-{item['field']}@shebao-desk")
        event.add("dtstamp", now)
        event.add("dtstart", date)
        event.add("dtend", date + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", tr(N_("Shebao Desk case {id}: {what} on {date}."), lang, id=item["case"],
                                    what=what_text(item, lang), date=date))
        event.add("categories", ["Shebao Desk"])
        event.add("transp", "TRANSPARENT")
        for before in days[item["kind"]]:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", dt.timedelta(days=-before))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def save_calendar(path: Path, items: list[dict], lang: str, today: dt.date) -> Path:
    """Write the .ics owner-only (it names people); returns the path."""
    import os

    path = Path(path)
    data = calendar_bytes(items, lang, today)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path
