"""The estimate as text cells and lines, shared by the command line, the PDF and the app
(each shows the same numbers the engine computed, formatted per locale)."""

from __future__ import annotations

from decimal import Decimal

from forms.common.i18n import N_, cldr_locale, format_date, pick, tr
from forms.estimate.compute import ASSUMED, DISCLAIMER, NONE, UNCERTAIN, Estimate

HEADERS = (N_("Year"), N_("Months"), N_("Contributions"), N_("Rate"), N_("Interest"), N_("Balance"))
MARKS = {UNCERTAIN: "*", ASSUMED: "†", NONE: "–"}
LEGEND = (("*", N_("rate from secondary sources only (uncertain)")),
          ("†", N_("rate not announced yet: the last announced rate is used")),
          ("–", N_("no rate known: interest left out")))


def money(value: Decimal, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.00", locale=cldr_locale(lang))


def percent(rate: Decimal | None, lang: str) -> str:
    from babel.numbers import format_decimal

    return "" if rate is None else format_decimal(rate * 100, format="0.00", locale=cldr_locale(lang)) + " %"


def headers(lang: str) -> list[str]:
    return [tr(h, lang) for h in HEADERS]


def rows(est: Estimate, lang: str) -> list[list[str]]:
    """One row of cells per year, the rate marked when it is not official."""
    return [[str(y.year), str(y.months), money(y.contributions, lang),
             (percent(y.rate, lang) + " " + MARKS.get(y.rate_kind, "")).strip(), money(y.interest, lang),
             money(y.balance, lang)] for y in est.years]


def legend(est: Estimate, lang: str) -> list[str]:
    used = {MARKS.get(y.rate_kind) for y in est.years}
    return [f"{mark} {tr(text, lang)}" for mark, text in LEGEND if mark in used]


def headline(est: Estimate, lang: str) -> str:
    return tr(N_("Estimated personal account balance on {date}: RMB {amount}"), lang,
              date=format_date(est.on, lang), amount=money(est.balance, lang))


def range_line(est: Estimate, lang: str) -> str:
    if not est.uncertain:
        return tr(N_("All the rates used are official: no range."), lang)
    return tr(N_("Range where rates are uncertain: RMB {low} to {high}"), lang,
              low=money(est.low, lang), high=money(est.high, lang))


def totals_line(est: Estimate, lang: str) -> str:
    return tr(N_("Your contributions: RMB {paid}; interest: RMB {interest}"), lang,
              paid=money(est.contributions, lang), interest=money(est.interest, lang))


def disclaimer(lang: str) -> str:
    return tr(DISCLAIMER, lang)


def source_lines(est: Estimate, lang: str) -> list[str]:
    return [pick(s["title"], lang) + (f" — {s['url']}" if s.get("url") else "") for s in est.sources]
