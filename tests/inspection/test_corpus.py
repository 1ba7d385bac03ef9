"""`shebao inspect` over every file of the shared corpus (real broken, encrypted, scanned
and form PDFs, hostile images, passport specimens): a finding for each, never a
traceback, never a time-out; the broken, garbage, user-password, truncated, HEIC and
decompression-bomb files exit 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from forms.common.i18n import tr

ROOT = Path(__file__).resolve().parents[2]

# What each file of the corpus must give (at least these codes), from MANIFEST.md.
EXPECTED = {
    "pdf/malformed/qpdf__bad2.pdf": {"PDF_DAMAGED"},
    "pdf/malformed/qpdf__bad3.pdf": {"PDF_DAMAGED"},
    "pdf/malformed/qpdf__bad4.pdf": {"PDF_DAMAGED"},
    "pdf/malformed/qpdf__bad-xref-entry.pdf": {"PDF_DAMAGED"},
    "pdf/malformed/qpdf__append-xref-loop.pdf": {"PDF_DAMAGED"},
    "pdf/malformed/qpdf__pages-loop.pdf": {"PDF_DAMAGED"},
    "pdf/encrypted/pypdf__r2-owner-password.pdf": {"PDF_RESTRICTED"},
    "pdf/encrypted/pypdf__r3-user-password.pdf": {"PDF_ENCRYPTED"},
    "pdf/encrypted/pypdf__r4-aes-user-password.pdf": {"PDF_ENCRYPTED"},
    "pdf/encrypted/pypdf__r6-owner-password.pdf": {"PDF_RESTRICTED"},
    "pdf/encrypted/qpdf__enc-R2_V1_O=master.pdf": {"PDF_RESTRICTED"},
    "pdf/forms/pypdf-samples__pdflatex-forms.pdf": {"FILE_OK"},
    "pdf/forms/pypdf-samples__libreoffice-form.pdf": {"FILE_OK"},
    "pdf/forms/qpdf__form-filled-by-acrobat.pdf": {"FILE_OK"},
    "pdf/forms-cjk/pdfcpu__fill__chineseSimple.pdf": {"FILE_OK"},
    "pdf/forms-cjk/pdfcpu__demo__chineseTraditional.pdf": {"FILE_OK"},
    "pdf/scanned/pdfcpu__testdata__blank-scan.pdf": {"PAGE_BLANK"},
    "pdf/scanned/pypdf__Seige_of_Vicksburg_Sample_OCR.pdf": {"RESOLUTION_LOW"},
    "pdf/garbage/qpdf__bad1.pdf": {"TYPE_UNKNOWN"},
    "images/problematic/pillow__truncated_jpeg.jpg": {"FILE_TRUNCATED"},
    "images/problematic/pillow__pil_sample_cmyk.jpg": {"IMAGE_CMYK"},
    "images/problematic/libpng__basn2c16.png": {"IMAGE_16BIT"},
    "images/problematic/pillow__decompression_bomb.gif": {"IMAGE_PIXEL_LIMIT", "TYPE_UNSUPPORTED"},
    "images/problematic/pillow__multipage.tiff": {"TIFF_MULTIPAGE"},
    "images/heic/pillow-heif__truncated.heic": {"FILE_TRUNCATED"},
    "images/heic/pillow-heif__corrupted.heic": {"IMAGE_DAMAGED"},
    "images/heic/pillow-heif__empty.heic": {"FILE_EMPTY"},
    "images/mrz/passporteye__passport-td3.jpg": {"FILE_OK"},
    "images/mrz/passporteye__27_pass-gbr.jpg": {"RESOLUTION_TOO_LOW"},
}
MUST_EXIT_1 = ["pdf/malformed/*", "pdf/garbage/*", "pdf/encrypted/*user-password*",
               "images/problematic/*truncated*", "images/heic/*", "images/problematic/*decompression_bomb*"]


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix not in (".md", ".json"))


def shebao(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "forms", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def test_every_corpus_file_gets_findings_and_no_traceback(corpus):
    files = corpus_files(corpus)
    assert len(files) >= 40
    r = shebao("inspect", "--json", *map(str, files))
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and r.stderr == ""
    out = json.loads(r.stdout)
    assert [f["path"] for f in out["files"]] == list(map(str, files))
    for f in out["files"]:
        got = {x["code"] for x in f["findings"]}
        assert got, f["path"]
        assert not got & {"FILE_TIMEOUT", "FILE_CRASHED", "FILE_READ_ERROR", "FILE_TOO_COMPLEX"}, (f["path"], got)
        assert all(x["file"] == f["path"] and x["message"]["en"] and x["message"]["zh"] for x in f["findings"])
        rel = Path(f["path"]).relative_to(corpus).as_posix()
        if rel in EXPECTED:
            assert EXPECTED[rel] <= got, (rel, got)
    assert set(EXPECTED) <= {Path(f["path"]).relative_to(corpus).as_posix() for f in out["files"]}


@pytest.mark.parametrize("pattern", MUST_EXIT_1)
def test_broken_and_hostile_corpus_files_exit_1(corpus, pattern):
    files = sorted(corpus.glob(pattern))
    assert files, pattern
    for path in files:
        r = shebao("inspect", str(path), "--lang", "zh")
        assert r.returncode == 1, (path, r.stdout, r.stderr)
        assert "Traceback" not in r.stdout + r.stderr
        assert str(path) in r.stdout and tr("BLOCKER", "zh") in r.stdout


def test_the_sound_corpus_files_exit_0(corpus):
    sound = [corpus / p for p, codes in EXPECTED.items() if codes & {"FILE_OK", "PDF_RESTRICTED", "IMAGE_CMYK"}
             and "cmyk" not in p]
    r = shebao("inspect", *map(str, sound))
    assert r.returncode == 0, r.stdout
