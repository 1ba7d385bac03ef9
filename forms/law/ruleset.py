"""Dated rule data: load the TOML rule set, and resolve it for a date (`law_on`).

The data lives in resources/rules/<ruleset>/*.toml. Every rule row has a bilingual title,
its sources and the dates it is effective (effective_from, optional effective_to); the
rule set as a whole covers [covers_from, covers_until]. A question about a date outside
that range raises RuleDateError: the data says nothing about it, so nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache

from forms.common.i18n import bi, N_
from forms.common.paths import resource

DEFAULT_RULESET = "shenzhen"
# Tables that hold lists of rule rows, and singleton tables that are one rule each.
ROW_LISTS = ("group", "insurance", "channel", "one_stop_matter", "document", "advice", "required",
             "agreement", "choice", "crediting_rate", "contribution_base", "validity", "legal_basis",
             "retirement_scheme")
SINGLE_RULES = ("pr_not_employed", "eligibility_verification", "personal_account", "crediting_method",
                "exemption_scope", "benefits", "contributions", "retirement", "plausibility")


class RuleDateError(ValueError):
    """The rule data does not cover the date asked about."""

    def __init__(self, on: dt.date, covers_from: dt.date, covers_until: dt.date):
        self.on, self.covers_from, self.covers_until = on, covers_from, covers_until
        self.message = bi(
            N_("The rule data covers {start} to {end}; it says nothing about {date}. "
               "Choose a date in that range, or update Shebao Desk for newer rules."),
            start=covers_from, end=covers_until, date=on)
        super().__init__(self.message["en"])


@cache
def load_rules(name: str = DEFAULT_RULESET) -> dict:
    """Every TOML file of the rule set merged into one dict; list tables concatenated in
    file order (documents.toml before practice.toml). Practice rows are marked."""
    folder = resource("rules", name)
    order = ["ruleset", "sources", "eligibility", "insurances", "channels", "documents",
             "practice", "departure", "agreements", "fields"]
    files = sorted(folder.glob("*.toml"), key=lambda p: (order.index(p.stem) if p.stem in order else 99, p.stem))
    merged: dict = {}
    for path in files:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        practice = path.stem == "practice"
        for key, value in data.items():
            if isinstance(value, list):
                for row in value:
                    row["practice"] = practice
                    row["_file"] = path.name
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key].update(value)
            else:
                merged[key] = value
    return merged


def coverage(rules: dict) -> tuple[dt.date, dt.date]:
    rs = rules["ruleset"]
    return rs["covers_from"], rs["covers_until"]


def _in_force(row: dict, on: dt.date) -> bool:
    start = row.get("effective_from")
    end = row.get("effective_to")
    return (start is None or start <= on) and (end is None or on <= end)


class Law:
    """The rule data resolved for one date: only the rows in force that day. Everything
    after this point asks a Law, never the dated data, so no function can forget to
    filter by date or filter by another one (OpenFisca's `parameters(period)`). The
    modules beside this one ask it about a case: `requirements(case, law)`,
    `check_case(case, law)`, `deadlines(case, law)`.

    Build it with `law_on(date)`, which refuses a date the data does not cover."""

    def __init__(self, data: dict, on: dt.date):
        start, end = coverage(data)
        if not start <= on <= end:
            raise RuleDateError(on, start, end)
        self.on = on
        self.data = data  # undated tables (source, check, practice, ruleset) are read as they are
        self._rows = {t: [r for r in data.get(t, []) if _in_force(r, on)] for t in ROW_LISTS}
        self._agreements: dict = {}
        for row in self._rows["agreement"]:
            self._agreements.setdefault(row["country"], row)
        self._insurances = {r["id"]: r for r in self._rows["insurance"]}

    def __repr__(self) -> str:
        return f"Law({self.data['ruleset'].get('id', '?')}, on={self.on})"

    @property
    def coverage(self) -> tuple[dt.date, dt.date]:
        return coverage(self.data)

    def rows(self, table: str) -> list[dict]:
        """The rows of a list table (document, channel, agreement, ...) in force."""
        return self._rows[table]

    def rule(self, path: str) -> dict:
        """A singleton rule such as 'deadline.registration' or 'pr_not_employed'."""
        node = self.data
        for part in path.split("."):
            node = node[part]
        if not _in_force(node, self.on):
            raise RuleDateError(self.on, node.get("effective_from"),
                                node.get("effective_to") or coverage(self.data)[1])
        return node

    def optional_rule(self, path: str) -> dict | None:
        """A singleton rule if the data has it and it is in force, else None."""
        try:
            return self.rule(path)
        except (KeyError, RuleDateError):
            return None

    def agreement(self, country: str | None) -> dict | None:
        """The social security agreement with `country` in force (or signed) on the date."""
        return self._agreements.get(country) if country else None

    def agreement_status(self, row: dict | None) -> str:
        """in_force | signed | none, for an agreement row on the date."""
        if row is None:
            return "none"
        in_force = row.get("in_force")
        return "in_force" if in_force and in_force <= self.on else "signed"

    def insurance_titles(self, ids: list[str], key: str = "short") -> list[dict]:
        return [self._insurances[i][key] for i in ids]

    def source_titles(self, ids: list[str]) -> list[dict]:
        return source_titles(self.data, ids)


class Parameters:
    """Rule data that is a series over time rather than the law of one day: the crediting
    rate of each year, the contribution-base limits of each period (OpenFisca's
    parameters over periods). The refund estimate walks a contribution history back to
    2016 with it, before the rule set's coverage; only this module reads the dates."""

    def __init__(self, data: dict):
        self.data = data

    def series(self, table: str) -> list[dict]:
        """Every row of a dated table, whatever its dates."""
        return list(self.data.get(table, []))

    def rows_on(self, table: str, day: dt.date) -> list[dict]:
        """The rows of a table whose own effective period includes `day`."""
        return [r for r in self.data.get(table, []) if _in_force(r, day)]

    def periods(self, table: str) -> list[tuple[dt.date | None, dt.date | None]]:
        """(from, to) of each row of a table: what the data knows, to say so."""
        return [(r.get("effective_from"), r.get("effective_to")) for r in self.data.get(table, [])]

    def rule(self, name: str) -> dict:
        return self.data[name]

    def source_titles(self, ids: list[str]) -> list[dict]:
        return source_titles(self.data, ids)


def parameters(name: str = DEFAULT_RULESET) -> Parameters:
    return Parameters(load_rules(name))


_laws: dict = {}


def law_on(on: dt.date, name: str = DEFAULT_RULESET) -> Law:
    """The law in force on `on` (cached: a Law is read-only). Raises RuleDateError for a
    date the rule data does not cover."""
    key = (name, on)
    law = _laws.get(key)
    if law is None:
        law = _laws[key] = Law(load_rules(name), on)
    return law


def as_law(when: "Law | dt.date") -> Law:
    """For the entry points (CLI, app, tests) that are handed a date: resolve it once."""
    return when if isinstance(when, Law) else law_on(when)


def source_titles(rules: dict, ids: list[str]) -> list[dict]:
    """The sources a rule cites, with their bilingual titles and addresses."""
    out = []
    for sid in ids:
        src = rules["source"][sid]
        out.append({"id": sid, "kind": src["kind"], "title": src["title"], "url": src.get("url")})
    return out


def rule_rows(rules: dict):
    """(where, row) for every rule row in the data: what the source test walks."""
    for table in ROW_LISTS:
        for i, row in enumerate(rules.get(table, [])):
            yield f"{table}[{i}]:{row.get('id') or row.get('country')}", row
    for name in SINGLE_RULES:
        if name in rules:
            yield name, rules[name]
    for name, row in rules.get("deadline", {}).items():
        yield f"deadline.{name}", row
    yield "ruleset", rules["ruleset"]
