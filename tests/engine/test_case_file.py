"""The case file: schema shipped in the package, examples valid, loader errors."""

import json
from importlib import resources

import pytest

from forms.case.model import CaseError, load_case, schema, validate
from tests.conftest import EXAMPLES


def test_schema_is_shipped_in_the_package():
    text = resources.files("forms.case").joinpath("case.schema.json").read_text(encoding="utf-8")
    assert json.loads(text)["$schema"].startswith("https://json-schema.org/draft/2020-12")


@pytest.mark.parametrize("name", ["departure-refund", "registration-dispatched-de", "registration-pr-employed"])
def test_examples_are_valid_and_their_scans_exist(name):
    case = load_case(EXAMPLES / f"{name}.json")
    assert case["attachments"]
    for att in case["attachments"]:
        assert (EXAMPLES / att["path"]).is_file(), att


def test_a_half_filled_case_is_valid():
    validate({"schema_version": 1, "procedure": "registration"})


@pytest.mark.parametrize("case,path", [
    ({"schema_version": 1}, "$"),
    ({"schema_version": 2, "procedure": "departure"}, "$.schema_version"),
    ({"schema_version": 1, "procedure": "departure", "person": {"sex": "male"}}, "$.person.sex"),
    ({"schema_version": 1, "procedure": "departure", "person": {"birth_date": "1990-02-30"}}, "$.person.birth_date"),
    ({"schema_version": 1, "procedure": "departure", "person": {"nationality": "DEU"}}, "$.person.nationality"),
])
def test_schema_violations_name_the_json_path(case, path):
    with pytest.raises(CaseError) as err:
        validate(case)
    assert err.value.json_path == path
    assert err.value.message["zh"].startswith("案件数据在")


def test_schema_covers_the_fields_the_issue_asks_for():
    props = schema()["properties"]
    assert {"surname", "given_names", "sex", "birth_date", "nationality", "passport", "pr_card"} <= set(props["person"]["properties"])
    assert {"employer_name_zh", "employer_name_en", "credit_code", "document_kind", "document_number",
            "document_processed", "document_expiry", "residence_permit_expiry", "arrangement",
            "pr_employed"} <= set(props["employment"]["properties"])
    assert props["channel"]["enum"] == ["online", "counter", "one_stop"]
    assert props["departure"]["properties"]["choice"]["enum"] == ["terminate", "retain"]
    assert {"bank", "address_abroad", "attachments"} <= set(props)
