"""The statutory retirement age and the minimum contribution period (retirement.toml), and
the check that settlement upon departure comes before the conditions for a pension
(guideline VIII).

At or over the statutory age on the settlement date, the person has reached one of the
conditions for a pension: with the minimum contribution period a monthly pension is
drawn instead (Social Insurance Law Art. 16); with fewer years one may pay on (or pay the
gap in one sum) up to the minimum, or apply in writing to end the relationship and take
the account, after a written notice of the consequences (Order 13 Arts. 2-3).
"""

from __future__ import annotations

import datetime as dt

from forms.case.model import date_of, get
from forms.common.i18n import N_, bi, months, years
from forms.law.findings import BLOCKER, WARNING, Finding
from forms.law.ruleset import Law


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def retirement_months(birth: dt.date, scheme: dict) -> int:
    """The statutory retirement age in months for someone born on `birth` under `scheme`."""
    start = scheme["from_birth"]
    base = scheme["base_years"] * 12
    if (birth.year, birth.month) < (start.year, start.month):
        return base
    after = (birth.year - start.year) * 12 + birth.month - start.month
    return base + min(scheme["max_months"], after // scheme["every_months"] + 1)


def retirement_date(birth: dt.date, scheme: dict) -> dt.date:
    return _add_months(birth, retirement_months(birth, scheme))


def min_contribution_months(year: int, law: Law) -> int:
    """Months of contributions needed for a monthly pension by someone reaching the
    statutory age in `year`."""
    mc = law.rule("retirement")["min_contribution"]
    steps = max(0, year - mc["steps_from_year"] + 1)
    return min(mc["max_months"], mc["base_months"] + steps * mc["step_months"])


def schemes_for(sex: str | None, law: Law) -> list[dict]:
    return [s for s in law.rows("retirement_scheme") if s["sex"] == sex]


def _span(total: int) -> dict:
    """An age or a contribution period in years and months."""
    whole, rest = divmod(total, 12)
    if rest:
        return bi(N_("{years} and {months}"), years=years(whole), months=months(rest))
    return years(whole)


def pension_age_findings(case: dict, law: Law) -> list[Finding]:
    """For a settlement upon departure (not for retaining the account): a finding when the
    person is at or over the statutory retirement age on the settlement date."""
    if case.get("procedure") != "departure" or get(case, "departure.choice") == "retain":
        return []
    birth = date_of(case, "person.birth_date")
    schemes = schemes_for(get(case, "person.sex"), law)
    if not birth or not schemes or birth > law.on:
        return []
    rule = law.rule("retirement")
    src = tuple(dict.fromkeys(("guideline-VIII",) + tuple(rule["source"])))
    dates = sorted((retirement_date(birth, s), s) for s in schemes)
    reached = [(d, s) for d, s in dates if d <= law.on]
    if not reached:
        return []
    if len(reached) < len(dates):  # women: depends on whether the age was 50 or 55
        d50, s50 = reached[0]
        d55, s55 = dates[-1]
        return [Finding(WARNING, "PENSION_AGE_MAYBE",
                        bi(N_("If your statutory retirement age was 50, you reached it on {date} ({age}), before the settlement date {on}: settlement upon departure applies only before the conditions for a pension are reached. If it was 55, you reach it on {later}. Ask the social insurance agency which applies to you."),
                           date=d50, age=_span(retirement_months(birth, s50)), on=law.on, later=d55),
                        field="person.birth_date", sources=src)]
    when, scheme = reached[-1]
    need = min_contribution_months(when.year, law)
    months = get(case, "social_security.contribution_months")
    params = dict(date=when, age=_span(retirement_months(birth, scheme)), on=law.on, need=_span(need))
    if months is None:
        return [Finding(WARNING, "PENSION_AGE_REACHED",
                        bi(N_("You reached the statutory retirement age ({age}) on {date}, before the settlement date {on}; settlement upon departure applies before the conditions for a pension are reached. With at least {need} of contributions you receive a monthly pension instead; with fewer, you may pay on up to that minimum, or apply in writing to end the relationship and take the account after a written notice. Enter the months of contributions to know which applies."),
                           **params),
                        field="social_security.contribution_months", sources=src + ("order13-art2-3",))]
    if months >= need:
        return [Finding(BLOCKER, "PENSION_AGE_REACHED",
                        bi(N_("You reached the statutory retirement age ({age}) on {date}, before the settlement date {on}, with {paid} of contributions (at least {need} needed): the conditions for a monthly pension are met, and settlement upon departure applies only before they are. Apply for the pension instead."),
                           paid=_span(months), **params),
                        field="person.birth_date", sources=src)]
    return [Finding(WARNING, "PENSION_AGE_SHORT",
                    bi(N_("You reached the statutory retirement age ({age}) on {date} with {paid} of contributions, fewer than the {need} needed for a monthly pension. You may pay on (or pay the gap in one sum) up to that minimum and receive a pension, or apply in writing to end the relationship and take the account, after a written notice of what that means."),
                       paid=_span(months), **params),
                    field="social_security.contribution_months", sources=src + ("order13-art2-3",))]


def retirement_lines(law: Law) -> list[dict]:
    """The rule in words, for `shebao rules`: each scheme and the minimum period."""
    out = []
    for s in law.rows("retirement_scheme"):
        top = s["base_years"] * 12 + s["max_months"]
        out.append(bi(N_("{who}: born before {start}, at {base}; from then on one month later for every {every} of later birth, up to {top}."),
                      who=s["title"], start=s["from_birth"], base=_span(s["base_years"] * 12),
                      every=months(s["every_months"]), top=_span(top)))
    mc = law.rule("retirement")["min_contribution"]
    out.append(bi(N_("Minimum contribution period for a monthly pension: {base} up to {year}; then {step} more each year, up to {top}."),
                  base=_span(mc["base_months"]), year=str(mc["steps_from_year"] - 1), step=months(mc["step_months"]),
                  top=_span(mc["max_months"])))
    return out
