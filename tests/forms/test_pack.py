"""`shebao pack`: cover, forms, scans; JPEG streams byte-identical to the files, bookmarks
and "n / N" right, blockers refused without --draft, hostile attachments as placeholders."""

import copy
import json
import subprocess

import pytest
from pypdf import PdfReader

from forms.cli import main
from forms.pack.build import PackRefused, build_pack

from forms_helpers import CORPUS, EXAMPLES, ON, bookmarks, norm, pdftotext


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "pack.pdf"
    assert main(["pack", str(EXAMPLES / "departure-refund.json"), "-o", str(out), "--on", ON.isoformat()]) == 0
    return out


def test_jpeg_scans_are_embedded_byte_for_byte(pack, tmp_path):
    subprocess.run(["pdfimages", "-all", str(pack), str(tmp_path / "img")], check=True)
    extracted = {p.read_bytes() for p in tmp_path.glob("img-*.jpg")}
    for name in ("harris-passport.jpg", "harris-bank-card.jpg"):
        assert (EXAMPLES / "scans" / name).read_bytes() in extracted, name


def test_bookmarks_and_page_numbers(pack):
    reader = PdfReader(pack)
    n = len(reader.pages)
    assert n == 7
    marks = bookmarks(reader)
    starts = {title: page for _, title, page in marks}
    assert marks[0][2] == 0 and "Cover" in marks[0][1]
    assert any("Declaration Form" in t and p == 1 for _, t, p in marks)
    assert any("Notice of Termination" in t and p == 3 for _, t, p in marks)
    assert any("harris-passport.jpg" in t and p == 4 for _, t, p in marks)
    assert any("harris-separation-certificate.pdf" in t and p == 6 for _, t, p in marks)
    assert len(starts) == len(marks)
    for i in range(n):
        assert f"{i + 1}/{n}" in norm(pdftotext(pack, "-f", str(i + 1), "-l", str(i + 1))), i
    cover = pdftotext(pack, "-f", "1", "-l", "1", "-layout")
    assert "HARRIS EMILY ROSE" in cover and "533419862" in cover and "2026年11月29日" in cover
    fields = reader.get_fields()
    assert {k for k, v in fields.items() if v.get("/FT") == "/Sig"} == {
        "declaration_form_applicant_signature", "termination_application_applicant_signature",
        "termination_notice_applicant_signature"}


def test_a_pack_field_can_be_signed(pack, p12, tmp_path):
    from forms.fill.sign import sign_pdf
    from test_sign import _validate
    path, passphrase, cert = p12
    out = sign_pdf(pack, "termination_notice_applicant_signature", path, passphrase, tmp_path / "signed.pdf")
    assert _validate(out, cert, "termination_notice_applicant_signature").bottom_line


def test_blockers_refused_without_draft(departure_case, tmp_path):
    case = copy.deepcopy(departure_case)
    del case["bank"]["account_number"]
    with pytest.raises(PackRefused) as exc:
        build_pack(case, ON, tmp_path / "p.pdf")
    assert "1 blocker to resolve" in exc.value.message["en"] and not (tmp_path / "p.pdf").exists()
    result = build_pack(case, ON, tmp_path / "p.pdf", draft=True)
    assert result.draft and result.pages == 7
    for i in range(result.pages):
        assert "DRAFT" in pdftotext(tmp_path / "p.pdf", "-raw", "-f", str(i + 1), "-l", str(i + 1))


def test_the_cli_refuses_a_case_with_blockers(tmp_path, departure_case):
    from forms.case.model import to_json
    case = json.loads(to_json(departure_case))
    del case["person"]["passport"]["number"]
    for att in case["attachments"]:
        att["path"] = str(EXAMPLES / att["path"])
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    assert main(["pack", str(path), "-o", str(tmp_path / "p.pdf"), "--on", ON.isoformat()]) == 1
    assert main(["pack", str(path), "-o", str(tmp_path / "p.pdf"), "--draft", "--on", ON.isoformat()]) == 0


def test_retain_has_no_forms_and_says_what_to_keep(departure_case, tmp_path):
    case = copy.deepcopy(departure_case)
    case["departure"]["choice"] = "retain"
    case["attachments"] = []
    result = build_pack(case, ON, tmp_path / "p.pdf")
    assert [s.kind for s in result.sections] == ["cover"]
    text = norm(pdftotext(tmp_path / "p.pdf"))
    assert "GBR533419862" in text and norm("contribution record") in text
    assert PdfReader(tmp_path / "p.pdf").get_fields() in (None, {})


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")


@needs_corpus
def test_hostile_attachments_become_placeholders_and_good_ones_are_kept(departure_case, tmp_path):
    files = {
        "pdf/encrypted/pypdf__r3-user-password.pdf": "placeholder",
        "pdf/encrypted/pypdf__r2-owner-password.pdf": "attachment",
        "pdf/malformed/qpdf__bad2.pdf": None,  # repaired by the reader, or a placeholder
        "pdf/garbage/qpdf__bad1.pdf": "placeholder",
        "images/heic/pillow-heif__empty.heic": "placeholder",
        "images/problematic/pillow__decompression_bomb.gif": "placeholder",
        "images/problematic/pillow__multipage.tiff": "attachment",
        "images/problematic/pillow__pil_sample_cmyk.jpg": "attachment",
        "images/problematic/libpng__basn2c16.png": "attachment",
        "images/exif-orientation/exif-examples__Landscape_6.jpg": "attachment",
    }
    case = copy.deepcopy(departure_case)
    case["attachments"] += [{"requirement": "dep.separation_certificate", "path": str(CORPUS / f)} for f in files]
    result = build_pack(case, ON, tmp_path / "p.pdf", draft=True)
    by_file = {s.file: s for s in result.sections if s.file}
    for f, kind in files.items():
        s = by_file[str(CORPUS / f)]
        if kind:
            assert s.kind == kind, f
    assert by_file[str(CORPUS / "images/problematic/pillow__multipage.tiff")].pages == 3
    assert len(result.problems) >= 4 and all(p["en"] and p["zh"] for p in result.problems)
    assert any("password" in p["en"] for p in result.problems)
    reader = PdfReader(tmp_path / "p.pdf")
    assert len(reader.pages) == result.pages
    placeholder = by_file[str(CORPUS / "pdf/garbage/qpdf__bad1.pdf")]
    assert "qpdf__bad1.pdf" in pdftotext(tmp_path / "p.pdf", "-f", str(placeholder.start + 1), "-l", str(placeholder.start + 1))


@needs_corpus
@pytest.mark.parametrize("orientation", [2, 3, 6, 7, 8])
def test_exif_orientation_is_honoured(departure_case, tmp_path, orientation):
    from PIL import Image, ImageChops, ImageOps, ImageStat
    src = CORPUS / f"images/exif-orientation/exif-examples__Landscape_{orientation}.jpg"
    case = copy.deepcopy(departure_case)
    case["attachments"] = [{"requirement": "dep.passport", "path": str(src)}]
    result = build_pack(case, ON, tmp_path / "p.pdf", draft=True)
    sec = [s for s in result.sections if s.file][0]
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-f", str(sec.start + 1), "-l", str(sec.start + 1),
                    str(tmp_path / "p.pdf"), str(tmp_path / "page")], check=True)
    [png] = tmp_path.glob("page*.png")
    page = Image.open(png).convert("L")
    upright = ImageOps.exif_transpose(Image.open(src)).convert("L")
    bbox = ImageChops.invert(page).getbbox()  # the image on the white page
    shown = page.crop(bbox).resize((64, 48))
    expected = upright.resize((64, 48))
    diff = ImageStat.Stat(ImageChops.difference(shown, expected)).mean[0]
    flipped = ImageStat.Stat(ImageChops.difference(shown, expected.transpose(Image.Transpose.ROTATE_180))).mean[0]
    assert diff < 25 and diff < flipped, (diff, flipped)
