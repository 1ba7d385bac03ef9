"""Dates that matter for a case, soonest first: the registration deadline (30 days from
the employment document), the expiry of each document the case needs, and for a retained
account whose holder draws the pension, the end of the yearly eligibility verification's
validity. The case list shows the first; the rule data says which dates count."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from forms.law.ruleset import Law, as_law
from forms.case.model import date_of
from forms.law.requirements import group_of, pr_not_employed, requirements, validity_rows


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    kind: str  # registration | expiry | verification
    title: dict  # bilingual: the deadline rule's title, or the document's
    field: str  # the case field it comes from

    def to_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat()
        return d


def evaluation_date(case: dict, today: dt.date) -> dt.date:
    """The date a case is checked for: its planned submission date if that is still ahead,
    else today."""
    planned = date_of(case, "submission_date")
    return planned if planned and planned >= today else today


def deadlines(case: dict, law: Law | dt.date, reqs=None) -> list[Deadline]:
    """Registration deadline and document expiries, soonest first. Raises RuleDateError
    for a date the rules do not cover."""
    law = as_law(law)
    out = []
    if case.get("procedure") == "registration" and not pr_not_employed(case):
        # an employed PR card holder: 30 days from the start of employment (SI Law Art. 58)
        row = law.rule("deadline.registration_pr" if group_of(case) == "pr" else "deadline.registration")
        processed = date_of(case, row["counted_from"])
        if processed:
            out.append(Deadline(processed + dt.timedelta(days=row["days"]), "registration",
                                row["title"], row["counted_from"]))
    verified = date_of(case, "departure.pension_verified")
    row = law.optional_rule("eligibility_verification")
    retained = case.get("procedure") == "departure" and (case.get("departure") or {}).get("choice") == "retain"
    if verified and retained and row:
        out.append(Deadline(_add_months(verified, int(row["valid_months"])), "verification", row["title"],
                            "departure.pension_verified"))
    seen = set()
    for req in requirements(case, law) if reqs is None else reqs:
        fld = req.expiry_field
        if fld and fld not in seen:
            seen.add(fld)
            expiry = date_of(case, fld)
            if expiry:
                out.append(Deadline(expiry, "expiry", req.title, fld))
    for row in validity_rows(case, law):
        expiry = date_of(case, row["field"])
        if expiry and row["field"] not in seen:
            seen.add(row["field"])
            out.append(Deadline(expiry, "expiry", row["title"], row["field"]))
    return sorted(out, key=lambda d: (d.date, d.kind))


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day if it has no such day)."""
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
