"""Reading the MRZ: the ICAO 9303 correction (forms.law.mrz), the OCR on generated OCR-B pages
in every rotation (TD3, TD1, MRV-A), the corpus specimens through `shebao read` and
`shebao inspect --as reg.passport`, and the findings against a case."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from forms.law import mrz as M
from forms.inspection import mrz_ocr
from tests.conftest import EXAMPLES
from tests.inspection import makers
from tests.inspection import mrz_pages as P
from tests.inspection.conftest import codes, finding

ROOT = Path(__file__).resolve().parents[2]
SPECIMEN = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]

pytestmark = pytest.mark.skipif(not mrz_ocr.available(), reason="MRZ reader (onnxruntime, rapidocr) not installed")


def shebao(*args):
    return subprocess.run([sys.executable, "-m", "forms", *args, "--lang", "en"], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


# --- the structure --------------------------------------------------------------------


def test_parse_td3_specimen():
    r = M.parse(SPECIMEN)
    assert r["valid"] and r["format"] == "TD3" and r["kind"] == "passport"
    assert (r["surname"], r["given_names"], r["document_number"], r["birth_date"], r["sex"], r["expiry_date"]) == \
        ("ERIKSSON", "ANNA MARIA", "L898902C3", "740812", "F", "120415")


def test_a_wrong_check_digit_is_named_and_never_accepted():
    wrong = [SPECIMEN[0], SPECIMEN[1][:19] + "3" + SPECIMEN[1][20:]]  # birth date check digit 2 -> 3
    parsed = M.parse(wrong)
    assert parsed["checks"]["birth_date"] is False and parsed["checks"]["document_number"] is True
    assert not parsed["valid"]
    corrected = M.correct(wrong)  # no look-alike makes it hold: reported, not accepted
    assert corrected["valid"] is False and corrected["checks"]["birth_date"] is False


def test_correction_by_character_class():
    # what OCR engines give: O for 0 in a date and the code, K for fillers, a lost filler
    ocr = ["P<UT0ERIKSSON<<ANNA<MARIA<<<<<KK<<<<<<<<<<<", "L898902C36UT07408I22F12O4159ZE184226B<<<<10"]
    r = M.correct(ocr)
    assert r["valid"] and r["lines"] == SPECIMEN and r["corrected"]


def test_an_ambiguous_document_number_is_settled_by_its_check_digit():
    lines = P.td3("D", "MUELLER", "JONAS", "C01X00T47", "D", "840812", "M", "330214")
    ocr = [lines[0], "C01XO0T47" + lines[1][9:]]  # 0 read as O in an alphanumeric field
    r = M.correct(ocr)
    assert r["valid"] and r["document_number"] == "C01X00T47"


def test_td1_and_visa_layouts():
    card = P.td1("UTO", "ERIKSSON", "ANNA<MARIA", "D23145890", "UTO", "740812", "F", "120415")
    r = M.parse(card)
    assert r["valid"] and r["format"] == "TD1" and r["kind"] == "identity card"
    assert (r["document_number"], r["surname"], r["given_names"]) == ("D23145890", "ERIKSSON", "ANNA MARIA")
    visa = P.mrva("UTO", "ERIKSSON", "ANNA<MARIA", "L8988901C", "XXX", "400907", "F", "961210")
    v = M.parse(visa)
    assert v["valid"] and v["format"] == "MRVA" and v["kind"] == "visa" and "composite" not in v["checks"]


# --- OCR on generated OCR-B pages ----------------------------------------------------------


def _read(data: bytes):
    return mrz_ocr.read_image(Image.open(io.BytesIO(data)))


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_td3_page_read_in_every_rotation(rotation):
    values = P.random_values(2)
    lines = P.mrz_lines("TD3", values)
    r = _read(P.distort(P.page(lines, "TD3", 300, seed=2), rotation=rotation, quality=80))
    assert r is not None and r["valid"] and r["lines"] == lines
    assert r["rotation"] == rotation


@pytest.mark.parametrize("layout", ["TD1", "MRVA"])
def test_card_and_visa_pages_read(layout):
    lines = P.mrz_lines(layout, P.random_values(0))
    r = _read(P.distort(P.page(lines, layout, 300, seed=3), quality=85))
    assert r is not None and r["valid"] and r["lines"] == lines and r["format"] == layout


def test_a_printed_wrong_check_digit_is_read_but_not_trusted(tmp_path):
    lines = P.td3("UTO", "ERIKSSON", "ANNA<MARIA", "L898902C3", "UTO", "740812", "F", "120415")
    lines[1] = lines[1][:27] + str((int(lines[1][27]) + 1) % 10) + lines[1][28:]  # expiry check digit
    path = makers.write(tmp_path / "wrong.jpg", P.distort(P.page(lines, "TD3", 300, seed=4), quality=90))
    r = shebao("read", "--json", str(path))
    assert r.returncode == 1, r.stderr
    row = json.loads(r.stdout)["files"][0]
    assert row["read"] is False and row["mrz"]["valid"] is False
    assert row["fields"]["expiry_date"]["check"] is False and row["fields"]["birth_date"]["check"] is True


# --- the corpus specimens ---------------------------------------------------------------


def _expected(corpus: Path):
    return json.loads((corpus / "mrz_expected.json").read_text())["entries"]


def test_shebao_read_gives_the_corpus_specimens_expected_fields(corpus):
    entries = _expected(corpus)
    r = shebao("read", "--json", *[str(corpus / e["file"]) for e in entries])
    assert r.returncode == 0, r.stdout + r.stderr
    rows = json.loads(r.stdout)["files"]
    for entry, row in zip(entries, rows):
        assert row["read"], entry["file"]
        assert row["mrz"]["lines"] == entry["mrz_lines"], entry["file"]
        for name, value in entry["expected_fields"].items():
            if name == "check_digits":
                continue
            ours = row["mrz"]["issuing_country" if name == "issuing_country" else name]
            assert ours == value, (entry["file"], name, ours, value)


def test_inspect_as_passport_shows_the_corpus_specimens_mrz(corpus):
    entries = _expected(corpus)
    r = shebao("inspect", "--json", "--as", "reg.passport", *[str(corpus / e["file"]) for e in entries])
    out = json.loads(r.stdout)
    for entry, f in zip(entries, out["files"]):
        mrz = f["facts"]["mrz"]
        assert mrz["valid"] and mrz["lines"] == entry["mrz_lines"], entry["file"]
        assert not {x["code"] for x in f["findings"]} & {"MRZ_NOT_FOUND", "MRZ_DOCUMENT_TYPE", "MRZ_MISMATCH"}
    text = shebao("inspect", "--as", "reg.passport", str(corpus / entries[0]["file"])).stdout
    assert "MRZ: TD3, OCR, every check digit holds" in text and "L898902C3" in text


# --- findings against the case --------------------------------------------------------------


def _case(**person):
    base = {"surname": "HARRIS", "given_names": "EMILY ROSE", "nationality": "GB", "birth_date": "1990-06-15",
            "sex": "F", "passport": {"number": "533419862", "expiry": "2031-09-03"}}
    base.update(person)
    return {"person": base}


def test_example_passport_matches_its_case_and_another_person_is_a_blocker(inspect):
    scan = EXAMPLES / "scans/harris-passport.jpg"
    same = inspect(scan, "dep.passport", case=_case())
    assert not codes(same) & {"MRZ_MISMATCH", "MRZ_NOT_FOUND", "MRZ_CHECK_DIGIT"}, codes(same)
    other = inspect(scan, "dep.passport", case=_case(birth_date="1990-06-16", passport={"number": "533419863"}))
    mismatches = [f for f in other.findings if f.code == "MRZ_MISMATCH"]
    assert {f.severity for f in mismatches} == {"blocker"} and len(mismatches) == 2
    assert any("15 June 1990" in f.message["en"] for f in mismatches) and any("533419862" in f.message["en"] for f in mismatches)


def test_an_id_card_attached_as_passport_is_a_blocker(inspect, tmp_path):
    lines = P.mrz_lines("TD1", P.random_values(2))
    path = makers.write(tmp_path / "card.jpg", P.distort(P.page(lines, "TD1", 300, seed=5), quality=85))
    f = finding(inspect(path, "reg.passport"), "MRZ_DOCUMENT_TYPE")
    assert f.severity == "blocker" and "identity card" in f.message["en"]


def test_no_mrz_on_a_passport_scan_is_a_warning_with_how_to_rescan(inspect):
    f = finding(inspect(EXAMPLES / "scans/mueller-work-permit.jpg", "reg.passport"), "MRZ_NOT_FOUND")
    assert f.severity == "warning" and "300 DPI" in f.message["en"] and "flat and whole" in f.message["en"]


def test_image_only_pdf_page_is_read(inspect, tmp_path):
    lines = P.mrz_lines("TD3", P.random_values(5))
    jpeg = P.distort(P.page(lines, "TD3", 300, seed=6), quality=85, dpi=300)
    pdf = makers.scan_pdf(tmp_path, "passport.pdf", [jpeg])
    result = inspect(pdf, "reg.passport")
    assert result.facts["mrz"]["valid"] and result.facts["mrz"]["lines"] == lines
    assert result.facts["mrz"]["source"] == "ocr"


def test_a_cached_read_is_the_same_reading(inspect, cache):
    scan = EXAMPLES / "scans/harris-passport.jpg"
    first = inspect(scan, "dep.passport")
    again = inspect(scan, "dep.passport")
    assert again.cached and again.facts["mrz"] == first.facts["mrz"] and first.facts["mrz"]["valid"]


def test_two_look_alikes_that_cancel_out_are_refused_not_guessed():
    # 0 at weights 7 and 3: as O and O the check digit is the same, and the recogniser
    # cannot tell OCR-B's O from 0: a number mixing letters and zeros there is ambiguous
    mixed = P.td3("D", "MUELLER", "JONAS", "CFG00K123", "D", "840812", "M", "330214")
    sure = [[{c: 1.0} for c in line] for line in mixed]
    assert M.parse(mixed)["valid"] and M.parse([mixed[0], "CFGOO" + mixed[1][5:]])["valid"]
    assert M.correct(mixed, sure)["valid"] is False
    digits = P.td3("D", "MUELLER", "JONAS", "123004567", "D", "840812", "M", "330214")
    r = M.correct(digits, [[{c: 1.0} for c in line] for line in digits])
    assert r["valid"] and r["document_number"] == "123004567"


def test_the_reader_writes_no_file_and_opens_no_socket(tmp_path):
    # ONNX Runtime 1.29+ writes a telemetry store under ~/.cache and a .ses file to TMPDIR
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    script = ("import socket\n"
              "def no(*a, **k): raise SystemExit('socket opened')\n"
              "socket.socket = no\n"
              "from PIL import Image\n"
              "from forms.inspection import mrz_ocr\n"
              f"print(mrz_ocr.read_image(Image.open({str(EXAMPLES / 'scans/harris-passport.jpg')!r}))['valid'])\n")
    env = {**__import__("os").environ, "HOME": str(home), "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(home / ".cache"),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=120)
    assert out.stdout.strip() == "True", out.stderr
    assert list(home.rglob("*")) == [] and list(tmp.rglob("*")) == []
