"""`shebao estimate`: the table on the example case, JSON, the one-page PDF in both
languages read back, a pasted record, and clean errors with exit code 2."""

import json
import os
import stat
import subprocess
import sys

from pypdf import PdfReader

from tests.conftest import EXAMPLES, write_case

CASE = str(EXAMPLES / "departure-refund.json")
ON = ["--on", "2026-12-20"]


def estimate(*args, lang="en"):
    return subprocess.run([sys.executable, "-m", "forms", "estimate", *args, *ON, "--lang", lang],
                          capture_output=True, text=True)


def test_estimate_prints_the_table_of_the_example():
    r = estimate(CASE)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[2].split() == ["Year", "Months", "Contributions", "Rate", "Interest", "Balance"]
    assert lines[3].split() == ["2022", "10", "10,080.00", "6.12", "%", "*", "277.85", "10,357.85"]
    assert lines[7].split() == ["2026", "11", "13,200.00", "1.50", "%", "†", "923.17", "67,967.63"]
    assert "RMB 67,967.63" in r.stdout and "RMB 66,936.69 to 78,777.98" in r.stdout
    assert "bureau computes the real amount" in " ".join(r.stdout.split())


def test_estimate_in_chinese():
    r = estimate(CASE, lang="zh")
    assert r.returncode == 0, r.stderr
    assert "年度" in r.stdout and "67,967.63元" in r.stdout and "社保经办机构核定" in r.stdout


def test_estimate_json_is_the_engine_result():
    r = estimate(CASE, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["balance"] == "67967.63" and data["on"] == "2026-12-20"
    assert [y["rate_kind"] for y in data["years"]] == ["uncertain"] * 4 + ["assumed"]
    assert data["bureau_computes"]["en"].startswith("This is an estimate")
    assert {s["id"] for s in data["sources"]} >= {"gf-2005-38", "rate-calculators", "rate-2025-local"}


def test_the_one_page_pdf_in_both_languages(tmp_path):
    for lang, words in (("en", ["Estimate of the pension account refund", "67,967.63", "66,936.69",
                                "bureau computes the real amount", "Not part of the submission pack"]),
                        ("zh", ["养老保险个人账户退款估算", "67,967.63", "社保经办机构核定", "本页不属于提交材料"])):
        out = tmp_path / f"estimate-{lang}.pdf"
        r = estimate(CASE, "--pdf", str(out), lang=lang)
        assert r.returncode == 0, r.stderr
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o600  # personal data: owner-only
        reader = PdfReader(out)
        assert len(reader.pages) == 1
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
        flat = " ".join(text.split())
        for w in words:
            assert w in flat, (lang, w)
        for year in ("2022", "2023", "2024", "2025", "2026"):
            assert year in text


def test_a_long_history_still_fits_on_one_page(tmp_path):
    case = json.loads(open(CASE, encoding="utf-8").read())
    case["contributions"] = [{"from": f"{y}-01", "to": f"{y}-{'06' if y % 2 else '12'}", "base": 9000 + y}
                             for y in range(2014, 2027)]  # gaps, a year without a rate: many findings
    path = write_case(tmp_path, case)
    out = tmp_path / "long.pdf"
    r = estimate(str(path), "--pdf", str(out))
    assert r.returncode == 0, r.stderr
    assert len(PdfReader(out).pages) == 1
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert "2014" in text and "Sources" in text and "No crediting rate is known for 2014" in text


def test_a_pasted_record_replaces_the_history(tmp_path):
    record = tmp_path / "record.txt"
    record.write_text("起止年月\t养老保险缴费基数\n202501-202512\t10,000.00\n", encoding="utf-8")
    r = estimate(CASE, "--record", str(record), "--json")
    assert r.returncode == 0, r.stderr
    assert [y["year"] for y in json.loads(r.stdout)["years"]] == [2025, 2026]


def test_unusable_history_exits_2_with_the_line(tmp_path):
    record = tmp_path / "record.txt"
    record.write_text("起止年月\t养老保险缴费基数\n202501-202512\tabc\n", encoding="utf-8")
    r = estimate(CASE, "--record", str(record))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "Line 2" in r.stderr


def test_no_history_exits_2(tmp_path):
    case = json.loads(open(CASE, encoding="utf-8").read())
    del case["contributions"]
    r = estimate(str(write_case(tmp_path, case)), lang="zh")
    assert r.returncode == 2 and "没有缴费记录" in r.stderr and "Traceback" not in r.stderr


def test_the_submission_pack_never_carries_the_estimate(tmp_path):
    pack = tmp_path / "pack.pdf"
    r = subprocess.run([sys.executable, "-m", "forms", "pack", CASE, "-o", str(pack), *ON, "--draft"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    text = subprocess.run(["pdftotext", str(pack), "-"], capture_output=True, text=True).stdout
    assert "Pension" in text or "养老" in text  # the pack was read
    for word in ("Estimate", "estimate", "估算", "67,967.63", "退款估算"):
        assert word not in text
