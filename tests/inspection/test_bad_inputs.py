"""Each bad input of the issue, built for real, gives its finding: severity, stable code,
and a message in both languages that names the file and says what to do."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.inspection import makers as M
from tests.inspection.conftest import codes, finding


def assert_names_file_and_fix(f, file_name):
    for lang in ("en", "zh"):
        assert file_name in f.message[lang], f.message
    assert f.message["en"] != f.message["zh"], "the Chinese message is missing"


def test_zero_bytes(tmp_path, inspect):
    path = M.write(tmp_path / "passport.jpg", b"")
    r = inspect(path, "reg.passport")
    f = finding(r, "FILE_EMPTY")
    assert f.severity == "blocker" and f.requirement == "reg.passport" and f.file == str(path)
    assert_names_file_and_fix(f, str(path))
    assert r.thumbnail_png is None


def test_truncated_jpeg(tmp_path, inspect):
    data = M.jpeg_bytes(M.document("id3", 300))
    path = M.write(tmp_path / "passport.jpg", data[: len(data) * 2 // 3])
    f = finding(inspect(path, "reg.passport"), "FILE_TRUNCATED")
    assert f.severity == "blocker"
    assert "JPEG" in f.message["en"]


def test_truncated_pdf(tmp_path, inspect):
    full = M.scan_pdf(tmp_path, "full.pdf", [M.jpeg_bytes(M.document("a4", 150))])
    data = full.read_bytes()
    path = M.write(tmp_path / "contract.pdf", data[: len(data) // 2])
    r = inspect(path, "reg.employment_contract")
    assert finding(r, "FILE_TRUNCATED").severity == "blocker"
    assert "PDF_DAMAGED" not in codes(r)


def test_user_password_pdf(tmp_path, inspect):
    src = M.text_pdf(tmp_path, "plain.pdf", [["Employment contract"]])
    path = M.encrypted_pdf(tmp_path, "contract.pdf", src, user="secret", owner="owner-secret")
    r = inspect(path, "reg.employment_contract")
    f = finding(r, "PDF_ENCRYPTED")
    assert f.severity == "blocker"
    assert "password" in f.message["en"] and "密码" in f.message["zh"]
    assert r.facts["encryption"] == "user"


def test_owner_password_only_pdf(tmp_path, inspect):
    src = M.text_pdf(tmp_path, "plain.pdf", [["Employment contract", "Party A", "Party B"]])
    path = M.encrypted_pdf(tmp_path, "contract.pdf", src, user="", owner="owner-secret")
    r = inspect(path, "reg.employment_contract")
    assert finding(r, "PDF_RESTRICTED").severity == "warning"
    assert not r.blocked
    assert r.facts["encryption"] == "owner" and r.facts["pages"] == 1
    assert r.thumbnail_png  # it opens, so it is shown


def test_png_named_pdf(tmp_path, inspect):
    buf = io.BytesIO()
    M.document("a4", 200).save(buf, "PNG")
    path = M.write(tmp_path / "contract.pdf", buf.getvalue())
    r = inspect(path, "reg.employment_contract")
    f = finding(r, "NAME_TYPE_MISMATCH")
    assert f.severity == "warning"
    assert "contract.png" in f.message["en"] and "contract.png" in f.message["zh"]
    assert r.facts["type"] == "png" and not r.blocked


def test_20000_by_20000_image(tmp_path, inspect):
    path = M.huge_png(tmp_path, "contract.png", 20000, 20000)
    r = inspect(path, "reg.employment_contract")
    f = finding(r, "IMAGE_PIXEL_LIMIT")
    assert f.severity == "blocker"
    assert "20000 × 20000" in f.message["en"]
    assert r.thumbnail_png is None


def test_1_by_1_image(tmp_path, inspect):
    path = tmp_path / "card.jpg"
    Image.new("RGB", (1, 1), (200, 30, 30)).save(path, "JPEG")
    r = inspect(path, "dep.bank_card")
    f = finding(r, "RESOLUTION_TOO_LOW")
    assert f.severity == "blocker" and "300 DPI" in f.message["en"]
    assert r.facts["width_px"] == 1 and r.facts["dpi"] == 0


def test_blank_scan(tmp_path, inspect):
    path = M.blank_scan(tmp_path, "contract.jpg", "a4", 200)
    r = inspect(path, "reg.employment_contract")
    assert finding(r, "PAGE_BLANK").severity == "blocker"
    assert r.facts["blank_pages"] == [1]


def test_blurred_scan(tmp_path, inspect):
    sharp = inspect(M.scan(tmp_path, "sharp.jpg", "id3", 300), "reg.passport")
    assert "IMAGE_BLURRED" not in codes(sharp)
    blurred = inspect(M.scan(tmp_path, "passport.jpg", "id3", 300, blur=6), "reg.passport")
    f = finding(blurred, "IMAGE_BLURRED")
    assert f.severity == "warning"
    assert blurred.facts["blur"] > sharp.facts["blur"] + 0.3


def test_exif_rotated_scan_is_checked_upright(tmp_path, inspect):
    """Stored turned a quarter to the left, with EXIF orientation 6 (rotate 90° clockwise to
    show): it is checked as the landscape passport page it shows, thumbnail included."""
    upright = M.document("id3", 300)
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = M.write(tmp_path / "passport.jpg", M.jpeg_bytes(stored, 300, exif=exif.tobytes()))
    r = inspect(path, "reg.passport")
    assert finding(r, "EXIF_ROTATED").severity == "info"
    assert (r.facts["width_px"], r.facts["height_px"]) == upright.size
    assert r.facts["orientation"] == 6 and r.facts["dpi"] == 300
    thumb = Image.open(io.BytesIO(r.thumbnail_png))
    assert thumb.width > thumb.height
    # and the thumbnail is the upright page, not a mirror or the other turn
    small = upright.resize(thumb.size).convert("L")
    diff = sum(abs(a - b) for a, b in zip(small.tobytes(), thumb.convert("L").tobytes())) / (thumb.width * thumb.height)
    assert diff < 12


def test_cmyk_jpeg(tmp_path, inspect):
    path = tmp_path / "card.jpg"
    M.document("id1", 300).convert("CMYK").save(path, "JPEG", quality=85, dpi=(300, 300))
    r = inspect(path, "dep.bank_card")
    assert finding(r, "IMAGE_CMYK").severity == "warning"
    assert r.facts["mode"] == "CMYK" and r.facts["dpi"] == 300
    assert Image.open(io.BytesIO(r.thumbnail_png)).mode == "RGB"


def test_16_bit_png(tmp_path, inspect):
    path = tmp_path / "card.png"
    gray = M.document("id1", 300).convert("L")
    gray.point(lambda v: v * 257, "I").convert("I;16").save(path, "PNG")
    r = inspect(path, "dep.bank_card")
    assert finding(r, "IMAGE_16BIT").severity == "info"
    assert r.facts["bits"] == 16 and r.facts["dpi"] == 300
    assert "PAGE_BLANK" not in codes(r) and not r.blocked


def test_multi_page_tiff(tmp_path, inspect):
    pages = [M.document("a4", 200, seed=s) for s in (1, 2, 3)]
    pages[2] = Image.new("RGB", pages[0].size, (255, 255, 255))  # an empty back side
    path = tmp_path / "contract.tif"
    pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(200, 200))
    r = inspect(path, "reg.employment_contract")
    assert finding(r, "TIFF_MULTIPAGE").severity == "info"
    assert r.facts["pages"] == 3
    blank = finding(r, "PAGE_BLANK")
    assert "Page 3 of" in blank.message["en"] and "第 3 页" in blank.message["zh"]


def test_heic_from_the_corpus(corpus, inspect):
    """Cut off and corrupted: no advice to export a broken photo as JPEG."""
    r = inspect(corpus / "images/heic/pillow-heif__truncated.heic", "reg.passport")
    f = finding(r, "FILE_TRUNCATED")
    assert f.severity == "blocker" and "HEIC" in f.message["en"] and "JPEG" not in f.message["en"]
    r = inspect(corpus / "images/heic/pillow-heif__corrupted.heic", "reg.passport")
    f = finding(r, "IMAGE_DAMAGED")
    assert f.severity == "blocker" and "JPEG" not in f.message["en"]


def test_docx(tmp_path, inspect):
    r = inspect(M.docx(tmp_path, "contract.docx"), "reg.employment_contract")
    f = finding(r, "TYPE_UNSUPPORTED")
    assert f.severity == "blocker" and "Word" in f.message["en"] and "PDF" in f.message["en"]
    assert r.facts["type"] == "docx"


def test_the_same_scan_attached_twice(tmp_path, example, pool, cache):
    from forms.inspection import inspect_case

    case = example("registration-dispatched-de")
    case["attachments"].append({"requirement": "reg.residence_permit", "path": "scans/mueller-passport.jpg"})
    ci = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    dup = [f for f in ci.findings if f.code == "DUPLICATE_FILE"]
    assert len(dup) == 1 and dup[0].severity == "warning"
    assert dup[0].requirement == "reg.residence_permit"
    assert "Passport" in dup[0].message["en"] and "护照" in dup[0].message["zh"]


def test_the_same_picture_saved_again_for_another_requirement(tmp_path, pool, cache, example):
    from forms.inspection import inspect_case

    case = example("registration-dispatched-de")
    original = Image.open(M.Path(case["_base_dir"]) / "scans/mueller-work-permit.jpg")
    resaved = tmp_path / "residence.jpg"
    original.resize((original.width // 2, original.height // 2)).save(resaved, "JPEG", quality=50)
    for att in case["attachments"]:
        if att["requirement"] == "reg.residence_permit":
            att["path"] = str(resaved)
    ci = inspect_case(case, M.TODAY, pool=pool, cache=cache)
    assert [f.code for f in ci.findings] == ["DUPLICATE_IMAGE"]
    assert ci.findings[0].file == str(resaved)


@pytest.mark.parametrize("broken,digit", [(9, "document number"), (19, "date of birth"), (27, "expiry date")])
def test_passport_mrz_with_one_wrong_check_digit(tmp_path, inspect, example, broken, digit):
    case = example("departure-refund")
    l1, l2 = case["person"]["passport"]["mrz"]
    wrong = str((int(l2[broken]) + 1) % 10)
    path = M.passport_pdf(tmp_path, "passport.pdf", [l1, l2[:broken] + wrong + l2[broken + 1:]])
    r = inspect(path, "dep.passport", case=case)
    bad = [f for f in r.findings if f.code == "MRZ_CHECK_DIGIT"]
    assert bad and all(f.severity == "blocker" and f.file == str(path) for f in bad)
    assert any(digit in f.message["en"] for f in bad)
    assert r.facts["mrz_in_text"] is True


def test_mrz_whose_name_differs_from_the_case(tmp_path, inspect, example):
    case = example("departure-refund")
    p = case["person"]
    mrz = M.td3("HARRIS", "EMILY JANE", p["passport"]["number"], "GBR", "900615", "F", "310903")
    path = M.passport_pdf(tmp_path, "passport.pdf", mrz)
    r = inspect(path, "dep.passport", case=case)
    f = finding(r, "MRZ_MISMATCH")
    assert f.severity == "blocker" and f.requirement == "dep.passport"
    assert "given names" in f.message["en"] and "EMILY JANE" in f.message["en"]
    assert "MRZ_CHECK_DIGIT" not in codes(r)


def test_an_mrz_that_matches_the_case_is_fine(tmp_path, inspect, example):
    case = example("departure-refund")
    path = M.passport_pdf(tmp_path, "passport.pdf", case["person"]["passport"]["mrz"])
    r = inspect(path, "dep.passport", case=case)
    assert not {c for c in codes(r) if c.startswith("MRZ_")}
