"""One verdict for `check` and `pack`: every file of the shared corpus and mutated PDFs and
JPEGs of the fuzz generator (tests/inspection/test_fuzz.py), each attached as the
separation certificate of an otherwise ready case. For each: `check` ready <=> a final
pack is made, and then holds the file's own pages and no placeholder; a draft is always
made, with a page naming what blocks the file; `qpdf --check` passes on every pack."""

from __future__ import annotations

import copy
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.pack.build import PackRefused, build_pack
from forms.verdict.report import build_report

from forms_helpers import CORPUS, EXAMPLES, ON, pdftotext
from tests.inspection.test_fuzz import SEEDS as FUZZ_SEEDS, mutated

REQ = "dep.separation_certificate"


def _a4_seeds() -> list[bytes]:
    """Seeds that pass as a separation certificate (an A4 page at 200 DPI, as JPEG and as a
    scanner's PDF), beside the fuzz generator's own."""
    from tests.inspection import makers as M

    tmp = Path(tempfile.mkdtemp())
    page = M.jpeg_bytes(M.document("a4", 200, seed=5), dpi=200, quality=60)
    return [page, M.scan_pdf(tmp, "a4.pdf", [page]).read_bytes()]


SEEDS = _a4_seeds() + FUZZ_SEEDS
FUZZ_FILES = 100
SEEN = {"ready": 0, "blocked": 0}


@pytest.fixture(scope="module")
def base_case():
    from forms.case.model import load_case

    case = load_case(EXAMPLES / "departure-refund.json")
    for att in case["attachments"]:
        att["path"] = str(EXAMPLES / att["path"])
    return case


def qpdf_check(path: Path) -> None:
    r = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, (path, r.stdout[-800:], r.stderr[-800:])


def one_verdict(case: dict, file: Path, folder: Path) -> bool:
    """The property for `file` attached for REQ; returns whether check said ready."""
    case = copy.deepcopy(case)
    case["attachments"] = [a for a in case["attachments"] if a["requirement"] != REQ]
    case["attachments"].append({"requirement": REQ, "path": str(file)})
    report = build_report(case, ON, inspect=True)
    [res] = [r for r in report.files if r.path == str(file)]
    final = folder / "final.pdf"
    final.unlink(missing_ok=True)
    try:
        result = build_pack(case, ON, final)
    except PackRefused:
        assert not report.ready, file
        assert not final.exists()
    else:
        assert report.ready, (file, [f.code for f in report.findings])
        assert all(s.kind != "placeholder" for s in result.sections) and not result.problems, file
        [sec] = [s for s in result.sections if s.file == str(file)]
        assert sec.kind == "attachment" and sec.pages == res.analysis["page_count"], (file, sec)
        qpdf_check(final)
    draft = folder / "draft.pdf"
    result = build_pack(case, ON, draft, draft=True)
    qpdf_check(draft)
    blockers = [f for f in report.findings if f.severity == "blocker" and f.file == str(file)]
    secs = [s for s in result.sections if s.file == str(file)]
    if blockers:
        assert secs[0].kind == "placeholder", file
        text = " ".join(pdftotext(draft, "-f", str(secs[0].start + 1), "-l", str(secs[0].start + 1)).split())
        for key in ("en", "zh"):  # the inspection's own words, both languages
            assert " ".join(blockers[0].message[key].split())[:40] in text, (file, key, text[:300])
    else:
        assert [s.kind for s in secs] == ["attachment"], file
    SEEN["ready" if report.ready else "blocked"] += 1
    SEEN.setdefault("codes", set()).update(f.code for f in blockers)
    return report.ready


def corpus_files():
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix not in (".md", ".json"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_every_corpus_file_one_verdict(base_case, tmp_path):
    files = corpus_files()
    assert len(files) >= 40
    ready = {f.relative_to(CORPUS).as_posix() for f in files if one_verdict(base_case, f, tmp_path)}
    # both sides are reached: forms and restricted PDFs go in, damaged ones are refused
    assert {"pdf/forms/qpdf__form-filled-by-acrobat.pdf", "pdf/encrypted/pypdf__r2-owner-password.pdf"} <= ready
    assert "pdf/malformed/qpdf__append-xref-loop.pdf" not in ready


@settings(max_examples=FUZZ_FILES, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                                 HealthCheck.function_scoped_fixture])
@given(blob=mutated(SEEDS))
def _fuzz(base_case, blob: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        path = folder / f"scan{'.pdf' if b'%PDF' in blob[:1024] else '.jpg'}"
        path.write_bytes(blob)
        one_verdict(base_case, path, folder)


def test_fuzzed_files_one_verdict(base_case):
    SEEN.update(ready=0, blocked=0)
    _fuzz(base_case)
    assert SEEN["ready"] + SEEN["blocked"] == FUZZ_FILES
    assert SEEN["ready"] >= 5 and SEEN["blocked"] >= 5, SEEN
    assert {"PDF_DAMAGED", "FILE_TRUNCATED"} <= SEEN["codes"], SEEN  # both sides of the property are reached
