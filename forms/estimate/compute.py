"""The estimate itself: the personal account balance on the settlement date, year by year.

Method (rule `crediting_method`, monthly accumulation): each month's contribution is the
`personal_account.share` (8 %) of its base; at the end of a year

    interest = opening balance × r + Σ (contribution of month n × (12 − n + 1)) × r / 12

and in the year of settlement the same with the settlement month m in place of 12. Money
is Decimal, each contribution and each year's interest rounded to the fen (half up).

A year's rate r comes from the `crediting_rate` rows: official, or `uncertain` (secondary
sources only). A year after the last row uses the last row's rate ("assumed": not yet
announced), a year before the first row has none (its interest is left out, flagged).
Wherever r is uncertain or assumed the range uses the lowest and highest rate of the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from forms.law.ruleset import Parameters, law_on, parameters
from forms.law.findings import INFO, WARNING, Finding
from forms.common.i18n import N_, bi
from forms.estimate.history import FIELD, Period, month_index, month_text

FEN = Decimal("0.01")
OFFICIAL, UNCERTAIN, ASSUMED, NONE = "official", "uncertain", "assumed", "none"


class EstimateError(ValueError):
    def __init__(self, message: dict):
        self.message = message
        super().__init__(message["en"])


@dataclass(frozen=True)
class Year:
    year: int
    months: int
    contributions: Decimal
    interest: Decimal
    balance: Decimal  # at the end of the year (of the settlement month in the last year)
    rate: Decimal | None
    rate_kind: str  # official | uncertain | assumed | none
    rate_year: int | None  # the year whose announced rate is used


@dataclass
class Estimate:
    on: dt.date
    years: list[Year]
    balance: Decimal
    low: Decimal
    high: Decimal
    findings: list[Finding] = field(default_factory=list)
    assumptions: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)

    @property
    def contributions(self) -> Decimal:
        return sum((y.contributions for y in self.years), Decimal(0))

    @property
    def interest(self) -> Decimal:
        return sum((y.interest for y in self.years), Decimal(0))

    @property
    def uncertain(self) -> bool:
        return self.low != self.high

    def to_json(self) -> dict:
        money = lambda x: str(x)  # noqa: E731 - exact decimal strings, no float rounding
        return {
            "on": self.on.isoformat(),
            "balance": money(self.balance), "low": money(self.low), "high": money(self.high),
            "contributions": money(self.contributions), "interest": money(self.interest),
            "years": [{"year": y.year, "months": y.months, "contributions": money(y.contributions),
                       "interest": money(y.interest), "balance": money(y.balance),
                       "rate": None if y.rate is None else str(y.rate), "rate_kind": y.rate_kind,
                       "rate_year": y.rate_year} for y in self.years],
            "findings": [f.to_dict() for f in self.findings],
            "assumptions": self.assumptions,
            "sources": self.sources,
            "bureau_computes": bi(DISCLAIMER),
        }


DISCLAIMER = N_("This is an estimate. The social insurance bureau computes the real amount; "
                "the estimate is not part of the submission pack.")


def _fen(x: Decimal) -> Decimal:
    return x.quantize(FEN, rounding=ROUND_HALF_UP)


def _dec(x) -> Decimal:
    return Decimal(str(x))


def rate_table(params: Parameters) -> dict[int, dict]:
    return {row["year"]: row for row in params.series("crediting_rate")}


def rate_for(table: dict[int, dict], year: int) -> tuple[Decimal | None, str, int | None]:
    """(rate, kind, year of the rate used) for a calendar year."""
    if year in table:
        row = table[year]
        return _dec(row["rate"]), UNCERTAIN if row.get("uncertain") else OFFICIAL, year
    last = max(table)
    if year > last:
        return _dec(table[last]["rate"]), ASSUMED, last
    return None, NONE, None


def monthly(periods: list[Period], share: Decimal) -> dict[int, Decimal]:
    """Month index -> the contribution to the personal account (overlaps add up)."""
    out: dict[int, Decimal] = {}
    for p in periods:
        c = _fen(p.base * share)
        for m in range(p.start, p.end + 1):
            out[m] = out.get(m, Decimal(0)) + c
    return out


def _year_interest(opening: Decimal, contrib: dict[int, Decimal], year: int, m: int, r: Decimal) -> Decimal:
    month_sum = sum((contrib.get(month_index(year, n), Decimal(0)) * (m - n + 1) for n in range(1, m + 1)), Decimal(0))
    return _fen(opening * r * m / 12 + month_sum * r / 12)


def compute(periods: list[Period], on: dt.date, params: Parameters) -> Estimate:
    """The estimate on the settlement date `on` (not checked against the rule set's
    coverage here: see estimate_case)."""
    if not periods:
        raise EstimateError(bi(N_("There is no contribution history: add the periods you paid (from, to, monthly base), "
                                  "or paste the table of your contribution record.")))
    share = _dec(params.rule("personal_account")["share"])
    table = rate_table(params)
    lo_rate, hi_rate = min(_dec(r["rate"]) for r in table.values()), max(_dec(r["rate"]) for r in table.values())
    settle = month_index(on.year, on.month)
    findings = history_findings(periods, settle, params)
    contrib = {k: v for k, v in monthly(periods, share).items() if k <= settle}
    if not contrib:
        raise EstimateError(bi(N_("No contribution month falls on or before the settlement date {date}."), date=on))
    first = min(contrib) // 12
    balance = low = high = Decimal(0)
    years, assumed, missing = [], [], []
    for year in range(first, on.year + 1):
        m = on.month if year == on.year else 12
        r, kind, ryear = rate_for(table, year)
        paid = sum((contrib.get(month_index(year, n), Decimal(0)) for n in range(1, m + 1)), Decimal(0))
        months = sum(1 for n in range(1, m + 1) if month_index(year, n) in contrib)
        sure = kind == OFFICIAL
        interest = _year_interest(balance, contrib, year, m, r) if r is not None else Decimal(0)
        low += paid + (_year_interest(low, contrib, year, m, r if sure else lo_rate) if kind != NONE else 0)
        high += paid + (_year_interest(high, contrib, year, m, r if sure else hi_rate) if kind != NONE else 0)
        balance += paid + interest
        years.append(Year(year, months, paid, interest, balance, r, kind, ryear))
        if kind == ASSUMED:
            assumed.append(year)
        if kind == NONE:
            missing.append(year)
    for year in missing:
        findings.append(Finding(WARNING, "RATE_MISSING", bi(
            N_("No crediting rate is known for {year} (before 2016 Guangdong set its own rates, and they were not found): "
               "that year's interest is left out, so the estimate is too low."), year=str(year)), field=FIELD,
            sources=("rsbf-2017-31",)))
    est = Estimate(on, years, balance, low, high, findings)
    est.assumptions = _assumptions(params, table, years, lo_rate, hi_rate)
    est.sources = _sources(params, table, years)
    return est


def estimate_case(case: dict, on: dt.date) -> Estimate:
    """The estimate for a case on its settlement date; RuleDateError for a date the rule
    set does not cover, HistoryError / EstimateError for an unusable history."""
    from forms.estimate.history import periods_from_case

    law_on(on)  # a settlement date the rule data does not cover is refused (RuleDateError)
    return compute(periods_from_case(case), on, parameters())


# The personal account is credited month by month from the contributions paid (State
# Council Guo Fa [2005] No. 38): what the history's gaps, overlaps and late months bear on.
HISTORY_SOURCES = ("gf-2005-38",)


def history_findings(periods: list[Period], settle: int, params: Parameters) -> list[Finding]:
    """Gaps, overlaps, months after settlement and bases outside the known limits."""
    out = []
    ordered = sorted(periods, key=lambda p: (p.start, p.end))
    for a, b in zip(ordered, ordered[1:]):
        if b.start > a.end + 1:
            out.append(Finding(WARNING, "CONTRIBUTION_GAP", bi(
                N_("No contributions from {start} to {end}: if you paid in those months, add them; "
                   "the estimate counts only the months listed."),
                start=month_text(a.end + 1), end=month_text(b.start - 1)), field=FIELD, sources=HISTORY_SOURCES))
        elif b.start <= a.end:
            out.append(Finding(WARNING, "CONTRIBUTION_OVERLAP", bi(
                N_("The periods overlap from {start} to {end}: those months are counted twice. "
                   "Correct the history unless you really paid twice."),
                start=month_text(b.start), end=month_text(min(a.end, b.end))), field=FIELD, sources=HISTORY_SOURCES))
    late = [p for p in periods if p.end > settle]
    if late:
        out.append(Finding(WARNING, "CONTRIBUTION_AFTER_SETTLEMENT", bi(
            N_("Months after the settlement month {month} are left out of the estimate."),
            month=month_text(settle)), field=FIELD, sources=HISTORY_SOURCES))
    unchecked = 0
    for p in ordered:
        for m in range(p.start, p.end + 1):
            day = dt.date(m // 12, m % 12 + 1, 1)
            limits = params.rows_on("contribution_base", day)
            if not limits:
                unchecked += 1
                continue
            row = limits[0]
            lo, hi = _dec(row["minimum"]), _dec(row["maximum"])
            if not lo <= p.base <= hi:
                msg = N_("The base {base} of {start} to {end} is above the limit of RMB {minimum} to {maximum} known for "
                         "{month}: check the record; the estimate uses the base as given.") if p.base > hi else \
                    N_("The base {base} of {start} to {end} is below the limit of RMB {minimum} to {maximum} known for "
                       "{month}: check the record; the estimate uses the base as given.")
                out.append(Finding(WARNING, "BASE_ABOVE_LIMIT" if p.base > hi else "BASE_BELOW_LIMIT", bi(
                    msg, base=str(p.base), start=month_text(p.start), end=month_text(p.end), minimum=int(lo),
                    maximum=int(hi), month=month_text(m)), field=FIELD, sources=tuple(row["source"])))
                break
    if unchecked:
        out.append(Finding(INFO, "BASE_LIMITS_UNKNOWN", bi(
            N_("The limits of the contribution base are known only for {known}: {count} months "
               "were not checked against them."), count=unchecked, known=_known_limits(params)),
            field=FIELD, sources=("base-rule",)))
    return out


def _known_limits(params: Parameters) -> str:
    return ", ".join(f"{start:%Y-%m}–{end:%Y-%m}" for start, end in params.periods("contribution_base"))


def _pct(r: Decimal) -> str:
    return f"{r * 100:.2f} %"


def _assumptions(params, table, years, lo_rate, hi_rate) -> list[dict]:
    acc, method = params.rule("personal_account"), params.rule("crediting_method")
    out = [acc["note"], method["note"], method["settlement_year"]]
    for y in years:
        if y.rate_kind == ASSUMED:
            out.append(bi(N_("The rate for {year} is not announced yet (a year's rate is announced the following year): "
                             "the last announced rate, {rate} for {last}, is used."),
                          year=str(y.year), rate=_pct(y.rate), last=str(y.rate_year)))
    if any(y.rate_kind in (UNCERTAIN, ASSUMED) for y in years):
        used = sorted({y.rate_year for y in years if y.rate_kind in (UNCERTAIN, ASSUMED)})
        out.append(bi(N_("The rates for {years} come from secondary sources only or are not announced yet: the range "
                         "takes them at the lowest and the highest rate of the table ({low} to {high})."),
                      years=[str(y) for y in used], low=_pct(lo_rate), high=_pct(hi_rate)))
    out.append(bi(DISCLAIMER))
    return out


def _sources(params, table, years) -> list[dict]:
    ids: list[str] = []
    rows = [params.rule("personal_account"), params.rule("crediting_method")] + \
        [table[y.rate_year] for y in years if y.rate_year is not None]
    for row in rows:
        ids += [s for s in row["source"] if s not in ids]
    return params.source_titles(ids)
