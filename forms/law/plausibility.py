"""Dates of a case that cannot all be true: a birth date in the future or less than the
minimum working age before the employment starts, an employment that ends before it
starts, a document issued after it expires, before its holder was born or in the future.
Each is a blocker on the field that fixes it, with the dates in the message (the rule and
its sources: ruleset.toml [plausibility])."""

from __future__ import annotations

from forms.case.fields import label
from forms.case.model import date_of
from forms.common.i18n import N_, bi
from forms.law.findings import BLOCKER, Finding
from forms.law.ruleset import Law

# (issue date field, expiry date field) of the documents whose dates a case holds
_DOCUMENTS = (("person.passport.issue_date", "person.passport.expiry"),
              ("employment.document_processed", "employment.document_expiry"))


def plausibility_findings(case: dict, law: Law) -> list[Finding]:
    rule = law.rule("plausibility")
    src = tuple(rule["source"])
    out = []

    def add(code, fld, message, sources=src):
        out.append(Finding(BLOCKER, code, message, field=fld, sources=sources))

    birth = date_of(case, "person.birth_date")
    start = date_of(case, "employment.start_date")
    end = date_of(case, "employment.end_date")
    if birth and birth > law.on:
        add("DATE_BIRTH_FUTURE", "person.birth_date",
            bi(N_("The date of birth {birth} is after the submission date {on}: correct it from the passport."),
               birth=birth, on=law.on))
    elif birth and start and _years_between(birth, start) < rule["min_working_age"]:
        add("DATE_TOO_YOUNG", "person.birth_date",
            bi(N_("The date of birth {birth} makes the person under {age} when the employment starts on {start}: correct the date of birth or the start of employment."),
               birth=birth, age=rule["min_working_age"], start=start), tuple(rule["working_age_source"]))
    if start and end and end < start:
        add("DATE_EMPLOYMENT_ORDER", "employment.end_date",
            bi(N_("The employment ends {end}, before it starts {start}: correct the end or the start date."),
               end=end, start=start))
    for issued_field, expiry_field in _DOCUMENTS:
        issued, expiry = date_of(case, issued_field), date_of(case, expiry_field)
        if not issued:
            continue
        what = label(issued_field)
        if expiry and issued > expiry:
            add("DATE_ISSUED_AFTER_EXPIRY", issued_field,
                bi(N_("{what} {issued} is after the expiry date {expiry}: copy both dates from the document."),
                   what=what, issued=issued, expiry=expiry))
        if birth and issued < birth:
            add("DATE_ISSUED_BEFORE_BIRTH", issued_field,
                bi(N_("{what} {issued} is before the holder's date of birth {birth}: correct whichever is wrong."),
                   what=what, issued=issued, birth=birth))
        if issued > law.on:
            add("DATE_ISSUED_FUTURE", issued_field,
                bi(N_("{what} {issued} is after the submission date {on}: copy it from the document."),
                   what=what, issued=issued, on=law.on))
    return out


def _years_between(a, b) -> int:
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))
