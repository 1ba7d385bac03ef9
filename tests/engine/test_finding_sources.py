"""Every finding code the engine can emit carries its sources, and a blocker cites the
guideline or an official source, never practice alone.

The codes are read from the engine's source (every string code passed to Finding() or to
a module's add() helper), so a new code cannot be missed; the cases below make the engine
emit each of them, and the test fails on a code it cannot make appear."""

from __future__ import annotations

import ast
import re
import datetime as dt
from pathlib import Path

import pytest

from forms.inspection import judge
from forms.law.checks import check_case
from forms.law.ruleset import load_rules

ROOT = Path(__file__).resolve().parents[2]
ON = dt.date(2026, 11, 29)
SPECIMEN = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]


def codes_in(path: Path) -> set[str]:
    """The finding codes of one module: every UPPER_SNAKE string in it (a code may be
    chosen before the Finding() call, as the deadline's are)."""
    return {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+", n.value)}


def base(procedure="registration", **parts) -> dict:
    case = {"schema_version": 1, "procedure": procedure, "channel": "counter",
            "person": {"surname": "ERIKSSON", "given_names": "ANNA MARIA", "sex": "F", "birth_date": "1974-08-12",
                       "nationality": "GB", "passport": {"number": "L898902C3", "expiry": "2033-02-14"}},
            "employment": {"employer_name_zh": "深圳示例科技有限公司", "credit_code": "91440300MA5G8XQ2PT",
                           "arrangement": "direct", "document_kind": "work_permit", "document_number": "1",
                           "document_processed": "2026-11-20", "document_expiry": "2027-11-15",
                           "residence_permit_expiry": "2027-11-20"}}
    if procedure == "departure":
        case["departure"] = {"choice": "terminate"}
    for path, value in parts.items():
        node = case
        *head, last = path.split("__")
        for key in head:
            node = node.setdefault(key, {})
        node[last] = value
    return case


def days(n: int) -> str:
    return (ON + dt.timedelta(days=n)).isoformat()


CASES = [
    base(),  # missing attachments, the registration deadline open
    {"schema_version": 1, "procedure": "registration"},  # missing fields
    base(person__pr_card={"number": "932682198501010017"}, employment__document_kind="pr_card",
         employment__pr_employed=False),
    base(employment__document_processed=days(-40)),
    base(employment__document_processed=days(-25), employment__residence_permit_expiry=days(-1)),
    base(employment__residence_permit_expiry=days(10)),
    base(attachments=[{"requirement": "dep.bogus", "path": "nowhere/missing.pdf"},
                      {"requirement": "reg.passport", "path": "nowhere/missing.jpg"}]),
    base(attachments=[{"requirement": "reg.passport", "path": "/dev/null"}]),  # a device, not a file
    base(person__nationality="FR"),
    base(person__nationality="DE", employment__arrangement="dispatched", employment__overseas_employer="X",
         employment__claims_exemption=True),
    base(person__nationality="DE", employment__arrangement="dispatched", employment__overseas_employer="X"),
    base(person__nationality="DE"),
    base(person__nationality="KR", employment__claims_exemption=True),
    base("departure", person__nationality="DE"),
    base(employment__credit_code="91440300MA5G8XQ2PX"),
    base(social_security={"registered_passport_number": "OLD12345"}),
    base(person__pr_card={"number": "ABC"}),
    base(person__pr_card={"number": "932682198501010018"}),
    base(person__pr_card={"number": "932682198501010017"}),
    base(person__passport={"number": "L898902C3", "expiry": "2033-02-14", "mrz": ["P<UTO", "L898"]}),
    base(person__passport={"number": "L898902C3", "expiry": "2012-04-15",
                           "mrz": [SPECIMEN[0], SPECIMEN[1][:9] + "7" + SPECIMEN[1][10:]]}),
    base(person__passport={"number": "X1234567", "expiry": "2033-02-14", "mrz": SPECIMEN}),
    base("departure", departure={"choice": "retain"}),
    base("departure", bank={"bank_name": "B", "account_holder": "JOHN SMITH", "account_number": "6222021234567890123"}),
    base(person__birth_date=days(10)),
    base(person__birth_date="2012-01-01", employment__start_date="2026-11-01"),
    base(employment__start_date="2026-12-01", employment__end_date="2026-01-01",
         person__passport={"number": "L898902C3", "expiry": "2030-01-01", "issue_date": "2031-01-01"}),
    base(person__passport={"number": "L898902C3", "expiry": "2033-01-01", "issue_date": "1970-01-01"}),
    base(person__passport={"number": "L898902C3", "expiry": "2036-01-01", "issue_date": days(20)}),
    base("departure", person__sex="M", person__birth_date="1960-03-01", social_security={"contribution_months": 240}),
    base("departure", person__sex="M", person__birth_date="1960-03-01", social_security={"contribution_months": 60}),
    base("departure", person__sex="F", person__birth_date="1974-06-01"),
]


@pytest.fixture(scope="module")
def emitted():
    out = []
    for case in CASES:
        out += check_case(case, ON)
    return out


def law_codes() -> set[str]:
    found = set()
    for path in sorted((ROOT / "forms" / "law").glob("*.py")):
        found |= codes_in(path)
    return found


def test_the_walk_sees_the_codes():
    codes = law_codes()
    assert len(codes) >= 38 and {"DOC_EXPIRED", "PENSION_AGE_REACHED", "DATE_BIRTH_FUTURE"} <= codes


def test_every_code_of_the_case_checks_is_emitted_with_known_sources(emitted):
    sources = load_rules()["source"]
    by_code: dict = {}
    for f in emitted:
        by_code.setdefault(f.code, []).append(f)
    assert law_codes() - set(by_code) == set(), "a code no case here makes the engine emit"
    for code, findings in by_code.items():
        for f in findings:
            assert f.sources, f"{code} has no source"
            assert set(f.sources) <= set(sources), f"{code} cites an unknown source {f.sources}"


def test_every_blocker_cites_the_guideline_or_an_official_source(emitted):
    kinds = {sid: s["kind"] for sid, s in load_rules()["source"].items()}
    for f in emitted:
        if f.severity == "blocker":
            assert {kinds[s] for s in f.sources} & {"guideline", "law"}, f"{f.code} blocker cites {f.sources}"


def test_practice_alone_never_makes_a_blocker(emitted):
    kinds = {sid: s["kind"] for sid, s in load_rules()["source"].items()}
    for f in emitted:
        if f.sources and all(kinds[s] == "practice" for s in f.sources):
            assert f.severity != "blocker", f.code


def problem_codes() -> set[str]:
    """The file problems the inspection reports (judge._problem's codes)."""
    tree = ast.parse((ROOT / "forms" / "inspection" / "judge.py").read_text(encoding="utf-8"))
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_problem")
    return {n.value for n in ast.walk(fn) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+", n.value)}


@pytest.mark.parametrize("code", sorted(problem_codes()))
def test_every_file_problem_cites_the_document_lists(code):
    a = {"problems": [{"code": code, "params": {}}], "type": "pdf", "pages": [], "page_count": 0, "size": 10}
    found = [f for f in judge.file_findings(a, "scan.pdf") if f.code == code]
    assert found and all(set(f.sources) == set(judge.SCAN_SOURCES) for f in found)


def test_every_finding_made_anywhere_is_given_sources():
    """Beyond the codes walked above (the inspection's judgements of a file's pixels and
    pages among them): every Finding() in the engine is built with sources."""
    bare = []
    for path in sorted((ROOT / "forms").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
                names = {k.arg for k in node.keywords}
                if "sources" not in names and None not in names:  # None: **kw, which carries them
                    bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bare == []
