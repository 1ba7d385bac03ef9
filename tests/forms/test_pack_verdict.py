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
    assert SEEN["ready"] >= 2 and SEEN["blocked"] >= 5, SEEN  # both sides of the property are reached
    assert {"PDF_DAMAGED", "FILE_TRUNCATED"} <= SEEN["codes"], SEEN  # both sides of the property are reached


def test_a_16_bit_png_with_transparency_that_check_passes_goes_into_the_pack(base_case, tmp_path):
    from PIL import Image

    from tests.inspection import makers as M

    card = M.png16_rgba(tmp_path, "bank-card.png", M.document("id1", 300, seed=8))
    assert Image.open(card).mode == "RGBA"
    case = copy.deepcopy(base_case)
    [att] = [a for a in case["attachments"] if a["requirement"] == "dep.bank_card"]
    att["path"] = str(card)
    report = build_report(case, ON, inspect=True)
    assert report.ready, [(f.code, f.message["en"]) for f in report.findings if f.severity == "blocker"]
    [res] = [r for r in report.files if r.path == str(card)]
    notes = {f.code: f for f in res.findings}
    assert {"IMAGE_16BIT", "IMAGE_CONVERTED"} <= set(notes) and notes["IMAGE_CONVERTED"].severity == "info"
    result = build_pack(case, ON, tmp_path / "pack.pdf")
    [sec] = [s for s in result.sections if s.file == str(card)]
    assert sec.kind == "attachment" and sec.pages == 1 and not result.problems
    listing = subprocess.run(["pdfimages", "-f", str(sec.start + 1), "-l", str(sec.start + 1), "-list",
                              str(tmp_path / "pack.pdf")], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert [(r[2], r[3], r[4]) for r in rows] == [("image", "1011", "638"), ("smask", "1011", "638")], listing
    qpdf_check(tmp_path / "pack.pdf")


HOSTILE = ["images/heic/pillow-heif__corrupted.heic", "images/heic/pillow-heif__empty.heic",
           "images/problematic/pillow__truncated_jpeg.jpg", "pdf/malformed/qpdf__append-xref-loop.pdf",
           "pdf/malformed/qpdf__bad2.pdf", "pdf/encrypted/pypdf__r3-user-password.pdf",
           "pdf/scanned/pdfcpu__testdata__blank-scan.pdf", "pdf/garbage/qpdf__bad1.pdf"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_the_cli_pack_of_hostile_files_says_only_its_own_lines(base_case, tmp_path):
    """Standard error holds Shebao Desk's lines only (the libraries' warnings go to the log
    file); each blocked file gets a page with the inspection's finding in both languages."""
    import json
    import os
    import sys

    from tests.inspection import makers as M

    case = copy.deepcopy(base_case)
    case["attachments"] += [{"requirement": REQ, "path": str(CORPUS / f)} for f in HOSTILE]
    png = M.png16_rgba(tmp_path, "seal.png", M.document("a4", 100, seed=9))  # img2pdf talks about its alpha
    case["attachments"].append({"requirement": REQ, "path": str(png)})
    path = tmp_path / "case.json"
    path.write_text(json.dumps({k: v for k, v in case.items() if not k.startswith("_")}, ensure_ascii=False),
                    encoding="utf-8")
    env = {**os.environ, "SHEBAO_DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / "pack.pdf"

    def shebao(*args):
        return subprocess.run([sys.executable, "-m", "forms", "pack", str(path), "-o", str(out), "--on", ON.isoformat(),
                               "--lang", "en", *args], capture_output=True, text=True, env=env, timeout=300)

    report = build_report(case, ON, inspect=True)
    messages = {f.file: f.message for f in report.findings if f.severity == "blocker"}
    assert set(messages) >= {str(CORPUS / f) for f in HOSTILE}
    refused = shebao()
    assert refused.returncode == 1 and not out.exists()
    assert refused.stderr.splitlines()[0].startswith("Refused: the case has blockers.")
    assert "Traceback" not in refused.stderr
    r = shebao("--draft")
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert lines and all(line.startswith("WARNING: ") for line in lines), r.stderr
    every = {f.message["en"] for f in report.findings if f.severity == "blocker"}
    assert {line[len("WARNING: "):] for line in lines} <= every, r.stderr
    assert "alpha channel" in (tmp_path / "data" / "logs" / "cli.log").read_text(encoding="utf-8")
    qpdf_check(out)
    from pypdf import PdfReader
    n = len(PdfReader(out).pages)
    pages = [" ".join(pdftotext(out, "-f", str(i), "-l", str(i)).split()) for i in range(1, n + 1)]
    for f in HOSTILE:
        msg = messages[str(CORPUS / f)]
        hits = [p for p in pages if " ".join(msg["en"].split())[:60] in p and " ".join(msg["zh"].split())[:30] in p]
        assert hits, (f, msg)
    assert not any("BytesIO" in p or "invalid png" in p for p in pages)
