"""Data checks: each finding appears for the case that should raise it, and not otherwise."""

import datetime as dt

from forms.law.checks import check_case
from forms.law.findings import has_blockers

ON = dt.date(2026, 11, 29)


def codes(findings, severity=None):
    return [f.code for f in findings if severity is None or f.severity == severity]


def find(findings, code):
    return [f for f in findings if f.code == code]


def test_examples_have_no_blockers(example):
    for name in ("departure-refund", "registration-dispatched-de", "registration-pr-employed"):
        assert not has_blockers(check_case(example(name), ON)), name


def test_expired_residence_permit_is_a_blocker(example):
    case = example("registration-dispatched-de")
    case["employment"]["residence_permit_expiry"] = "2026-11-28"
    [f] = find(check_case(case, ON), "DOC_EXPIRED")
    assert f.severity == "blocker" and f.field == "employment.residence_permit_expiry"
    assert "28 November 2026" in f.message["en"] and "2026年11月28日" in f.message["zh"]


def test_expiring_within_30_days_is_a_warning(example):
    case = example("registration-dispatched-de")
    case["person"]["passport"]["expiry"] = "2026-12-20"
    case["person"]["passport"].pop("mrz")
    [f] = find(check_case(case, ON), "DOC_EXPIRING")
    assert f.severity == "warning" and f.field == "person.passport.expiry"
    assert not find(check_case(case, dt.date(2026, 11, 19)), "DOC_EXPIRING")  # 31 days before


def test_departure_residence_permit_is_practice_so_only_a_warning(example):
    case = example("departure-refund")
    case["employment"]["residence_permit_expiry"] = "2026-11-01"
    [f] = find(check_case(case, ON), "DOC_EXPIRED")
    assert f.severity == "warning"


def test_registration_deadline(example):
    case = example("registration-dispatched-de")  # processed 2026-11-16 -> due 2026-12-16
    assert codes(check_case(case, dt.date(2026, 11, 29)), "info").count("REG_DEADLINE_OPEN") == 1
    [soon] = find(check_case(case, dt.date(2026, 12, 10)), "REG_DEADLINE_SOON")
    assert soon.severity == "warning" and "6 days left" in soon.message["en"]
    [late] = find(check_case(case, dt.date(2026, 12, 20)), "REG_DEADLINE_OVERDUE")
    assert "4 days late" in late.message["en"] and "已逾期 4 天" in late.message["zh"]
    [due] = find(check_case(case, dt.date(2026, 12, 16)), "REG_DEADLINE_SOON")
    assert "0 days left" in due.message["en"]


def test_missing_mandatory_attachment_is_a_blocker_and_practice_is_not(example):
    case = example("departure-refund")
    case["attachments"] = [a for a in case["attachments"] if a["requirement"] != "dep.passport"]
    findings = check_case(case, ON)
    [f] = find(findings, "ATTACHMENT_MISSING")
    assert f.requirement == "dep.passport" and f.severity == "blocker"
    assert all(f.severity != "blocker" for f in find(findings, "RECOMMENDED_MISSING"))
    # forms that Shebao Desk fills are never "missing"
    assert not [f for f in findings if f.requirement == "dep.declaration_form"]


def test_attachment_for_an_unneeded_requirement_and_a_vanished_file(example):
    case = example("registration-pr-employed")
    case["attachments"].append({"requirement": "reg.dispatch_letter", "path": "scans/nowhere.pdf"})
    findings = check_case(case, ON)
    assert find(findings, "ATTACHMENT_NOT_NEEDED")[0].severity == "warning"
    assert find(findings, "ATTACHMENT_FILE_MISSING")[0].severity == "blocker"


def test_france_agreement_not_in_force_is_info_and_no_exemption(example):
    case = example("registration-dispatched-de")
    case["person"]["nationality"] = "FR"
    case["person"]["passport"].pop("mrz")
    findings = check_case(case, ON)
    [f] = find(findings, "AGREEMENT_NOT_IN_FORCE")
    assert f.severity == "info" and "not in force" in f.message["en"] and "all five insurances are paid" in f.message["en"]
    assert not find(findings, "AGREEMENT_EXEMPTION")


def test_germany_exemption_names_pension_and_unemployment(example):
    [f] = find(check_case(example("registration-dispatched-de"), ON), "AGREEMENT_EXEMPTION")
    assert "pension insurance and unemployment insurance are exempt" in f.message["en"]


def test_no_agreement_no_agreement_finding(example):
    findings = check_case(example("departure-refund"), ON)
    assert not [f for f in findings if f.code.startswith("AGREEMENT")]


def test_pr_number_wrong_check_digit_is_a_blocker(example):
    case = example("registration-pr-employed")
    case["person"]["pr_card"]["number"] = "944840198501010019"
    [f] = find(check_case(case, ON), "PR_NUMBER_CHECK")
    assert f.severity == "blocker" and f.field == "person.pr_card.number"


def test_pr_number_encoding_mismatches_are_warnings(example):
    case = example("registration-pr-employed")
    case["person"]["birth_date"] = "1985-01-02"
    case["person"]["nationality"] = "CA"
    found = find(check_case(case, ON), "PR_NUMBER_MISMATCH")
    assert len(found) == 2 and all(f.severity == "warning" for f in found)


def test_bank_card_wrong_check_digit_is_a_blocker_but_a_passbook_is_not_luhn_checked(example):
    case = example("departure-refund")
    case["bank"]["account_number"] = "6217002860001234566"
    [f] = find(check_case(case, ON), "BANK_CARD_CHECK")
    assert f.severity == "blocker" and f.field == "bank.account_number"
    case["bank"]["kind"] = "passbook"
    assert not find(check_case(case, ON), "BANK_CARD_CHECK")


def test_credit_code_check(example):
    case = example("registration-pr-employed")
    case["employment"]["credit_code"] = "91440300MA5H2K7L0J"
    assert find(check_case(case, ON), "CREDIT_CODE_CHECK")[0].severity == "blocker"


def test_passport_changed_since_registration_warns(example):
    case = example("departure-refund")
    case["social_security"]["registered_passport_number"] = "099123456"
    [f] = find(check_case(case, ON), "PASSPORT_CHANGED")
    assert f.severity == "warning" and "099123456" in f.message["en"] and "updated" in f.message["en"]
    case["social_security"]["registered_passport_number"] = "533419862"
    assert not find(check_case(case, ON), "PASSPORT_CHANGED")


def test_typed_mrz_with_wrong_check_digit_and_other_name(example):
    case = example("departure-refund")
    l1, l2 = case["person"]["passport"]["mrz"]
    case["person"]["passport"]["mrz"] = [l1, l2[:9] + "4" + l2[10:]]
    f = find(check_case(case, ON), "MRZ_CHECK_DIGIT")
    assert f and all(x.severity == "blocker" for x in f) and "document number" in f[0].message["en"]
    case["person"]["passport"]["mrz"] = [l1, l2]
    case["person"]["surname"] = "HARRISON"
    [m] = find(check_case(case, ON), "MRZ_MISMATCH")
    assert m.severity == "blocker" and "surname" in m.message["en"] and "HARRISON" in m.message["en"]


def test_a_name_that_differs_from_the_mrz_is_shown_at_the_name_field_with_the_mrz_spelling(example):
    case = example("departure-refund")
    case["person"]["surname"] = "Harrison"
    [m] = find(check_case(case, ON), "MRZ_MISMATCH")
    assert (m.field, m.suggestion) == ("person.surname", "HARRIS")
    case["person"]["surname"] = "Harris"  # only the case differs from the MRZ's capitals: agrees
    assert not find(check_case(case, ON), "MRZ_MISMATCH")
    case["person"]["passport"]["number"] = "X1"  # a difference other than a name stays at the MRZ field
    assert {f.field for f in find(check_case(case, ON), "MRZ_MISMATCH")} == {"person.passport.mrz"}


def test_names_under_icao_transliteration_agree_with_the_mrz_either_way(example):
    case = example("registration-dispatched-de")
    mrz_surname = case["person"]["passport"]["mrz"][0][5:].split("<<")[0]
    assert mrz_surname == "MUELLER"
    for typed in ("Müller", "MÜLLER", "Mueller"):
        case["person"]["surname"] = typed
        assert not find(check_case(case, ON), "MRZ_MISMATCH"), typed
    case["person"]["surname"] = "Miller"
    [m] = find(check_case(case, ON), "MRZ_MISMATCH")
    assert (m.field, m.suggestion) == ("person.surname", "MUELLER")


def test_unemployed_pr_holder_is_told_what_applies_instead(example):
    case = example("registration-pr-employed")
    case["employment"]["pr_employed"] = False
    findings = check_case(case, ON)
    assert codes(findings) == ["PR_NOT_EMPLOYED"]
    assert "residents' basic medical and endowment insurance" in findings[0].message["en"]
    assert "城乡居民基本医疗保险" in findings[0].message["zh"]


def test_missing_fields_are_blockers_naming_the_field():
    case = {"schema_version": 1, "procedure": "departure", "departure": {"choice": "terminate"}}
    missing = {f.field for f in check_case(case, ON) if f.code == "FIELD_MISSING"}
    assert {"person.surname", "person.passport.number", "bank.account_number"} <= missing
    # an address abroad is contact data, not a condition: no source asks for it (domain.md section 8)
    assert "address_abroad.lines" not in missing
    assert "channel" not in missing  # departure does not ask for a registration channel


def test_retain_needs_no_application_and_explains_the_yearly_verification(example):
    case = example("departure-refund")
    case["departure"]["choice"] = "retain"
    findings = check_case(case, ON)
    assert not has_blockers(findings)
    [f] = find(findings, "RETAIN_ACCOUNT")
    assert "add up" in f.message["en"] and "once a year" in f.message["en"]
    assert "China Consular Affairs" in f.message["en"] and "by mail or by a proxy" in f.message["en"]
    assert {"guideline-VIII", "guideline-VII"} <= set(f.sources)


def test_bank_holder_must_be_the_applicant(example):
    case = example("departure-refund")
    case["bank"]["account_holder"] = "ROSE HARRIS EMILY"  # same words, other order: fine
    assert not find(check_case(case, ON), "BANK_HOLDER_NAME")
    case["bank"]["account_holder"] = "JOHN HARRIS"
    assert find(check_case(case, ON), "BANK_HOLDER_NAME")[0].severity == "warning"


def test_an_mrz_date_mismatch_shows_both_dates_as_dates(example):
    case = example("registration-dispatched-de")  # MRZ birth date 840812
    case["person"]["birth_date"] = "1985-03-14"
    [m] = [f for f in find(check_case(case, ON), "MRZ_MISMATCH") if "birth" in f.message["en"]]
    assert "12 August 1984" in m.message["en"] and "14 March 1985" in m.message["en"], m.message["en"]
    assert "840812" not in m.message["en"]
    assert "1984年8月12日" in m.message["zh"] and "1985年3月14日" in m.message["zh"]


def test_a_missing_choice_says_choose_and_never_echoes_itself(example):
    case = example("departure-refund")
    del case["departure"]["choice"]
    [m] = [f for f in check_case(case, ON) if f.code == "FIELD_MISSING" and f.field == "departure.choice"]
    assert m.message["en"] == "Terminate and refund, or retain the account: choose one."
    case = {"schema_version": 1, "procedure": "registration"}
    texts = [f.message["en"] for f in check_case(case, ON) if f.code == "FIELD_MISSING"]
    assert "Surname (as in the passport) is missing: enter it (Personal details, as in the passport)." in texts
