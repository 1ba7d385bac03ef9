"""requirements(case, law): the ordered documents a case needs, each with why.

The rows and their conditions are data (documents.toml, practice.toml); this module
derives the case's facts, matches them and dresses each row with its sources, checks
and, for the certificate of coverage, the insurances it exempts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from forms.law.exemption import exemption
from forms.law.ruleset import Law, as_law
from forms.case.model import get
from forms.common.i18n import N_, bi


@dataclass
class Requirement:
    id: str
    title: dict
    category: dict | None
    mandatory: bool
    practice: bool  # "practice, not in the guideline": recommended, never a blocker
    evidence: str | None  # practice rows: multi | single
    because: dict
    remarks: list[dict]
    checks: list[dict]  # {"id", "title"}
    sources: list[dict]
    form: str | None = None  # filled by Shebao Desk
    kind: str | None = None  # id3 | id1 | a4: the physical document a scan shows
    min_pages: int | None = None
    expiry_field: str | None = None
    expiry_severity: str = "blocker"  # what the document past its expiry gives (documents.toml)
    notes: list[dict] = field(default_factory=list)
    exempt: list[str] = field(default_factory=list)  # insurance ids not paid (certificate of coverage)

    def to_dict(self) -> dict:
        return asdict(self)


def group_of(case: dict) -> str:
    if get(case, "person.pr_card.number") or get(case, "employment.document_kind") == "pr_card":
        return "pr"
    if get(case, "employment.arrangement") == "dispatched":
        return "dispatched"
    return "permit"


def facts(case: dict, law: Law) -> dict:
    """The values the rule conditions test, derived from the case."""
    group = group_of(case)
    agreement = law.agreement(get(case, "person.nationality"))
    ex = exemption(case, law)
    return {
        "procedure": case.get("procedure"),
        "channel": get(case, "channel"),
        "group": group,
        "pr_holder": group == "pr",
        "arrangement": get(case, "employment.arrangement", "direct"),
        "employment_document": "pr_card" if group == "pr" else get(case, "employment.document_kind", "work_permit"),
        "agreement": law.agreement_status(agreement),
        # the exemption applies: open to the person's arrangement, and claimed (forms.law.exemption)
        "claims_exemption": bool(ex and ex.applies),
        "choice": get(case, "departure.choice"),
        "by_proxy": bool(get(case, "departure.by_proxy", False)),
    }


def matches(row: dict, f: dict) -> bool:
    when = row.get("when", {})
    if not all(f.get(k) in allowed for k, allowed in when.items()):
        return False
    unless = row.get("unless")
    return not (unless and all(f.get(k) in allowed for k, allowed in unless.items()))


def pr_not_employed(case: dict) -> bool:
    return (case.get("procedure") == "registration" and group_of(case) == "pr"
            and get(case, "employment.pr_employed") is False)


def requirements(case: dict, law: Law | dt.date) -> list[Requirement]:
    """The documents this case needs under `law` (or on a date), in counter order. Raises
    RuleDateError for a date the rule data does not cover. An unemployed PR holder needs
    none: the checks say what applies instead."""
    law = as_law(law)
    if pr_not_employed(case):
        return []
    f = facts(case, law)
    checks = law.data.get("check", {})
    out = []
    for row in law.rows("document"):
        if not matches(row, f):
            continue
        req = Requirement(
            id=row["id"],
            title=row["title"],
            category=row.get("category"),
            mandatory=bool(row.get("mandatory")) and not row["practice"],
            practice=row["practice"],
            evidence=row.get("evidence"),
            because=row["because"],
            remarks=list(row.get("remarks", [])),
            checks=[{"id": c, "title": checks[c]["title"]} for c in row.get("checks", [])],
            sources=law.source_titles(row["source"]),
            form=row.get("form"),
            kind=row.get("kind"),
            min_pages=row.get("min_pages"),
            expiry_field=row.get("expiry_field"),
            # practice gives a warning at most
            expiry_severity="warning" if row["practice"] else row.get("expiry_severity", "blocker"),
        )
        if row["id"] == "reg.certificate_of_coverage":
            _dress_coverage(req, case, law)
        if row["practice"]:
            req.notes.insert(0, law.data["practice"]["label"])
        out.append(req)
    return out


def _dress_coverage(req: Requirement, case: dict, law: Law) -> None:
    ex = exemption(case, law)
    agreement = ex.agreement
    req.exempt = list(ex.insurances)
    req.title = bi(N_("{title}: {certificate}"), title=req.title, certificate=agreement["certificate"])
    req.notes.append(bi(N_("With it, these are not paid in China: {insurances}."),
                        insurances=law.insurance_titles(req.exempt)))
    for key in ("exempt_note", "posting_note"):
        if key in agreement:
            req.notes.append(agreement[key])
    if ex.direct_note(law):
        req.notes.append(ex.direct_note(law))
    req.notes.extend(agreement.get("in_practice", []))
    req.sources += [s for s in law.source_titles(agreement["source"]) if s not in req.sources]


def advice(case: dict, law: Law | dt.date) -> list[dict]:
    """Advice rows (no document) that apply to the case: title, practice flag, sources."""
    law = as_law(law)
    f = facts(case, law)
    return [
        {"id": row["id"], "title": row["title"], "practice": row["practice"],
         "sources": law.source_titles(row["source"])}
        for row in law.rows("advice") if matches(row, f)
    ]


def validity_rows(case: dict, law: Law) -> list[dict]:
    """Dates checked without a document (documents.toml [[validity]]): the work permit on
    the One-Stop channel, which needs no permit document but a valid permit."""
    f = facts(case, law)
    return [row for row in law.rows("validity") if matches(row, f)]


def required_fields(case: dict, law: Law) -> list[tuple[str, dict]]:
    """(field, rule row) for each case field the procedure needs."""
    f = facts(case, law)
    out = []
    for row in law.rows("required"):
        if matches(row, f):
            out.extend((fld, row) for fld in row["fields"] if fld not in [x for x, _ in out])
    return out
