"""A case's one-line status for the case list: ready, or n blockers and n warnings, and
its dates soonest first. Computed from the report (the engine's one evaluation) and cached
by the store beside the case; `key` says which day and which rules it was computed for."""

from __future__ import annotations

import datetime as dt

from forms import __version__
from forms.law.ruleset import RuleDateError, load_rules
from forms.law.deadlines import deadlines, evaluation_date
from forms.law.due import due_tags, registration_window
from forms.law.findings import counts
from forms.verdict.report import build_report


SUMMARY_FORMAT = 2  # 2: with forms.law.due's tags


def summary_key(on: dt.date) -> str:
    rules = load_rules()
    return f"{on.isoformat()}|{__version__}|{rules['ruleset'].get('reviewed', '')}|{SUMMARY_FORMAT}"


def case_summary(case: dict, today: dt.date, report=None) -> dict:
    """{"key", "on", "blocker", "warning", "info", "ready", "deadlines": [...], "due": tags}
    or, when the rules do not cover the date, {"key", "on", "error": bilingual message}.
    The due tags (forms.law.due) are for `today`."""
    on = evaluation_date(case, today)
    out = {"key": summary_key(today), "on": on.isoformat()}
    try:
        report = report or build_report(case, on)
        out.update(counts(report.findings))
        out["ready"] = report.ready
        out["deadlines"] = [d.to_dict() for d in deadlines(case, report.law, reqs=report.requirements)]
        out["due"] = due_tags(case.get("procedure", ""), out["deadlines"], today, registration_window(report.law))
    except RuleDateError as exc:
        out["error"] = exc.message
    return out
