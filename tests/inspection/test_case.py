"""inspect_case: every attachment against its requirement, then duplicates and page
counts over the case; progress, cancel and the cache; the report that `check` shows."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from forms.inspection import Cache, inspect_case
from forms.verdict.report import build_report
from tests.inspection import makers as M
from tests.inspection.conftest import codes

EXAMPLES = ["departure-refund", "registration-dispatched-de", "registration-pr-employed"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_examples_scans_pass(example, pool, cache, name):
    case = example(name)
    ci = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    assert len(ci.files) == len(case["attachments"]) and not ci.cancelled
    assert [r.path for r in ci.files] == [a["path"] for a in case["attachments"]]
    for r in ci.files:
        assert codes(r) == {"FILE_OK"}, (r.path, [(f.code, f.message["en"]) for f in r.findings])
        assert r.requirement and r.thumbnail_png and r.facts["summary"]["zh"]
    assert ci.findings == []


def test_progress_is_called_for_each_file_in_the_calling_thread(example, pool, cache):
    import threading

    calls = []
    case = example("registration-dispatched-de")
    inspect_case(case, M.TODAY, progress=lambda done, total, r: calls.append((done, total, r.path, threading.get_ident())),
                 pool=pool, cache=cache)
    n = len(case["attachments"])
    assert [c[0] for c in calls] == list(range(1, n + 1)) and {c[1] for c in calls} == {n}
    assert sorted(c[2] for c in calls) == sorted(a["path"] for a in case["attachments"])
    assert {c[3] for c in calls} == {threading.get_ident()}


def test_cancel_stops_and_says_so(example, pool, cache):
    case = example("registration-dispatched-de")
    seen = []

    def cancel():
        return len(seen) >= 2

    ci = inspect_case(case, M.TODAY, progress=lambda d, t, r: seen.append(r), cancel=cancel, pool=pool, cache=cache)
    assert ci.cancelled and 2 <= len(ci.files) < len(case["attachments"])
    # the pool is still usable afterwards
    again = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    assert not again.cancelled and len(again.files) == len(case["attachments"])


def test_the_cache_answers_the_second_time_and_is_private(example, pool, tmp_path):
    cache = Cache(tmp_path / "cache")
    case = example("registration-dispatched-de")
    first = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    started = pool.started
    second = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    assert not any(r.cached for r in first.files) and all(r.cached for r in second.files)
    assert pool.started == started
    assert [r.findings for r in first.files] == [r.findings for r in second.files]
    assert [r.thumbnail_png for r in first.files] == [r.thumbnail_png for r in second.files]
    entries = list((tmp_path / "cache").iterdir())
    assert entries
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(tmp_path / "cache").st_mode) == 0o700
        assert {stat.S_IMODE(p.stat().st_mode) for p in entries} == {0o600}
    assert cache.clear() == len(entries) and not list((tmp_path / "cache").iterdir())


def test_a_cache_folder_made_with_its_parents_is_private_all_the_way(tmp_path):
    """SHEBAO_CACHE_DIR may name a folder several levels deep that does not exist yet."""
    cache = Cache(tmp_path / "new" / "deep" / "cache")
    cache.put({"sha256": "ab" * 32, "version": 1, "problems": []}, b"png")
    made = [tmp_path / "new", tmp_path / "new" / "deep", tmp_path / "new" / "deep" / "cache"]
    assert all(p.is_dir() for p in made)
    if sys.platform != "win32":
        assert [stat.S_IMODE(os.stat(p).st_mode) for p in made] == [0o700] * 3


def test_cache_is_by_content_and_judged_for_each_requirement(tmp_path, pool, inspect):
    """One analysis, two verdicts: a 300-DPI card scan is fine as a bank card and under 200
    DPI as a passport page; the same bytes under another name reuse the analysis."""
    scan = M.scan(tmp_path, "card.jpg", "id1", 300)
    as_card = inspect(scan, "dep.bank_card")
    copy = M.write(tmp_path / "copy.jpg", scan.read_bytes())
    as_passport = inspect(copy, "reg.passport")
    assert as_passport.cached and not as_card.cached
    assert as_card.facts["dpi"] == 300 and as_passport.facts["dpi"] < 200
    assert "RESOLUTION_LOW" in codes(as_passport) and "RESOLUTION_LOW" not in codes(as_card)
    assert as_passport.findings[0].file == str(copy)


def test_pages_are_counted_over_the_requirements_files(example, tmp_path, pool, cache):
    case = example("registration-pr-employed")
    att = next(a for a in case["attachments"] if a["requirement"] == "reg.employment_contract")
    att["pages"] = 3
    ci = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    [f] = [f for f in ci.findings if f.code == "PAGES_TOO_FEW"]
    assert f.severity == "blocker" and f.requirement == "reg.employment_contract"
    assert "3" in f.message["en"] and "1" in f.message["en"]
    # two more one-page scans of the same contract make it complete
    for n in (2, 3):
        page = M.scan_pdf(tmp_path, f"contract-{n}.pdf", [M.jpeg_bytes(M.document("a4", 300, seed=n))])
        case["attachments"].append({"requirement": "reg.employment_contract", "path": str(page)})
    ci = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    assert "PAGES_TOO_FEW" not in {f.code for f in ci.findings}


def test_a_file_over_the_upload_limit_of_the_online_channel(example, tmp_path, pool, cache):
    case = example("registration-pr-employed")  # online
    big = tmp_path / "contract.png"
    from PIL import Image
    Image.merge("RGB", [Image.effect_noise((1240, 1754), 40 + i) for i in range(3)]).save(big, "PNG")  # noise does not compress
    assert big.stat().st_size > 2_000_000
    for att in case["attachments"]:
        if att["requirement"] == "reg.employment_contract":
            att["path"] = str(big)
    ci = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    [f] = [f for r in ci.files for f in r.findings if f.code == "FILE_TOO_BIG"]
    assert f.severity == "warning" and "2 MB" in f.message["en"] and "2 MB" in f.message["zh"]
    assert "assumption" in f.message["en"] and "假设" in f.message["zh"]
    case["channel"] = "counter"  # paper: no upload, no limit
    ci = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    assert "FILE_TOO_BIG" not in {f.code for r in ci.files for f in r.findings}


def test_a_missing_file_is_left_to_the_case_checks(example, pool, cache):
    case = example("departure-refund")
    case["attachments"][0]["path"] = "scans/nowhere.jpg"
    ci = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    assert ci.files[0].exists is False and ci.files[0].findings == []
    report = build_report(case, M.TODAY, inspect=True)
    assert [f.code for f in report.findings if f.file == "scans/nowhere.jpg"] == ["ATTACHMENT_FILE_MISSING"]


def test_build_report_joins_file_findings_and_keeps_the_data_only_path(example, tmp_path):
    case = example("departure-refund")
    broken = M.write(tmp_path / "passport.jpg", b"")
    case["attachments"][0]["path"] = str(broken)
    data_only = build_report(case, M.TODAY)
    assert data_only.files is None and data_only.ready and "files" not in data_only.to_json()
    report = build_report(case, M.TODAY, inspect=True)
    assert not report.ready
    [f] = [f for f in report.findings if f.code == "FILE_EMPTY"]
    assert f.requirement == "dep.passport"
    passport = next(r for r in report.requirements if r.id == "dep.passport")
    assert report.status(passport) == "problem"
    assert "FILE_OK" not in {f.code for f in report.findings}
    out = report.to_json()
    assert [x["path"] for x in out["files"]] == [a["path"] for a in case["attachments"]]
    assert out["files"][1]["facts"]["type"] == "jpeg" and "thumbnail_png" not in out["files"][1]


def test_messages_name_a_stored_file_by_its_original_name(example, tmp_path, pool, cache):
    """The app keeps attachments under their hash (attachments/ab/<sha>.jpg): messages
    name the file as the user knows it (its label), `file` still says which attachment."""
    case = example("departure-refund")
    store = tmp_path / "attachments" / "ab"
    store.mkdir(parents=True)
    empty = M.write(store / ("ab" + "0" * 62 + ".jpg"), b"")
    passport = case["attachments"][0]
    passport.update(path=str(empty), label="Emily passport.jpg")
    copy = dict(case["attachments"][1], label="bank card copy.jpg")
    case["attachments"].append(copy)  # the same file twice: a case-level duplicate
    ci = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    [f] = [f for f in ci.files[0].findings if f.code == "FILE_EMPTY"]
    assert f.file == str(empty)
    for lang in ("en", "zh"):
        assert "Emily passport.jpg" in f.message[lang] and "ab000" not in f.message[lang]
    [dup] = [f for f in ci.findings if f.code == "DUPLICATE_FILE"]
    assert "bank card copy.jpg" in dup.message["en"] and dup.file == copy["path"]
    # the case checks too: a missing file, a file attached to an item the case does not need
    from forms.law.checks import check_case
    gone = dict(passport, path=str(store / "gone.jpg"), label="old scan.jpg")
    stray = dict(passport, requirement="reg.dispatch_letter", label="letter.pdf")
    case["attachments"] += [gone, stray]
    found = {f.code: f for f in check_case(case, M.TODAY)}
    assert "old scan.jpg" in found["ATTACHMENT_FILE_MISSING"].message["en"]
    assert found["ATTACHMENT_FILE_MISSING"].file == gone["path"]
    assert "letter.pdf" in found["ATTACHMENT_NOT_NEEDED"].message["zh"]
