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


# --- forms.case.conforms: the loader's answer without jsonschema must be jsonschema's ---

def _schema_paths(node, root, prefix=()):
    """(path, schema) of every property the schema describes, $refs followed."""
    if "$ref" in node:
        node = {**root["$defs"][node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    yield prefix, node
    for name, sub in node.get("properties", {}).items():
        yield from _schema_paths(sub, root, prefix + (name,))
    if isinstance(node.get("items"), dict):
        yield from _schema_paths(node["items"], root, prefix + (0,))


_HOSTILE = [None, True, False, 0, 1, 1.0, 1.5, -3, 10**6, "", "x", "DE", "DE\n", "de", "DEU", "2026-02-30",
            "2026-02-28", "2026-2-3", "２０２６-01-01", "2026-01", "2026-13", "a" * 201, "a" * 1001, "dep.passport",
            "departure", "registration", "male", "M", "terminate", "card", "0" * 64, "1234 5678", "+86 (755) 1234",
            "ABC123", "A" * 18, "a.b_c\n", [], ["x"], [{}], {}, {"x": 1}, {"path": "a.jpg", "requirement": "dep.passport"}]


def _set(case, path, value):
    node = case
    for i, part in enumerate(path[:-1]):
        nxt = [] if isinstance(path[i + 1], int) else {}
        if isinstance(node, list):
            while len(node) <= part:
                node.append(type(nxt)())
            if not isinstance(node[part], type(nxt)):
                node[part] = nxt
            node = node[part]
        else:
            if not isinstance(node.get(part), type(nxt)):
                node[part] = nxt
            node = node[part]
    if isinstance(node, list):
        while len(node) <= path[-1]:
            node.append(None)
    node[path[-1]] = value


def test_conforms_agrees_with_jsonschema_on_every_single_change():
    from jsonschema import Draft202012Validator, FormatChecker

    from forms.case.conforms import conforms

    root = schema()
    validator = Draft202012Validator(root, format_checker=FormatChecker())
    base = json.loads((EXAMPLES / "departure-refund.json").read_text(encoding="utf-8"))
    for path in [p for p, _ in _schema_paths(root, root) if p]:
        for value in _HOSTILE:
            case = json.loads(json.dumps(base))
            _set(case, path, value)
            assert conforms(case, root) is not any(True for _ in validator.iter_errors(case)), (path, value)


@pytest.mark.parametrize("seed", range(4))
def test_conforms_agrees_with_jsonschema_on_mutated_cases(seed):
    import copy
    import random

    from jsonschema import Draft202012Validator, FormatChecker

    from forms.case.conforms import conforms

    root = schema()
    validator = Draft202012Validator(root, format_checker=FormatChecker())
    paths = [p for p, _ in _schema_paths(root, root) if p]
    values = list(_HOSTILE)
    for _, node in _schema_paths(root, root):  # every value the schema names, so that many mutations stay valid
        values += node.get("enum", []) + ([node["const"]] if "const" in node else [])
    bases = [json.loads((EXAMPLES / f"{n}.json").read_text(encoding="utf-8"))
             for n in ("departure-refund", "registration-dispatched-de", "registration-pr-employed")]
    rnd = random.Random(seed)
    seen = {True: 0, False: 0}
    for _ in range(400):
        case = copy.deepcopy(rnd.choice(bases))
        for _ in range(rnd.choice((1, 1, 1, 2, 3))):
            path = rnd.choice(paths)
            if rnd.random() < 0.1:
                path = path[:-1] + (rnd.choice(["extra", "x_y"]),)
            _set(case, path, copy.deepcopy(rnd.choice(values)))
        valid = not any(True for _ in validator.iter_errors(case))
        assert conforms(case, root) is valid, case
        seen[valid] += 1
    assert min(seen.values()) > 30, seen  # both answers exercised


def test_conforms_leaves_unknown_keywords_to_jsonschema():
    from forms.case.conforms import conforms

    assert conforms({"a": 1}, {"type": "object", "minProperties": 1}) is None
    assert conforms("x", {"format": "email"}) is None
    assert conforms(["x"], {"items": [{"type": "string"}]}) is None  # not a 2020-12 schema
    assert conforms({"a": "2026-01-01"}, {"properties": {"a": {"$ref": "#/$defs/d"}}, "$defs": {"d": {"format": "date"}}}) is True
    assert conforms(True, {"enum": [1]}) is False and conforms(1.0, {"enum": [1]}) is True
    assert conforms("DE\n", {"pattern": "^[A-Z]{2}$"}) is True  # re.search, as jsonschema: $ before a final newline
    assert conforms(2.0, {"type": "integer"}) is True and conforms(True, {"type": "integer"}) is False
