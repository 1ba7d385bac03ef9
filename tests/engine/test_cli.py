"""The `shebao` command: exit codes, one-line errors, no tracebacks, JSON output."""

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, write_case

ON = ["--on", "2026-11-29"]


def shebao(*args, lang="en"):
    return subprocess.run([sys.executable, "-m", "forms", *args, "--lang", lang] if args[0] in ("check", "rules") else
                          [sys.executable, "-m", "forms", *args], capture_output=True, text=True)


def assert_clean_error(result):
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_installed_entry_point_runs():
    from pathlib import Path

    exe = shutil.which("shebao", path=str(Path(sys.executable).parent))
    assert exe, "pip install must provide the shebao command beside the interpreter"
    r = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("shebao ")


def test_check_german_example_lists_certificate_and_exemption():
    r = shebao("check", str(EXAMPLES / "registration-dispatched-de.json"), *ON)
    assert r.returncode == 0, r.stderr
    assert "Certificate of Coverage" in r.stdout
    assert "pension insurance and unemployment insurance are exempt" in " ".join(r.stdout.split())


def test_same_case_as_french_national_lists_no_exemption_and_says_why(tmp_path, example):
    case = example("registration-dispatched-de")
    case["person"]["nationality"] = "FR"
    case["person"]["passport"].pop("mrz")
    case["attachments"] = [a for a in case["attachments"] if a["requirement"] != "reg.certificate_of_coverage"]
    # the attached German passport scan would now rightly not match (its MRZ is read): the data alone
    r = shebao("check", str(write_case(tmp_path, case)), *ON, "--no-inspect")
    assert r.returncode == 0, r.stdout
    assert "Certificate of Coverage" not in r.stdout and "exempt" not in r.stdout.replace("exemption", "")
    text = " ".join(r.stdout.split())  # undo the terminal line wrapping
    assert "AGREEMENT_NOT_IN_FORCE" in text and "is not in force on 29 November 2026" in text


def test_expired_residence_permit_exits_1_with_that_finding(tmp_path, example):
    case = example("registration-dispatched-de")
    case["employment"]["residence_permit_expiry"] = "2026-10-31"
    r = shebao("check", str(write_case(tmp_path, case)), *ON)
    assert r.returncode == 1
    assert "DOC_EXPIRED" in r.stdout and "expired on 31 October 2026" in " ".join(r.stdout.split())


@pytest.mark.parametrize("mutate,code", [
    (lambda c: c["person"]["pr_card"].update(number="944840198501010019"), "PR_NUMBER_CHECK"),
    (lambda c: c.update(bank={"account_number": "6217002860001234566", "kind": "card"}), "BANK_CARD_CHECK"),
])
def test_wrong_check_digit_is_a_blocker(tmp_path, example, mutate, code):
    case = example("registration-pr-employed")
    mutate(case)
    r = shebao("check", str(write_case(tmp_path, case)), *ON, "--json")
    assert r.returncode == 1
    findings = json.loads(r.stdout)["findings"]
    assert any(f["code"] == code and f["severity"] == "blocker" for f in findings)


def test_invalid_json_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "procedure": ')
    r = shebao("check", str(bad))
    assert r.returncode == 2
    assert "not valid JSON: line 1, column" in assert_clean_error(r)


def test_schema_violation_exits_2_with_json_path(tmp_path, example):
    case = example("departure-refund")
    case["person"]["birth_date"] = "15/06/1990"
    r = shebao("check", str(write_case(tmp_path, case)))
    assert r.returncode == 2
    assert "$.person.birth_date" in assert_clean_error(r)


def test_schema_violation_in_a_list_and_an_unknown_key(tmp_path, example):
    case = example("departure-refund")
    case["attachments"][1]["requirement"] = "passport"
    r = shebao("check", str(write_case(tmp_path, case)))
    assert r.returncode == 2 and "$.attachments[1].requirement" in assert_clean_error(r)
    case = example("departure-refund")
    case["person"]["shoe_size"] = 42
    r = shebao("check", str(write_case(tmp_path, case)))
    assert r.returncode == 2 and "shoe_size" in assert_clean_error(r)


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b"null"])
def test_unusable_files_exit_2_without_traceback(tmp_path, content):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    r = shebao("check", str(path))
    assert r.returncode == 2
    assert_clean_error(r)


def test_missing_file_and_folder_exit_2(tmp_path):
    assert shebao("check", str(tmp_path / "nope.json")).returncode == 2
    r = shebao("check", str(tmp_path))
    assert r.returncode == 2 and "folder" in assert_clean_error(r)


def test_uncovered_date_is_refused_with_exit_2():
    r = shebao("check", str(EXAMPLES / "departure-refund.json"), "--on", "2031-01-01")
    assert r.returncode == 2 and "says nothing about 1 January 2031" in assert_clean_error(r)
    r = shebao("rules", "--procedure", "departure", "--on", "2020-01-01")
    assert r.returncode == 2


def test_bad_arguments_exit_2():
    assert shebao("check").returncode == 2
    assert shebao("rules", "--procedure", "holiday").returncode == 2
    assert shebao("check", str(EXAMPLES / "departure-refund.json"), "--on", "yesterday").returncode == 2
    r = shebao("rules", "--procedure", "registration", "--nationality", "XX")
    assert r.returncode == 2 and "XX" in assert_clean_error(r)


def test_rules_checklists():
    r = shebao("rules", "--procedure", "registration", "--channel", "one_stop", *ON)
    assert r.returncode == 0
    checklist = r.stdout.split("\n\n")[0]  # the documents, before the guideline's other facts
    assert "Work Permit" not in checklist and "Application Form" not in checklist
    # what the One-Stop Service also handles (guideline V), with the authorities
    flat = " ".join(r.stdout.split())
    assert "Issuance/alteration/extension of Foreigner's Work Permit" in flat
    assert "Science, Technology and Innovation Bureau of Shenzhen Municipality" in flat
    r = shebao("rules", "--procedure", "registration", "--nationality", "de", "--group", "dispatched",
               "--claim-exemption", *ON)
    assert "Dispatch letter" in r.stdout and "Certificate of Coverage" in r.stdout
    r = shebao("rules", "--procedure", "departure", "--proxy", *ON)
    assert "power of attorney" in r.stdout and "Practice, not in the guideline" in r.stdout
    r = shebao("rules", "--procedure", "departure", *ON, lang="zh")
    assert "终止企业职工基本养老保险关系申请书" in r.stdout and "原因：" in r.stdout


def test_chinese_output():
    r = shebao("check", str(EXAMPLES / "registration-dispatched-de.json"), *ON, lang="zh")
    assert r.returncode == 0
    text = r.stdout.replace("\n      ", "")
    assert "境外雇主派遣人员凭参保证明可免缴养老保险和失业保险" in text and "可以提交。" in r.stdout


def test_json_output_shape():
    r = shebao("check", str(EXAMPLES / "departure-refund.json"), *ON, "--json")
    data = json.loads(r.stdout)
    assert data["on"] == "2026-11-29" and data["summary"]["ready"] is True
    by_id = {q["id"]: q for q in data["requirements"]}
    assert by_id["dep.passport"]["status"] == "attached"
    assert by_id["dep.declaration_form"]["status"] == "form"
    assert by_id["dep.work_permit_cancellation"]["status"] == "missing"
    for f in data["findings"]:
        assert set(f) == {"severity", "code", "message", "field", "requirement", "file", "sources", "suggestion"}
        assert f["message"]["zh"] and f["message"]["en"]


def test_unwritable_output_is_a_clear_error_not_an_internal_one(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for args in (("pack", str(EXAMPLES / "departure-refund.json"), "-o", str(blocker / "pack.pdf")),
                 ("fill", str(EXAMPLES / "departure-refund.json"), "--out", str(blocker / "out"))):
        r = subprocess.run([sys.executable, "-m", "forms", *args, "--on", "2026-11-29", "--lang", "en"],
                           capture_output=True, text=True)
        assert r.returncode == 2, r.stderr
        line = assert_clean_error(r)
        assert line.startswith("shebao: Cannot use ") and "a-file" in line


def test_rules_exits_0_for_every_combination_of_its_options():
    import contextlib
    import io
    import itertools

    from forms.cli import main

    grid = itertools.product(["registration", "departure"], ["online", "counter", "one_stop"],
                             ["permit", "pr", "dispatched"], ["work_permit", "correspondent_card"],
                             ["terminate", "retain"], [[], ["--proxy"]], [[], ["--claim-exemption"]],
                             [[], ["--nationality", "DE"], ["--nationality", "KR"], ["--nationality", "FR"]])
    n = 0
    for procedure, channel, group, document, choice, proxy, claim, nationality in grid:
        lang = ("en", "zh")[n % 2]  # both languages, each on half the grid
        argv = ["rules", "--procedure", procedure, "--channel", channel, "--group", group, "--document", document,
                "--choice", choice, *proxy, *claim, *nationality, "--lang", lang, "--on", "2026-11-29"]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(argv) == 0, argv
        assert "Traceback" not in out.getvalue()
        n += 1
    assert n == 2 * 3 * 3 * 2 * 2 * 2 * 2 * 4
