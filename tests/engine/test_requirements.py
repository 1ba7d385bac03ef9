"""requirements(case, on): each document appears exactly under its conditions.

The oracle below is written by hand from the guideline (sections VI and IX) and
domain.md section 7, independently of the TOML conditions, and compared over every
combination of the situations that matter."""

import datetime as dt
import itertools

import pytest

from forms.law.requirements import requirements

ON = dt.date(2026, 11, 29)


def situation_case(procedure, channel, group, doc, nationality, claims, choice, proxy, pr_employed):
    case = {"schema_version": 1, "procedure": procedure, "channel": channel,
            "person": {"nationality": nationality},
            "employment": {"arrangement": "dispatched" if group == "dispatched" else "direct",
                           "claims_exemption": claims}}
    if group == "pr":
        case["person"]["pr_card"] = {"number": "944840198501010018"}
        case["employment"]["document_kind"] = "pr_card"
        case["employment"]["pr_employed"] = pr_employed
    else:
        case["employment"]["document_kind"] = doc
    if procedure == "departure":
        case["departure"] = {"choice": choice, "by_proxy": proxy}
    return case


def oracle(procedure, channel, group, doc, nationality, claims, choice, proxy, pr_employed):
    out = []
    if procedure == "registration":
        if group == "pr" and not pr_employed:
            return []  # not registered as an employee (guideline II.(III))
        if channel == "counter":
            out.append("reg.application_form")
        out.append("reg.pr_card" if group == "pr" else "reg.passport")
        if group != "pr":
            if not (channel == "one_stop" and doc == "work_permit"):
                out.append("reg.employment_document")
            out.append("reg.residence_permit")
        out.append("reg.employment_contract")
        if group == "dispatched":
            out += ["reg.dispatch_letter", "reg.domestic_employer_certificate"]
        # in force; FR only signed; GB none. The German exemption covers posted staff only
        # (domain.md section 1 and 7), and only a claim brings the certificate in.
        if nationality == "DE" and claims and group == "dispatched":
            out.append("reg.certificate_of_coverage")
        return out
    if choice == "retain":
        return []
    out = ["dep.declaration_form", "dep.termination_application", "dep.termination_notice",
           "dep.passport", "dep.bank_card", "dep.separation_certificate", "dep.contributions_stopped"]
    if group != "pr":
        out += ["dep.work_permit_cancellation", "dep.residence_permit"]
    if proxy:
        out.append("dep.power_of_attorney")
    return out


GRID = list(itertools.product(
    ["registration", "departure"], ["online", "counter", "one_stop"], ["permit", "pr", "dispatched"],
    ["work_permit", "correspondent_card"], ["DE", "FR", "GB"], [True, False], ["terminate", "retain"],
    [True, False], [True, False]))


def test_grid_is_large():
    assert len(GRID) == 2 * 3 * 3 * 2 * 3 * 2 * 2 * 2 * 2


def test_every_document_appears_exactly_under_its_conditions():
    seen = set()
    for combo in GRID:
        got = [r.id for r in requirements(situation_case(*combo), ON)]
        assert got == oracle(*combo), combo
        seen.update(got)
    from forms.law.ruleset import load_rules
    # every document row of the data was produced by some situation
    assert seen == {row["id"] for row in load_rules()["document"]}


def test_mandatory_and_practice_flags():
    reqs = requirements(situation_case("departure", "counter", "permit", "work_permit", "GB", True, "terminate", True, True), ON)
    flags = {r.id: (r.mandatory, r.practice) for r in reqs}
    assert flags["dep.passport"] == (True, False)
    assert flags["dep.power_of_attorney"] == (False, True)
    practice = [r for r in reqs if r.practice]
    assert practice and all(r.notes[0]["en"] == "Practice, not in the guideline" for r in practice)


def test_counter_form_and_one_stop_conditions_are_explained():
    reqs = {r.id: r for r in requirements(situation_case("registration", "counter", "permit", "work_permit", "GB", True, "terminate", False, True), ON)}
    assert reqs["reg.application_form"].form == "registration_form"
    assert "counter" in reqs["reg.application_form"].because["en"]
    assert "One-Stop" in reqs["reg.employment_document"].because["en"]


def test_certificate_of_coverage_names_the_exempt_insurances(example):
    case = example("registration-dispatched-de")
    coc = next(r for r in requirements(case, ON) if r.id == "reg.certificate_of_coverage")
    assert coc.exempt == ["pension", "unemployment"]
    assert any("pension insurance and unemployment insurance" in n["en"] for n in coc.notes)
    assert any("养老保险和失业保险" in n["zh"] for n in coc.notes)
    assert any(s["id"] == "agr-de" for s in coc.sources)


def test_agreement_before_it_entered_into_force_brings_no_certificate():
    # Kyrgyzstan: in force 2025-10-14.
    case = situation_case("registration", "online", "dispatched", "work_permit", "KG", True, "terminate", False, True)
    before = [r.id for r in requirements(case, dt.date(2025, 10, 13))]
    after = [r.id for r in requirements(case, dt.date(2025, 10, 14))]
    assert "reg.certificate_of_coverage" not in before
    assert "reg.certificate_of_coverage" in after


def test_order_is_the_counter_order(example):
    ids = [r.id for r in requirements(example("registration-dispatched-de"), ON)]
    assert ids == ["reg.application_form", "reg.passport", "reg.employment_document", "reg.residence_permit",
                   "reg.employment_contract", "reg.dispatch_letter", "reg.domestic_employer_certificate",
                   "reg.certificate_of_coverage"]


@pytest.mark.parametrize("on", [dt.date(2024, 12, 22), dt.date(2028, 1, 1), dt.date(1999, 1, 1)])
def test_uncovered_dates_are_refused(on, example):
    from forms.law.ruleset import RuleDateError

    with pytest.raises(RuleDateError) as err:
        requirements(example("departure-refund"), on)
    assert "2024-12-23" not in err.value.message["en"]  # dates are formatted per locale
    assert "23 December 2024" in err.value.message["en"] and "2024年12月23日" in err.value.message["zh"]


def test_covered_edges_are_answered(example):
    assert requirements(example("departure-refund"), dt.date(2024, 12, 23))
    assert requirements(example("departure-refund"), dt.date(2027, 12, 31))
