"""One evaluation of a case, as the CLI and the app show it: requirements with their
attachment status, advice and findings, plus a JSON form of it all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from forms.law.ruleset import Law, as_law
from forms.case.model import full_name, get
from forms.law.checks import check_case
from forms.law.findings import BLOCKER, counts, has_blockers, ordered
from forms.law.requirements import Requirement, advice, requirements


@dataclass
class Report:
    case: dict
    law: Law
    requirements: list[Requirement]
    findings: list
    advice: list[dict] = field(default_factory=list)
    files: list | None = None  # FileResult per attachment when the files were inspected

    @property
    def on(self) -> dt.date:
        return self.law.on

    def attachments_for(self, req_id: str) -> list[dict]:
        return [a for a in self.case.get("attachments", []) if a["requirement"] == req_id]

    def status(self, req: Requirement) -> str:
        """attached | form | missing | problem (a blocker names the requirement)."""
        if any(f.severity == BLOCKER and f.requirement == req.id for f in self.findings):
            return "problem"
        if self.attachments_for(req.id):
            return "attached"
        if req.form:
            return "form"
        return "missing"

    @property
    def ready(self) -> bool:
        return not has_blockers(self.findings)

    def to_json(self) -> dict:
        start, end = self.law.coverage
        return {
            "case": {
                "id": self.case.get("id"),
                "procedure": self.case.get("procedure"),
                "channel": self.case.get("channel"),
                "name": full_name(self.case),
                "nationality": get(self.case, "person.nationality"),
            },
            "on": self.on.isoformat(),
            "ruleset": {"id": self.law.data["ruleset"]["id"], "covers_from": start.isoformat(),
                        "covers_until": end.isoformat()},
            "requirements": [
                {**r.to_dict(), "status": self.status(r),
                 "attachments": [a["path"] for a in self.attachments_for(r.id)]}
                for r in self.requirements
            ],
            "advice": self.advice,
            "findings": [f.to_dict() for f in self.findings],
            **({"files": [r.to_json() for r in self.files]} if self.files is not None else {}),
            "summary": {**counts(self.findings), "ready": self.ready},
        }


def build_report(case: dict, law: Law | dt.date, extra_findings=(), *, inspect: bool = False,
                 progress=None, cancel=None) -> Report:
    """Evaluate the case under `law` (or the law on a date). `extra_findings` (for example from the file inspection)
    join the data checks. With `inspect`, the attached files are inspected too
    (forms.inspection.inspect_case, with its progress and cancel callbacks) and their
    findings join, but for the "no problems found" notes, which stay in `files`. Raises
    RuleDateError for a date the rules do not cover."""
    law = as_law(law)
    reqs = requirements(case, law)
    findings = check_case(case, law, reqs) + list(extra_findings)
    files = None
    if inspect:
        from forms.inspection import inspect_case

        inspected = inspect_case(case, law, progress=progress, cancel=cancel)
        files = inspected.files
        findings += [f for f in inspected.all_findings() if f.code != "FILE_OK"]
    return Report(case, law, reqs, ordered(findings), advice(case, law), files)
