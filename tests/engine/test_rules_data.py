"""The rule data itself: every rule has a source, a bilingual title and dates; every
reference resolves; the agreements match guideline section X."""

import datetime as dt

import pytest

from forms.case import countries
from forms.law import ruleset as R

RULES = R.load_rules()
ROWS = list(R.rule_rows(RULES))
FACT_VALUES = {
    "procedure": {"registration", "departure"},
    "channel": {"online", "counter", "one_stop"},
    "group": {"permit", "pr", "dispatched"},
    "pr_holder": {True, False},
    "arrangement": {"direct", "dispatched"},
    "employment_document": {"work_permit", "correspondent_card", "pr_card"},
    "agreement": {"in_force", "signed", "none"},
    "claims_exemption": {True, False},
    "choice": {"terminate", "retain"},
    "by_proxy": {True, False},
}


def test_there_are_rules_to_check():
    assert len(ROWS) > 40


@pytest.mark.parametrize("where,row", ROWS, ids=[w for w, _ in ROWS])
def test_every_rule_has_a_known_source(where, row):
    assert row.get("source"), f"{where} has no source"
    for sid in row["source"]:
        assert sid in RULES["source"], f"{where} cites unknown source {sid}"


@pytest.mark.parametrize("where,row", ROWS, ids=[w for w, _ in ROWS])
def test_every_rule_has_bilingual_title_and_dates(where, row):
    assert row["title"]["zh"].strip() and row["title"]["en"].strip(), where
    assert isinstance(row["effective_from"], dt.date), where
    if "effective_to" in row:
        assert row["effective_to"] >= row["effective_from"], where


def test_a_rule_without_source_is_caught():
    """The source test is not vacuous: a row without a source would fail it."""
    broken = dict(RULES["document"][0], source=[])
    with pytest.raises(AssertionError):
        test_every_rule_has_a_known_source("broken", broken)


def test_every_source_has_bilingual_title_and_kind():
    for sid, src in RULES["source"].items():
        assert src["kind"] in {"guideline", "law", "practice", "research"}, sid
        assert src["title"]["zh"] and src["title"]["en"], sid


def test_conditions_use_known_facts_and_values():
    for table in ("document", "advice", "required"):
        for row in RULES[table]:
            for clause in ("when", "unless"):
                for fact, allowed in row.get(clause, {}).items():
                    assert fact in FACT_VALUES, f"{row['id']}: unknown fact {fact}"
                    assert set(allowed) <= FACT_VALUES[fact], f"{row['id']}: bad values for {fact}"


def test_documents_reference_known_checks_and_kinds():
    for row in RULES["document"]:
        for check in row.get("checks", []):
            assert check in RULES["check"], f"{row['id']}: unknown check {check}"
        assert row.get("kind") in {None, "id1", "id3", "a4"}, row["id"]
        assert row["because"]["zh"] and row["because"]["en"], row["id"]


def test_document_ids_are_unique():
    ids = [row["id"] for row in RULES["document"]]
    assert len(ids) == len(set(ids))


def test_practice_rows_are_never_mandatory_and_say_so():
    practice = [r for r in RULES["document"] if r["practice"]]
    assert {r["id"] for r in practice} == {
        "dep.separation_certificate", "dep.contributions_stopped", "dep.work_permit_cancellation",
        "dep.residence_permit", "dep.power_of_attorney"}
    for row in practice:
        assert not row.get("mandatory"), row["id"]
        assert row["evidence"] in {"multi", "single"}
        assert all(RULES["source"][s]["kind"] == "practice" for s in row["source"]), row["id"]
    assert RULES["practice"]["label"]["en"] == "Practice, not in the guideline"


def test_agreements_match_guideline_section_x():
    on = dt.date(2026, 11, 29)
    law = R.law_on(on)
    rows = law.rows("agreement")
    in_force = {r["country"] for r in rows if law.agreement_status(r) == "in_force"}
    signed_only = {r["country"] for r in rows if law.agreement_status(r) == "signed"}
    # Guideline X: 13 signed, 12 in force, France not yet.
    assert in_force == {"DE", "KR", "DK", "CA", "FI", "CH", "NL", "ES", "LU", "JP", "RS", "KG"}
    assert signed_only == {"FR"}


def test_agreement_rows_are_well_formed():
    insurances = {r["id"] for r in RULES["insurance"]}
    for row in RULES["agreement"]:
        assert countries.is_code(row["country"])
        # who is covered: posted staff, and direct hires (empty: no exemption offered)
        assert set(row["exempt"]) == {"dispatched", "direct"}
        assert "pension" in row["exempt"]["dispatched"]
        assert set(row["exempt"]["direct"]) <= set(row["exempt"]["dispatched"]) <= insurances
        assert row["signed"] <= row.get("in_force", row["signed"])


def test_five_insurances():
    assert [r["id"] for r in RULES["insurance"]] == ["pension", "medical", "injury", "unemployment", "maternity"]


def test_registration_deadline_is_thirty_days_from_the_employment_document():
    row = RULES["deadline"]["registration"]
    assert row["days"] == 30 and row["counted_from"] == "employment.document_processed"
