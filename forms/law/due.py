"""What needs action, for an HR office with many cases: the case list's "due" filters and
`shebao due`. Read from the dates forms.law.deadlines gives (cached in each case's summary),
never worked out again here; the registration window is the rule data's warning window.

Tags (space-separated in the summary's "due"):
  registration_due  the registration deadline is within the rule's warn_days (7) or past
  expiry_30 / expiry_60  the work permit, residence permit or passport expires within 30 /
                    60 days (or has expired): a clerk's planning horizons, not rules
  departure         a departure case (the store keeps no "finished" state: every
                    departure case is in progress)
  verification_due  a retained account whose holder draws the pension: the yearly
                    eligibility verification (guideline VII, valid one year) runs out
                    within 30 days or has run out
"""

from __future__ import annotations

import datetime as dt

from forms.common.i18n import N_

REGISTRATION_DUE, EXPIRY_30, EXPIRY_60, DEPARTURE = "registration_due", "expiry_30", "expiry_60", "departure"
VERIFICATION_DUE = "verification_due"
VERIFICATION_WINDOW = 30  # days ahead: time to arrange the verification from abroad (a horizon, not a rule)
# the documents whose expiry an HR office plans around: employment document, residence
# permit, passport (the fields forms.law.deadlines reads them from)
EXPIRY_FIELDS = ("employment.document_expiry", "employment.residence_permit_expiry", "person.passport.expiry")
EXPIRY_WINDOWS = {EXPIRY_30: 30, EXPIRY_60: 60}
# the filters, in the order the case list shows them, with their labels
TAGS = [(REGISTRATION_DUE, N_("Registration due within 7 days or overdue")),
        (EXPIRY_30, N_("Permit or passport expiring within 30 days")),
        (EXPIRY_60, N_("Permit or passport expiring within 60 days")),
        (DEPARTURE, N_("Departures in progress")),
        (VERIFICATION_DUE, N_("Pension eligibility verification due within 30 days"))]
# the same, short enough for a row of buttons above the case list (the long one is their tooltip)
SHORT = {REGISTRATION_DUE: N_("Registration due"), EXPIRY_30: N_("Expiring in 30 days"),
         EXPIRY_60: N_("Expiring in 60 days"), DEPARTURE: N_("Departures"),
         VERIFICATION_DUE: N_("Pension verification due")}


def registration_window(law) -> int:
    """Days before the registration deadline from which it is due (the rule's warn_days);
    `law`: the Law, or a date (RuleDateError for one the rule data does not cover)."""
    from forms.law.ruleset import as_law

    return int(as_law(law).rule("deadline.registration")["warn_days"])


def due_tags(procedure: str, deadlines: list[dict], today: dt.date, reg_window: int) -> str:
    """The tags of one case, from its deadlines (Deadline.to_dict() dicts) on `today`."""
    tags = []
    for d in deadlines:
        left = (dt.date.fromisoformat(d["date"]) - today).days
        if d["kind"] == "registration" and left <= reg_window and REGISTRATION_DUE not in tags:
            tags.append(REGISTRATION_DUE)
        if d["kind"] == "expiry" and d["field"] in EXPIRY_FIELDS:
            tags += [tag for tag, days in EXPIRY_WINDOWS.items() if left <= days and tag not in tags]
        if d["kind"] == "verification" and left <= VERIFICATION_WINDOW:
            tags.append(VERIFICATION_DUE)
    if procedure == DEPARTURE:
        tags.append(DEPARTURE)
    return " ".join(tags)


def count_tags(rows) -> dict[str, int]:
    """{tag: number of rows carrying it} for rows with a `due` string."""
    out = {tag: 0 for tag, _label in TAGS}
    for row in rows:
        if row.due:
            for tag in row.due.split():
                if tag in out:
                    out[tag] += 1
    return out


def due_items(rows, today: dt.date, within: int) -> list[dict]:
    """Every deadline of the rows (CaseRow with a summary) that falls within `within` days of
    today, or is past, soonest first: {"case", "name", "procedure", "date", "days_left",
    "kind", "title", "field"}."""
    out = []
    for row in rows:
        for d in (row.summary or {}).get("deadlines") or []:
            left = (dt.date.fromisoformat(d["date"]) - today).days
            if left <= within:
                out.append({"case": row.id, "name": row.name, "procedure": row.procedure, "date": d["date"],
                            "days_left": left, "kind": d["kind"], "title": d["title"], "field": d["field"]})
    return sorted(out, key=lambda item: (item["date"], item["name"]))


def what_text(item: dict, lang: str) -> str:
    """"registration deadline" or "Passport expires", in the language."""
    from forms.common.i18n import pick, tr

    if item["kind"] == "registration":
        return tr(N_("registration deadline"), lang)
    if item["kind"] == "verification":
        return tr(N_("pension eligibility verification runs out"), lang)
    return tr(N_("{document} expires"), lang, document=pick(item["title"], lang))


def when_text(days_left: int, lang: str) -> str:
    from forms.common.i18n import tr

    if days_left < 0:
        return tr(N_("1 day overdue") if days_left == -1 else N_("{n} days overdue"), lang, n=-days_left)
    if days_left == 0:
        return tr(N_("today"), lang)
    return tr(N_("in 1 day") if days_left == 1 else N_("in {n} days"), lang, n=days_left)
