"""shebao due [--within DAYS] [--json] [--ics FILE]: what is due in the case store (the
app's cases): every deadline within DAYS days, or past, soonest first. Stale statuses are
brought up to date first, as the app does."""

from __future__ import annotations

import json
from pathlib import Path

from forms.cli import EXIT_OK, add_common, on_or_today
from forms.common.i18n import N_, tr


def add_parser(sub) -> None:
    p = sub.add_parser("due", help="list the deadlines due in the case store (registrations, document expiries)")
    p.add_argument("--within", type=int, default=30, metavar="DAYS",
                   help="deadlines within this many days, and those past (default: 30)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--ics", metavar="FILE.ics", help="also save them as calendar reminders (iCalendar, with alarms)")
    p.add_argument("--store", metavar="DIR", help="the case store's folder (default: the app's data folder)")
    add_common(p)
    p.set_defaults(run=run)


def open_store(folder: str | None):
    from forms.store import CaseStore

    return CaseStore(Path(folder) if folder else None)


def run(args, lang: str) -> int:
    from forms.law.due import due_items, what_text, when_text
    from forms.verdict.refresh import refresh_summaries

    today = on_or_today(args)
    store = open_store(args.store)
    try:
        refresh_summaries(store.path, str(store.root), today)
        items = due_items(store.rows(), today, args.within)
    finally:
        store.close()
    if args.ics:
        from forms.office.calendar import save_calendar

        save_calendar(Path(args.ics), items, lang, today)
    if args.json:
        print(json.dumps({"on": today.isoformat(), "within": args.within, "due": items}, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not items:
        print(tr(N_("Nothing due within {n} days."), lang, n=args.within))
    for item in items:
        name = item["name"] or tr(N_("(no name yet)"), lang)
        print(f"{item['date']}  {when_text(item['days_left'], lang):<16} {name}: {what_text(item, lang)}")
    if args.ics:
        print(tr(N_("Reminders saved to {path}."), lang, path=args.ics))
    return EXIT_OK
