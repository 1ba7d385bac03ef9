"""Images: effective resolution at the document's size, modes, orientation, thumbnails."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.inspection import makers as M
from tests.inspection.conftest import codes, finding


@pytest.mark.parametrize("kind,requirement", [("id1", "dep.bank_card"), ("id3", "reg.passport"),
                                               ("a4", "reg.employment_contract")])
@pytest.mark.parametrize("dpi,expected", [(300, None), (150, "RESOLUTION_LOW"), (80, "RESOLUTION_TOO_LOW")])
def test_resolution_at_the_documents_size(tmp_path, inspect, kind, requirement, dpi, expected):
    r = inspect(M.scan(tmp_path, "scan.jpg", kind, dpi), requirement)
    found = codes(r) & {"RESOLUTION_LOW", "RESOLUTION_TOO_LOW"}
    assert found == ({expected} if expected else set())
    assert abs(r.facts["dpi"] - dpi) <= 2 and r.facts["dpi_basis"] == kind


def test_margins_only_raise_the_figure(tmp_path, inspect):
    """A card scanned on an A4 flatbed at 300 DPI is far above 300 DPI at card size: no
    finding, though the figure is only an upper bound."""
    page = Image.new("RGB", (M.px(210, 300), M.px(297, 300)), (250, 250, 250))
    page.paste(M.document("id1", 300), (100, 100))
    r = inspect(M.write(tmp_path / "card.jpg", M.jpeg_bytes(page)), "dep.bank_card")
    assert not codes(r) & {"RESOLUTION_LOW", "RESOLUTION_TOO_LOW"} and r.facts["dpi"] > 900


def test_without_a_requirement_the_smallest_document_bounds_the_resolution(tmp_path, inspect):
    low = inspect(M.scan(tmp_path, "tiny.jpg", "id1", 60))
    assert finding(low, "RESOLUTION_TOO_LOW").severity == "blocker"
    assert "ID-1" in finding(low, "RESOLUTION_TOO_LOW").message["en"]
    fine = inspect(M.scan(tmp_path, "a4-at-100.jpg", "a4", 100))  # could be a 300-DPI card
    assert codes(fine) == {"FILE_OK"}
    assert "DPI" not in fine.facts["summary"]["en"]  # only a bound: not shown as a figure


@pytest.mark.parametrize("mode", ["L", "P", "RGBA", "1", "LA", "I;16"])
def test_image_modes_are_measured_like_the_rgb_scan(tmp_path, inspect, mode):
    doc = M.document("id1", 300)
    if mode == "I;16":
        img = doc.convert("L").point(lambda v: v * 257, "I").convert("I;16")
    elif mode == "1":  # a bilevel scan is thresholded, not dithered
        img = doc.convert("1", dither=Image.Dither.NONE)
    else:
        img = doc.convert(mode)
    path = tmp_path / "card.png"
    img.save(path, "PNG", dpi=(300, 300))
    r = inspect(path, "dep.bank_card")
    assert not r.blocked, [(f.code, f.message["en"]) for f in r.findings]
    assert r.facts["dpi"] == 300 and r.thumbnail_png
    ref = inspect(M.write(tmp_path / "ref.jpg", M.jpeg_bytes(doc)), "dep.bank_card")
    assert abs(r.analysis["pages"][0]["ink"] - ref.analysis["pages"][0]["ink"]) < 0.03


def test_name_says_jpeg_content_is_png(tmp_path, inspect):
    path = tmp_path / "card.jpg"
    M.document("id1", 300).save(path, "PNG")
    f = finding(inspect(path, "dep.bank_card"), "NAME_TYPE_MISMATCH")
    assert "card.png" in f.message["en"] and "JPEG" in f.message["en"] and "PNG" in f.message["en"]


def test_every_exif_orientation_gives_the_same_upright_thumbnail(corpus, inspect):
    """The corpus holds one photo stored in the 8 EXIF orientations: all must come out as
    the same upright picture."""
    folder = corpus / "images/exif-orientation"
    results = [inspect(folder / f"exif-examples__Landscape_{n}.jpg") for n in range(1, 9)]
    thumbs = [Image.open(io.BytesIO(r.thumbnail_png)).convert("L") for r in results]
    ref = thumbs[0]
    for n, (r, t) in enumerate(zip(results, thumbs), 1):
        assert t.size == ref.size == (256, 171), n
        assert (r.facts["width_px"], r.facts["height_px"]) == (1800, 1200), n
        diff = sum(abs(a - b) for a, b in zip(t.tobytes(), ref.tobytes())) / (t.width * t.height)
        assert diff < 6, f"orientation {n} differs by {diff:.1f}"
        assert ("EXIF_ROTATED" in codes(r)) == (n != 1)


def test_corpus_cmyk_16_bit_and_palette_tiff_are_handled(corpus, inspect):
    cmyk = inspect(corpus / "images/problematic/pillow__pil_sample_cmyk.jpg")
    assert "IMAGE_CMYK" in codes(cmyk) and cmyk.thumbnail_png
    deep = inspect(corpus / "images/problematic/libpng__basn2c16.png")
    assert "IMAGE_16BIT" in codes(deep) and deep.facts["bits"] == 16
    tiff = inspect(corpus / "images/problematic/pillow__multipage.tiff")
    assert tiff.facts["pages"] == 3 and tiff.facts["mode"] == "P" and "TIFF_MULTIPAGE" in codes(tiff)


def test_decompression_bomb_is_reported_not_opened(corpus, inspect):
    r = inspect(corpus / "images/problematic/pillow__decompression_bomb.gif")
    assert {"TYPE_UNSUPPORTED", "IMAGE_PIXEL_LIMIT"} <= codes(r)
    assert "65535 × 66601" in finding(r, "IMAGE_PIXEL_LIMIT").message["en"]


def test_thumbnail_is_a_png_of_at_most_256_px(tmp_path, inspect):
    r = inspect(M.scan(tmp_path, "contract.jpg", "a4", 300), "reg.employment_contract")
    thumb = Image.open(io.BytesIO(r.thumbnail_png))
    assert thumb.format == "PNG" and max(thumb.size) == 256 and thumb.height > thumb.width
