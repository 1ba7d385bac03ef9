"""What made clear pages go unread, and what keeps a wrong reading out: O or 0 told by the
glyph's height (forms.inspection.mrz_glyphs), an MRZ line whose middle rows carry only thin
strokes found as one line (mrz_ocr._close_rows), and a name the recogniser was unsure of
never accepted (no check digit guards it)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from forms.inspection import mrz_glyphs, mrz_ocr
from forms.law import mrz as M
from tests.inspection import mrz_pages as P

pytestmark = pytest.mark.skipif(not mrz_ocr.available(), reason="MRZ reader (onnxruntime, rapidocr) not installed")


def _line(text: str, px: int = 30):
    """`text` in OCR-B at `px` pixels per character, dark on light, as an RGB crop."""
    font = ImageFont.truetype(P.ocrb(), round(px / 0.723))  # OCR-B's advance is 0.723 em
    img = Image.new("RGB", (px * (len(text) + 2), 2 * px), (235, 235, 230))
    ImageDraw.Draw(img).text((px, px // 3), text, font=font, fill=(20, 20, 25))
    return img, [(i + 1.5) / (len(text) + 2) for i in range(len(text))]


def test_ocr_b_zero_stands_taller_than_the_letter_o():
    img, xs = _line("O0O0")
    o, zero, o2, zero2 = mrz_glyphs.heights(img, xs)
    assert zero > 1.04 * o and zero2 > 1.04 * o2


def test_heights_tell_o_from_0_in_a_number_the_check_digits_cannot():
    # O at weights 7 and 3 and 0 at both give the same check digit: only the shape tells
    for number in ("CFG00K123", "CFGOOK123"):
        lines = P.td3("D", "MUELLER", "JONAS", number, "D", "840812", "M", "330214")
        assert M.parse(lines)["valid"]
        texts = [line.replace("O", "0") for line in lines]  # the recogniser's usual reading
        alts = [[{c: 1.0} for c in t] for t in texts]
        crops = [_line(line) for line in lines]
        assert M.correct(texts, alts)["valid"] is False  # ambiguous without the measure
        mrz_glyphs.settle_o0(texts, alts, [mrz_glyphs.heights(img, xs) for img, xs in crops])
        r = M.correct(texts, alts)
        assert r["valid"] and r["document_number"] == number


def test_glyphs_of_one_height_settle_nothing():
    # a typeface whose digits and letters are as tall (here: all measured alike) tells nothing
    texts = ["P<D<<MUELLER<<JONAS<<<<<<<<<<<<<<<<<<<<<<<<<", "CFG00K1236D<<8408127M3302143<<<<<<<<<<<<<<<6"]
    alts = [[{c: 1.0} for c in t] for t in texts]
    mrz_glyphs.settle_o0(texts, alts, [[30.0] * len(t) for t in texts])
    assert not any(isinstance(a, M.Measured) for line in alts for a in line)


@pytest.mark.parametrize("number", ["CFG00K123", "CFGOOK123", "X0D08PPNZ", "28F00NKCM"])
@pytest.mark.parametrize("rotation", [0, 270])
def test_a_page_with_zeros_or_os_beside_letters_is_read_as_printed(number, rotation):
    lines = P.td3("GBR", "ROSSI", "SOPHIE", number, "GBR", "450718", "M", "331221")
    data = P.distort(P.page(lines, "TD3", 300, seed=46), rotation=rotation, quality=90)
    r = mrz_ocr.read_image(Image.open(io.BytesIO(data)))
    assert r is not None and r["valid"] and r["lines"] == lines


def test_blurred_coarse_page_is_never_read_wrong():
    # at 150 DPI and blurred the heights may not tell: then refused, never guessed
    for number in ("CFG00K123", "CFGOOK123"):
        lines = P.td3("D", "MUELLER", "JONAS", number, "D", "840812", "M", "330214")
        data = P.distort(P.page(lines, "TD3", 150, seed=7), blur=1.2, quality=50)
        r = mrz_ocr.read_image(Image.open(io.BytesIO(data)))
        assert r is None or not r["valid"] or r["lines"] == lines


def test_rows_of_thin_strokes_do_not_cut_a_line():
    mask = np.zeros((16, 5), dtype=bool)
    mask[3:6], mask[9:11] = True, True  # rows 6-8 broken: a gap of 3
    mask[15, 0] = True
    closed = mrz_ocr._close_rows(mask, 2)
    assert closed[3:11].all()  # the gap filled
    assert not closed[:3].any() and not closed[11:, 1:].any()  # the line's top and bottom kept
    assert closed[11:, 0].all()  # a gap of 2r rows is filled too


def test_upside_down_page_whose_line_broke_into_slivers_is_read():
    # this page's second line, upside down, had rows with no long run through its middle
    # (only the thin strokes of 1, 7 and < there): found as three slivers, no MRZ
    lines = P.mrz_lines("TD3", P.random_values(1012))
    data = P.distort(P.page(lines, "TD3", 300, seed=12), rotation=180, quality=90, dpi=300)
    r = mrz_ocr.read_image(Image.open(io.BytesIO(data)))
    assert r is not None and r["valid"] and r["lines"] == lines and r["rotation"] == 180


def test_a_name_the_recogniser_was_unsure_of_is_not_accepted():
    card = P.td1("UTO", "SILVA", "LI", "D23145890", "UTO", "600405", "F", "311218")
    sure = [[{c: 1.0} for c in line] for line in card]
    assert M.correct(card, sure)["valid"]
    unsure = [list(line) for line in sure]
    unsure[2][1] = {"I": 0.5, "1": 0.2, "T": 0.3}  # I (or its look-alike 1): 0.7
    r = M.correct(card, unsure)
    assert r["valid"] is False and all(r["checks"].values())  # every check digit holds: the name is unsure
    unsure[2][1] = {"I": 0.3, "1": 0.6, "T": 0.1}  # the recogniser's 1 is the name's I: sure enough
    assert M.correct(card, unsure)["valid"]
