"""Issue 10's situations, each with the findings and the registration form's lines it must
give: exemptions only for whom the agreement covers, one-stop permit validity, the
pension age, the PR holder's deadline and implausible dates."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from forms.fill.formdefs import load as load_form
from forms.fill.render_pdf import render_form
from forms.fill.values import show, values
from forms.law.checks import check_case
from forms.law.requirements import requirements

ON = dt.date(2026, 11, 29)
ALL_FIVE = "pension insurance, medical insurance, work-related injury insurance, unemployment insurance and maternity insurance"


def registration(nationality="GB", arrangement="direct", claims=None, channel="counter", **employment) -> dict:
    emp = {"employer_name_zh": "深圳示例科技有限公司", "credit_code": "91440300MA5G8XQ2PT",
           "document_kind": "work_permit", "document_number": "144030020250012345",
           "document_processed": "2026-11-16", "document_expiry": "2027-11-15",
           "residence_permit_expiry": "2027-11-20", "arrangement": arrangement,
           "start_date": "2026-11-16", "end_date": "2027-11-15"}
    if arrangement == "dispatched":
        emp["overseas_employer"] = "Example GmbH"
    if claims is not None:
        emp["claims_exemption"] = claims
    emp.update(employment)
    return {"schema_version": 1, "procedure": "registration", "channel": channel,
            "person": {"surname": "DOE", "given_names": "ALEX", "sex": "M", "birth_date": "1984-08-12",
                       "nationality": nationality, "passport": {"number": "X1234567", "expiry": "2033-02-14"}},
            "employment": emp}


def codes(findings) -> dict:
    return {f.code: f for f in findings}


def form_lines(case) -> dict:
    vals = values(case, load_form("registration_form"), ON)
    return {k: show(vals[k], "en") for k in ("insurances_paid", "insurances_exempt", "exemption_basis")}


def test_german_direct_hire_without_certificate_gets_no_exemption_and_no_certificate_blocker():
    case = registration("DE")  # hired in Shenzhen, nothing claimed: the default is no exemption
    found = check_case(case, ON)
    assert "reg.certificate_of_coverage" not in [r.id for r in requirements(case, ON)]
    assert not [f for f in found if f.requirement == "reg.certificate_of_coverage"]
    f = codes(found)["AGREEMENT_NOT_COVERED"]
    assert f.severity == "info" and "all five insurances are paid" in f.message["en"]
    assert form_lines(case) == {"insurances_paid": ALL_FIVE, "insurances_exempt": "None", "exemption_basis": "None"}
    # claiming it does not make it so: a warning, still no certificate and no exemption
    case["employment"]["claims_exemption"] = True
    found = codes(check_case(case, ON))
    assert found["AGREEMENT_NOT_COVERED"].severity == "warning"
    assert "reg.certificate_of_coverage" not in [r.id for r in requirements(case, ON)]
    assert form_lines(case)["insurances_exempt"] == "None"


def test_german_posted_claiming_with_certificate_is_exempt_from_pension_and_unemployment(example):
    case = example("registration-dispatched-de")  # posted, claims, certificate attached
    found = check_case(case, ON)
    assert not [f for f in found if f.severity == "blocker"]
    assert not [f for f in found if f.requirement == "reg.certificate_of_coverage" and f.code == "ATTACHMENT_MISSING"]
    assert "AGREEMENT_EXEMPTION" in codes(found)
    lines = form_lines(case)
    assert lines["insurances_exempt"] == "pension insurance and unemployment insurance"
    assert lines["insurances_paid"] == "medical insurance, work-related injury insurance and maternity insurance"
    assert "China-Germany social insurance agreement" in lines["exemption_basis"]
    # without the claim: nothing exempt, and the finding says it could be claimed
    case["employment"]["claims_exemption"] = False
    assert "AGREEMENT_NOT_CLAIMED" in codes(check_case(case, ON))
    assert form_lines(case)["insurances_exempt"] == "None"


def test_korean_direct_hire_pays_unemployment():
    case = registration("KR", claims=True)
    coc = next(r for r in requirements(case, ON) if r.id == "reg.certificate_of_coverage")
    assert coc.exempt == ["pension"]
    found = codes(check_case(case, ON))
    assert "unemployment" not in found["AGREEMENT_EXEMPTION"].message["en"]
    assert "short-term hire" in found["AGREEMENT_UNCERTAIN"].message["en"]  # unverified, and said so
    lines = form_lines(case)
    assert lines["insurances_exempt"] == "pension insurance"
    assert "unemployment insurance" in lines["insurances_paid"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils")
def test_korean_direct_hire_form_pdf_declares_only_pension_exempt(tmp_path):
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(render_form(registration("KR", claims=True), "registration_form", ON, lang="en"))
    lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    row = {line.split()[0]: line for line in lines if line.startswith(("参保险种", "互免险种"))}
    assert row["互免险种"].split("互免险种", 1)[1].strip() == "pension insurance"
    assert "unemployment insurance" in row["参保险种"]


def test_korean_seconded_staff_are_exempt_from_pension_and_unemployment():
    case = registration("KR", arrangement="dispatched", claims=True)
    assert "AGREEMENT_EXEMPTION" in codes(check_case(case, ON))
    assert form_lines(case)["insurances_exempt"] == "pension insurance and unemployment insurance"


def test_one_stop_with_an_expired_permit_is_a_blocker_on_its_expiry():
    case = registration(channel="one_stop", document_expiry="2026-10-31")
    [f] = [f for f in check_case(case, ON) if f.code == "DOC_EXPIRED"]
    assert f.severity == "blocker" and f.field == "employment.document_expiry"
    assert {"guideline-II-1", "guideline-VI-2"} <= set(f.sources)
    assert "31 October 2026" in f.message["en"]


def test_one_stop_needs_no_permit_document():
    case = registration(channel="one_stop")
    assert "reg.employment_document" not in [r.id for r in requirements(case, ON)]
    assert not [f for f in check_case(case, ON) if f.requirement == "reg.employment_document"]


def departure(birth, months=None, sex="M") -> dict:
    case = {"schema_version": 1, "procedure": "departure", "departure": {"choice": "terminate"},
            "person": {"surname": "DOE", "given_names": "ALEX", "sex": sex, "birth_date": birth, "nationality": "GB"}}
    if months is not None:
        case["social_security"] = {"contribution_months": months}
    return case


def test_man_born_1960_settling_in_2026_with_20_years_reached_pension_age():
    found = codes(check_case(departure("1960-03-01", 240), ON))
    f = found["PENSION_AGE_REACHED"]
    assert f.severity == "blocker" and f.field == "person.birth_date"
    assert "1 March 2020" in f.message["en"] and "60 years" in f.message["en"]
    assert {"guideline-VIII", "npc-retirement-2024", "si-law-art16"} <= set(f.sources)


def test_pension_age_follows_the_reform_month_by_month():
    # born 1966-01: 60 years and 4 months -> May 2026; one who is not yet there gets nothing
    assert "PENSION_AGE_REACHED" in codes(check_case(departure("1966-01-15", 240), ON))
    assert "PENSION_AGE_REACHED" not in codes(check_case(departure("1966-08-15", 240), ON))  # 60y6m: Feb 2027


def test_pension_age_with_fewer_years_explains_paying_on_or_a_lump_sum():
    f = codes(check_case(departure("1960-03-01", 100), ON))["PENSION_AGE_SHORT"]
    assert f.severity == "warning" and "15 years" in f.message["en"] and "pay on" in f.message["en"]
    assert "order13-art2-3" in f.sources
    f = codes(check_case(departure("1960-03-01"), ON))["PENSION_AGE_REACHED"]
    assert f.severity == "warning" and f.field == "social_security.contribution_months"


def test_woman_between_the_two_statutory_ages_is_told_both():
    # born 1974-06: 50 in 2024 (before the reform's births), 55 -> 1970-based 4-month rule: 57y2m in 2031
    f = codes(check_case(departure("1974-06-01", 240, sex="F"), ON))["PENSION_AGE_MAYBE"]
    assert f.severity == "warning" and "1 June 2024" in f.message["en"]


def test_employed_pr_holder_hired_40_days_ago_has_missed_the_deadline():
    start = ON - dt.timedelta(days=40)
    case = {"schema_version": 1, "procedure": "registration", "channel": "counter",
            "person": {"surname": "DOE", "given_names": "ALEX", "sex": "M", "birth_date": "1984-08-12",
                       "nationality": "SA", "pr_card": {"number": "932682198501010017", "expiry": "2033-01-01"}},
            "employment": {"document_kind": "pr_card", "pr_employed": True, "start_date": start.isoformat()}}
    [f] = [f for f in check_case(case, ON) if f.code == "REG_DEADLINE_OVERDUE"]
    assert f.field == "employment.start_date" and "si-law-art58" in f.sources
    assert "10 days late" in f.message["en"]


@pytest.mark.parametrize("change, code, field, says", [
    ({"person": {"birth_date": "2027-01-05"}}, "DATE_BIRTH_FUTURE", "person.birth_date", "5 January 2027"),
    ({"person": {"birth_date": "2012-01-05"}}, "DATE_TOO_YOUNG", "person.birth_date", "under 16"),
    ({"employment": {"start_date": "2026-12-01", "end_date": "2026-01-01"}}, "DATE_EMPLOYMENT_ORDER",
     "employment.end_date", "ends 1 January 2026, before it starts 1 December 2026"),
    ({"person": {"passport": {"issue_date": "2034-01-01"}}}, "DATE_ISSUED_AFTER_EXPIRY", "person.passport.issue_date", "14 February 2033"),
    ({"person": {"passport": {"issue_date": "1980-01-01"}}}, "DATE_ISSUED_BEFORE_BIRTH", "person.passport.issue_date", "12 August 1984"),
    ({"person": {"passport": {"issue_date": "2026-12-24"}}}, "DATE_ISSUED_FUTURE", "person.passport.issue_date", "24 December 2026"),
    ({"employment": {"document_processed": "2028-01-01"}}, "DATE_ISSUED_AFTER_EXPIRY", "employment.document_processed", "15 November 2027"),
])
def test_implausible_dates_are_blockers_on_the_field(change, code, field, says):
    case = registration()
    for part, values_ in change.items():
        for k, v in values_.items():
            if isinstance(v, dict):
                case[part][k].update(v)
            else:
                case[part][k] = v
    found = [f for f in check_case(case, ON) if f.code == code]
    assert found and all(f.severity == "blocker" for f in found)
    assert any(f.field == field and says in f.message["en"] for f in found), [f.message["en"] for f in found]


def test_a_plausible_case_has_no_date_findings():
    assert not [f for f in check_case(registration(), ON) if f.code.startswith("DATE_")]


def test_counts_go_through_the_plural_forms():
    case = registration(document_processed=(ON - dt.timedelta(days=29)).isoformat())
    [f] = [f for f in check_case(case, ON) if f.code.startswith("REG_DEADLINE")]
    assert "1 day left" in f.message["en"] and "30 days from" in f.message["en"]
    assert "还剩 1 天" in f.message["zh"]
    case = registration(document_processed=(ON - dt.timedelta(days=31)).isoformat())
    [f] = [f for f in check_case(case, ON) if f.code == "REG_DEADLINE_OVERDUE"]
    assert "it is 1 day late" in f.message["en"]
    f = codes(check_case(departure("1965-03-01", 181), ON))["PENSION_AGE_REACHED"]
    assert "60 years and 1 month" in f.message["en"] and "15 years and 1 month" in f.message["en"]
    assert "60年1个月" in f.message["zh"]


def test_one_stop_asks_for_the_permit_dates_not_its_number():
    case = registration(channel="one_stop")
    for fld in ("document_number", "document_expiry"):
        case["employment"].pop(fld)
    missing = {f.field: f for f in check_case(case, ON) if f.code == "FIELD_MISSING"}
    assert "employment.document_number" not in missing
    assert {"guideline-II-1", "guideline-VI-2"} <= set(missing["employment.document_expiry"].sources)
