"""Dated rule data: load the TOML rule set and answer only for dates it covers.

The data lives in resources/rules/<ruleset>/*.toml. Every rule row has a bilingual title,
its sources and the dates it is effective (effective_from, optional effective_to); the
rule set as a whole covers [covers_from, covers_until]. A question about a date outside
that range raises RuleDateError: the data says nothing about it, so nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache

from .i18n import bi, N_
from .paths import resource

DEFAULT_RULESET = "shenzhen"
# Tables that hold lists of rule rows, and singleton tables that are one rule each.
ROW_LISTS = ("group", "insurance", "channel", "one_stop_matter", "document", "advice", "required",
             "agreement", "choice", "crediting_rate", "contribution_base")
SINGLE_RULES = ("pr_not_employed", "eligibility_verification", "personal_account", "crediting_method")


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


def check_date(rules: dict, on: dt.date) -> None:
    start, end = coverage(rules)
    if not start <= on <= end:
        raise RuleDateError(on, start, end)


def is_effective(row: dict, on: dt.date) -> bool:
    start = row.get("effective_from")
    end = row.get("effective_to")
    return (start is None or start <= on) and (end is None or on <= end)


def active(rules: dict, table: str, on: dt.date) -> list[dict]:
    """The rows of a list table in force on `on` (the date must be covered)."""
    check_date(rules, on)
    return [row for row in rules.get(table, []) if is_effective(row, on)]


def rule(rules: dict, path: str, on: dt.date) -> dict:
    """A singleton rule such as 'deadline.registration' or 'pr_not_employed', if in force."""
    check_date(rules, on)
    node = rules
    for part in path.split("."):
        node = node[part]
    if not is_effective(node, on):
        raise RuleDateError(on, node.get("effective_from"), node.get("effective_to") or coverage(rules)[1])
    return node


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


def agreement_for(rules: dict, country: str, on: dt.date) -> dict | None:
    for row in active(rules, "agreement", on):
        if row["country"] == country:
            return row
    return None


def agreement_status(row: dict | None, on: dt.date) -> str:
    """in_force | signed | none, for the agreement row on the date."""
    if row is None:
        return "none"
    in_force = row.get("in_force")
    return "in_force" if in_force and in_force <= on else "signed"


def insurance_titles(rules: dict, ids: list[str], on: dt.date, key: str = "short") -> list[dict]:
    by_id = {row["id"]: row for row in active(rules, "insurance", on)}
    return [by_id[i][key] for i in ids]
