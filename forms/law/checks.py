"""Data checks of a case (the attached files' contents are inspected elsewhere):
missing fields, the registration deadline, validity on the submission date, missing
attachments, agreement status, identifier check digits and the passport-number trap.

check_case(case, law) returns findings; it never raises on bad data (a date the rule data
does not cover is the one exception: RuleDateError, refused loudly).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from forms.case import countries
from forms.law import identifiers as ids
from forms.law.ruleset import Law, as_law
from forms.case.model import attachment_path, date_of, full_name, get
from forms.law.deadlines import deadlines
from forms.law.exemption import exemption
from forms.law.pension_age import pension_age_findings
from forms.law.plausibility import plausibility_findings
from forms.case.fields import label
from forms.law.findings import BLOCKER, INFO, WARNING, Finding, ordered
from forms.common.i18n import N_, bi, days
from forms.law.requirements import pr_not_employed, required_fields, requirements, validity_rows
from forms.common.untrusted import NotRegularFile, check_regular


def check_case(case: dict, law: Law | dt.date, reqs=None) -> list:
    law = as_law(law)
    reqs = requirements(case, law) if reqs is None else reqs
    out: list[Finding] = []
    if pr_not_employed(case):
        row = law.rule("pr_not_employed")
        out.append(Finding(BLOCKER, "PR_NOT_EMPLOYED",
                           bi(N_("{title}. {instead}"), title=row["title"], instead=row["instead"]),
                           field="employment.pr_employed", sources=tuple(row["source"])))
        return out
    out += _missing_fields(case, law)
    out += _dates(case, law, reqs)
    out += _attachments(case, reqs)
    out += _agreement(case, law)
    out += _identifiers(case, law.on)
    out += _departure(case, law)
    out += plausibility_findings(case, law)
    out += pension_age_findings(case, law)
    return ordered(out)


# --- fields ---------------------------------------------------------------------------

def _missing_fields(case, law):
    out = []
    for fld, row in required_fields(case, law):
        value = get(case, fld)
        if value is None or value == [] or (isinstance(value, list) and not any(value)):
            out.append(Finding(BLOCKER, "FIELD_MISSING", _missing_text(fld, row["title"]),
                               field=fld, sources=tuple(row["source"])))
    return out


def _missing_text(fld: str, why: dict) -> dict:
    """What to do about an empty field: choose (a choice) or enter it, and why it is asked,
    unless the reason only repeats the field's name."""
    from forms.case.model import field_schema

    name = label(fld)
    same = _plain(name["en"]) == _plain(why["en"])
    choice = "enum" in field_schema(fld) or field_schema(fld).get("type") == "boolean"
    if choice:
        return bi(N_("{field}: choose one.") if same else N_("{field}: choose one ({why})."), field=name, why=why)
    return bi(N_("{field} is missing: enter it.") if same else N_("{field} is missing: enter it ({why})."),
              field=name, why=why)


def _plain(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


# --- deadline and validity ------------------------------------------------------------

def _dates(case, law, reqs):
    """The registration deadline and the documents' validity, from the one list of a
    case's dates (forms.law.deadlines, which the case list shows too)."""
    by_field = {}
    for req in reqs:
        if req.expiry_field:
            by_field.setdefault(req.expiry_field, _Dated(req.title, tuple(s["id"] for s in req.sources),
                                                         req.expiry_severity, req.id))
    for row in validity_rows(case, law):
        by_field.setdefault(row["field"], _Dated(row["title"], tuple(row["source"]), BLOCKER, None))
    out = []
    for d in deadlines(case, law, reqs):
        if d.kind == "registration":
            out.append(_deadline(d, law))
        elif d.kind == "expiry":
            out += _validity(d, by_field[d.field], law)
    return out


@dataclass(frozen=True)
class _Dated:
    """What a date's validity check needs: a document's, or a [[validity]] row's."""
    title: dict
    sources: tuple
    severity: str  # of an expired one
    requirement: str | None


def _deadline(d, law) -> Finding:
    pr = law.rule("deadline.registration_pr")
    row = pr if d.field == pr["counted_from"] else law.rule("deadline.registration")
    processed = d.date - dt.timedelta(days=row["days"])
    left = (d.date - law.on).days
    src = tuple(row["source"])
    if left < 0:
        return Finding(WARNING, "REG_DEADLINE_OVERDUE",
                       bi(N_("Registration was due by {deadline} ({days} from {processed}); it is {late} late. Register as soon as possible."),
                          deadline=d.date, days=days(row["days"]), processed=processed, late=days(-left)), field=d.field, sources=src)
    severity, code = (WARNING, "REG_DEADLINE_SOON") if left <= row["warn_days"] else (INFO, "REG_DEADLINE_OPEN")
    return Finding(severity, code,
                   bi(N_("Register by {deadline} ({days} from {processed}): {left} left."),
                      deadline=d.date, days=days(row["days"]), processed=processed, left=days(left)), field=d.field, sources=src)


def _validity(d, dated, law) -> list:
    on = law.on
    warn_days = law.rule("deadline.validity")["warn_days"]
    expiry, fld = d.date, d.field
    src = dated.sources
    if expiry < on:
        return [Finding(dated.severity, "DOC_EXPIRED",
                        bi(N_("{document} expired on {expiry}, before the submission date {date}: renew it before submitting."),
                           document=dated.title, expiry=expiry, date=on),
                        field=fld, requirement=dated.requirement, sources=src)]
    if (expiry - on).days <= warn_days:
        return [Finding(WARNING, "DOC_EXPIRING",
                        bi(N_("{document} expires on {expiry}, {days} after the submission date: submit before then or renew it."),
                           document=dated.title, expiry=expiry, days=days((expiry - on).days)),
                        field=fld, requirement=dated.requirement, sources=src)]
    return []


# --- attachments ----------------------------------------------------------------------

def _attachments(case, reqs):
    out = []
    attached: dict[str, list] = {}
    for att in case.get("attachments", []):
        attached.setdefault(att["requirement"], []).append(att)
    known = {r.id: tuple(s["id"] for s in r.sources) for r in reqs}
    # what the procedure needs is the guideline's list: VI for registration, IX for departure
    listed = ("guideline-VI",) if case.get("procedure") == "registration" else ("guideline-IX",)
    for req in reqs:
        if req.form or attached.get(req.id):
            continue
        src = tuple(s["id"] for s in req.sources)
        if req.mandatory:
            out.append(Finding(BLOCKER, "ATTACHMENT_MISSING",
                               bi(N_("Nothing is attached for “{document}”: attach a scan of it."), document=req.title),
                               requirement=req.id, sources=src))
        elif req.practice:
            sev = WARNING if req.evidence == "multi" else INFO
            out.append(Finding(sev, "RECOMMENDED_MISSING",
                               bi(N_("Counters have asked for “{document}” (practice, not in the guideline): bring it if you can."),
                                  document=req.title),
                               requirement=req.id, sources=src))
    for req_id, atts in attached.items():
        for att in atts:
            if req_id not in known:
                out.append(Finding(WARNING, "ATTACHMENT_NOT_NEEDED",
                                   bi(N_("{file} is attached to “{requirement}”, which this case does not need: attach it to the right item or remove it."),
                                      file=att.get("label") or att["path"], requirement=req_id),
                                   requirement=req_id, file=att["path"], sources=listed))
            try:  # its stat only: a FIFO or a device is never opened
                check_regular(attachment_path(case, att))
            except NotRegularFile:
                out.append(Finding(BLOCKER, "ATTACHMENT_NOT_A_FILE",
                                   bi(N_("The attached {file} is not a file but a pipe, a device or a folder: attach the scan itself."),
                                      file=att.get("label") or att["path"]),
                                   requirement=req_id, file=att["path"], sources=known.get(req_id, listed)))
            except OSError:
                out.append(Finding(BLOCKER, "ATTACHMENT_FILE_MISSING",
                                   bi(N_("The attached file {file} cannot be found: attach it again."), file=att.get("label") or att["path"]),
                                   requirement=req_id, file=att["path"], sources=known.get(req_id, listed)))
    return out


# --- agreements -----------------------------------------------------------------------

_ARRANGEMENT = {"direct": N_("a person hired directly in China"),
                "dispatched": N_("staff posted by an employer abroad")}


def _agreement(case, law):
    nationality = get(case, "person.nationality")
    if not nationality:
        return []
    agreement = law.agreement(nationality)
    if agreement is None:
        return []
    src = tuple(agreement["source"])
    country = countries.names(nationality)
    status = law.agreement_status(agreement)
    out = []
    if status == "signed":
        out.append(Finding(INFO, "AGREEMENT_NOT_IN_FORCE",
                           bi(N_("The {agreement} was signed on {signed} but is not in force on {date}: no exemption applies, and all five insurances are paid."),
                              agreement=agreement["title"], signed=agreement["signed"], date=law.on),
                           field="person.nationality", sources=src))
        return out
    ex = exemption(case, law)
    if case.get("procedure") == "registration":
        exempt = law.insurance_titles(list(ex.insurances))
        who = bi(_ARRANGEMENT[ex.arrangement])
        if ex.open and ex.claimed:
            out.append(Finding(INFO, "AGREEMENT_EXEMPTION",
                               bi(N_("{country}: the {agreement} is in force since {in_force}. For {who}, with the certificate of coverage, {insurances} are exempt; the other insurances are paid in China."),
                                  country=country, agreement=agreement["title"], in_force=agreement["in_force"],
                                  who=who, insurances=exempt),
                               field="employment.claims_exemption", requirement="reg.certificate_of_coverage", sources=src))
        elif ex.open:
            out.append(Finding(INFO, "AGREEMENT_NOT_CLAIMED",
                               bi(N_("{country}: {who} may claim an exemption from {insurances} under the {agreement}, with a certificate of coverage. Not claimed: all five insurances are paid."),
                                  country=country, who=who, insurances=exempt, agreement=agreement["title"]),
                               field="employment.claims_exemption", sources=src))
        else:
            scope = law.rule("exemption_scope")
            out.append(Finding(WARNING if ex.claimed else INFO, "AGREEMENT_NOT_COVERED",
                               bi(N_("{country}: the {agreement} offers no exemption to {who}: all five insurances are paid in China, and no certificate of coverage is needed. {note}"),
                                  country=country, agreement=agreement["title"], who=who, note=ex.direct_note(law) or ""),
                               field="employment.claims_exemption", sources=tuple(dict.fromkeys(src + tuple(scope["source"])))))
        if ex.open and ex.direct_note(law):
            out.append(Finding(INFO, "AGREEMENT_UNCERTAIN",
                               bi(N_("Not certain: {note}"), note=ex.direct_note(law)), field="employment.arrangement", sources=src))
    elif any("pension" in ids for ids in agreement["exempt"].values()):
        out.append(Finding(INFO, "AGREEMENT_PENSION_EXEMPT",
                           bi(N_("If you were exempted from pension insurance under the {agreement}, there is no pension account to settle."),
                              agreement=agreement["title"]), sources=src))
    for note in agreement.get("uncertain", []):
        out.append(Finding(INFO, "AGREEMENT_UNCERTAIN",
                           bi(N_("Not certain: {note}"), note=note), field="person.nationality", sources=src))
    return out


# --- identifiers ----------------------------------------------------------------------

def _identifiers(case, on):
    out = []
    pr = get(case, "person.pr_card.number")
    if pr:
        out += pr_number_findings(case, pr)
    mrz = get(case, "person.passport.mrz")
    if mrz and any(mrz):
        out += mrz_findings(case, mrz, field="person.passport.mrz")
    account = get(case, "bank.account_number")
    if account and get(case, "bank.kind", "card") == "card" and not ids.luhn_ok(account):
        out.append(Finding(BLOCKER, "BANK_CARD_CHECK",
                           bi(N_("The bank card number {number} fails its check digit (Luhn): re-type it from the card, or choose “passbook” if it is an account number."),
                              number=ids.bank_digits(account)),
                           field="bank.account_number", sources=("iso-7812",)))
    code = get(case, "employment.credit_code")
    if code and not ids.uscc_ok(code):
        out.append(Finding(BLOCKER, "CREDIT_CODE_CHECK",
                           bi(N_("The unified social credit code {code} fails its check character: copy it from the business licence."), code=code),
                           field="employment.credit_code", sources=("gb-32100",)))
    registered = get(case, "social_security.registered_passport_number")
    current = get(case, "person.passport.number")
    if registered and current and registered.upper() != current.upper():
        out.append(Finding(WARNING, "PASSPORT_CHANGED",
                           bi(N_("The social security record was made with passport {old}, the case has passport {new}: have the record updated to the new passport first, at the social insurance agency."),
                              old=registered, new=current),
                           field="social_security.registered_passport_number", sources=("order16-art10", "practice-goexpats-card")))
    return out


def pr_number_findings(case: dict, number: str) -> list[Finding]:
    fld = "person.pr_card.number"
    src = ("nia-pr-2023",)
    parsed = ids.parse_pr_number(number)
    if not parsed.valid_format:
        return [Finding(BLOCKER, "PR_NUMBER_FORMAT",
                        bi(N_("The permanent resident ID card number {number} has the wrong form: 18 characters starting with 9 (2023 card), or 3 letters and 12 digits (older card)."),
                           number=number), field=fld, sources=src)]
    if not parsed.check_ok:
        how = N_("MOD 11-2") if parsed.form == "18" else N_("ICAO 7-3-1")
        return [Finding(BLOCKER, "PR_NUMBER_CHECK",
                        bi(N_("The permanent resident ID card number {number} fails its check character ({how}): re-type it from the card."),
                           number=number, how=bi(how)), field=fld, sources=src)]
    out = []
    birth = date_of(case, "person.birth_date")
    if birth and parsed.birth_date and parsed.birth_date != birth:
        out.append(Finding(WARNING, "PR_NUMBER_MISMATCH",
                           bi(N_("The permanent resident ID card number encodes the birth date {coded}, the case says {given}: check both."),
                              coded=parsed.birth_date, given=birth), field=fld, sources=src))
    nationality = get(case, "person.nationality")
    coded = (countries.from_numeric(parsed.nationality_numeric) if parsed.nationality_numeric
             else countries.from_mrz(parsed.nationality_alpha3 or ""))
    if nationality and coded and coded != nationality:
        out.append(Finding(WARNING, "PR_NUMBER_MISMATCH",
                           bi(N_("The permanent resident ID card number encodes the nationality {coded}, the case says {given}: check both."),
                              coded=countries.names(coded), given=countries.names(nationality)), field=fld, sources=src))
    sex = get(case, "person.sex")
    if parsed.sex and sex in ("M", "F") and parsed.sex != sex:
        out.append(Finding(WARNING, "PR_NUMBER_MISMATCH",
                           bi(N_("The permanent resident ID card number encodes the sex {coded}, the case says {given}: check both."),
                              coded=parsed.sex, given=sex), field=fld, sources=src))
    return out


_MRZ_FIELD_LABELS = {
    "document_number": N_("document number"),
    "birth_date": N_("date of birth"),
    "expiry_date": N_("expiry date"),
    "personal_number": N_("personal number"),
    "composite": N_("composite (whole line)"),
    "nationality": N_("nationality"),
    "sex": N_("sex"),
    "surname": N_("surname"),
    "given_names": N_("given names"),
}


def mrz_findings(case: dict, lines, field: str | None = None, file: str | None = None,
                 requirement: str | None = None) -> list[Finding]:
    """Parse a TD3 passport MRZ and compare it with the case. Every wrong check digit and
    every field that differs from the case is a blocker naming that field."""
    src = ("icao-9303",)
    kw = dict(field=field, file=file, requirement=requirement, sources=src)
    try:
        mrz = ids.parse_td3(lines)
    except ids.MRZFormatError as exc:
        return [Finding(BLOCKER, "MRZ_FORMAT",
                        bi(N_("The passport MRZ cannot be read ({problem}): type the two lines exactly as printed, 44 characters each."),
                           problem=str(exc)), **kw)]
    out = []
    for name in mrz.bad_check_digits:
        out.append(Finding(BLOCKER, "MRZ_CHECK_DIGIT",
                           bi(N_("The passport MRZ check digit for the {what} is wrong: compare the lines with the passport character by character."),
                              what=bi(_MRZ_FIELD_LABELS[name])), **kw))
    for name, case_value, mrz_value in _mrz_differences(case, mrz):
        out.append(Finding(BLOCKER, "MRZ_MISMATCH",
                           bi(N_("The passport MRZ gives the {what} as {mrz}, the case has {case}: correct whichever is wrong."),
                              what=bi(_MRZ_FIELD_LABELS[name]), mrz=mrz_value, case=case_value),
                           **_at_name_field(kw, name, mrz)))
    return out


def _at_name_field(kw: dict, name: str, mrz: ids.MRZ) -> dict:
    """A name that differs from the MRZ is shown at the name field, which is where it is
    fixed, with the MRZ's spelling offered (unless the MRZ cut the name short)."""
    if name not in ("surname", "given_names"):
        return kw
    value = mrz.surname if name == "surname" else mrz.given_names
    offer = None if mrz.name_truncated and (name == "given_names" or not mrz.given_names) else value
    return dict(kw, field=f"person.{name}", suggestion=offer or None)


def _mrz_differences(case: dict, mrz: ids.MRZ):
    number = get(case, "person.passport.number")
    if number and number.upper() != mrz.document_number:
        yield "document_number", number, mrz.document_number
    nationality = get(case, "person.nationality")
    coded = countries.from_mrz(mrz.nationality)
    if nationality and coded and coded != nationality:
        yield "nationality", nationality, mrz.nationality
    # dates as dates (the message formats both the same way), the MRZ's as printed if invalid
    birth = date_of(case, "person.birth_date")
    if birth and birth.strftime("%y%m%d") != mrz.birth_date:
        yield "birth_date", birth, ids.mrz_date(mrz.birth_date, future=False) or mrz.birth_date
    sex = get(case, "person.sex")
    if sex and sex != mrz.sex:
        yield "sex", sex, mrz.sex
    expiry = date_of(case, "person.passport.expiry")
    if expiry and expiry.strftime("%y%m%d") != mrz.expiry_date:
        yield "expiry_date", expiry, ids.mrz_date(mrz.expiry_date, future=True) or mrz.expiry_date
    surname = get(case, "person.surname")
    if surname and not ids.mrz_name_matches(surname, mrz.surname, mrz.name_truncated and not mrz.given_names):
        yield "surname", surname, mrz.surname
    given = get(case, "person.given_names")
    if given and not ids.mrz_name_matches(given, mrz.given_names, mrz.name_truncated):
        yield "given_names", given, mrz.given_names


# --- departure ------------------------------------------------------------------------

def _departure(case, law):
    if case.get("procedure") != "departure":
        return []
    out = []
    if get(case, "departure.choice") == "retain":
        ver = law.rule("eligibility_verification")
        out.append(Finding(INFO, "RETAIN_ACCOUNT",
                           bi(N_("You chose to retain the account: no application to terminate is made, and the settlement documents of guideline IX are not needed. If you work in China again, your contribution years add up. Once you draw a pension: {verification}. {ways}"),
                              verification=ver["title"], ways=ver["ways"]),
                           field="departure.choice", sources=("guideline-VIII", "order16-art5", "guideline-VII", "order54")))
        return out
    if get(case, "departure.choice") != "terminate":
        return out
    if get(case, "bank.account_number") and not get(case, "bank.financial_ss_card", False):
        out.append(Finding(INFO, "BANK_NOT_SS_CARD",
                           bi(N_("In principle the refund goes to an activated Guangdong financial social security card in your name; another card or passbook of your own may be accepted.")),
                           field="bank.financial_ss_card", sources=("guideline-IX",)))
    holder = get(case, "bank.account_holder")
    if holder and not _same_person(holder, case):
        out.append(Finding(WARNING, "BANK_HOLDER_NAME",
                           bi(N_("The account holder “{holder}” is not the applicant “{name}”: the refund can only go to an account in the applicant's own name."),
                              holder=holder, name=full_name(case)),
                           field="bank.account_holder", sources=("guideline-IX",)))
    return out


def _same_person(holder: str, case: dict) -> bool:
    def words(s):
        return sorted(w for w in "".join(c if c.isalnum() else " " for c in s.upper()).split())
    name_zh = get(case, "person.name_zh")
    if name_zh and holder.replace(" ", "") == name_zh.replace(" ", ""):
        return True
    return words(holder) == words(full_name(case))
