"""PDFs: structure (damaged or repaired), encryption, pages against the requirement, the
effective resolution of scanned pages, blank pages, and the text layer."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.inspection import makers as M
from tests.inspection.conftest import codes, finding


def test_a_scanned_contract_at_300_dpi_is_fine(tmp_path, inspect):
    path = M.scan_pdf(tmp_path, "contract.pdf", [M.jpeg_bytes(M.document("a4", 300, seed=s)) for s in (1, 2)])
    r = inspect(path, "reg.employment_contract")
    assert codes(r) == {"FILE_OK"}
    assert r.facts["pages"] == 2 and r.facts["dpi"] == 300 and r.facts["dpi_basis"] == "page"
    assert "2 pages" in r.facts["summary"]["en"] and "2 页" in r.facts["summary"]["zh"]
    thumb = Image.open(io.BytesIO(r.thumbnail_png))
    assert max(thumb.size) <= 256 and thumb.height > thumb.width


@pytest.mark.parametrize("dpi,code,severity", [(150, "RESOLUTION_LOW", "warning"), (72, "RESOLUTION_TOO_LOW", "blocker")])
def test_the_scan_resolution_on_the_page(tmp_path, inspect, dpi, code, severity):
    path = M.scan_pdf(tmp_path, "contract.pdf", [M.jpeg_bytes(M.document("a4", 300), dpi=300),
                                                 M.jpeg_bytes(M.document("a4", dpi, seed=2), dpi=dpi)])
    r = inspect(path, "reg.employment_contract")
    f = finding(r, code)
    assert f.severity == severity
    assert "page 2 of" in f.message["en"] and f"{dpi} DPI" in f.message["en"]
    assert r.facts["dpi"] == dpi


def test_a_damaged_pdf_is_a_blocker_and_a_repaired_one_a_warning(tmp_path, inspect):
    good = M.text_pdf(tmp_path, "good.pdf", [["Employment contract", "Term: 12 months"]])
    data = good.read_bytes()
    # the cross-reference table points elsewhere: readers must rebuild it
    start = data.rindex(b"startxref")
    damaged = M.write(tmp_path / "damaged.pdf", data[:start] + b"startxref\n999\n%%EOF\n")
    r = inspect(damaged, "reg.employment_contract")
    f = finding(r, "PDF_DAMAGED")
    assert f.severity == "blocker" and "damaged.pdf" in f.message["zh"]
    assert r.thumbnail_png, "what could be read is still shown"
    # a stream's declared length is wrong (same number of digits, offsets intact): repaired
    m = re.search(rb"/Length (\d+)", data)
    shorter = str(int(m.group(1)) - 5).encode()
    assert len(shorter) == len(m.group(1))
    repaired = M.write(tmp_path / "repaired.pdf", data[:m.start(1)] + shorter + data[m.end(1):])
    r = inspect(repaired, "reg.employment_contract")
    assert finding(r, "PDF_REPAIRED").severity == "warning"
    assert not r.blocked


def test_page_count_against_the_requirement_and_the_document(tmp_path, inspect):
    one = M.text_pdf(tmp_path, "contract.pdf", [["Employment contract", "Page 1 of 3"]])
    r = inspect(one, "reg.employment_contract")
    f = finding(r, "PAGES_MISSING")
    assert f.severity == "blocker" and "3" in f.message["en"]
    zh = M.text_pdf(tmp_path, "contract-zh.pdf", [["Contract"], ["Second page"]], font="Helvetica")
    assert "PAGES_MISSING" not in codes(inspect(zh, "reg.employment_contract"))


def test_stated_total_in_chinese_footer():
    from forms.inspection.pdf import stated_total

    assert stated_total("劳动合同 … 第 1 页 共 4 页") == 4
    assert stated_total("共5页 第2页") == 5
    assert stated_total("Page 2 of 2\nPage 1 of 2") == 2
    assert stated_total("page 7 of 3") is None  # not a footer
    assert stated_total("no footer here") is None


def test_a_pdf_without_pages(tmp_path, inspect):
    import pikepdf

    pdf = pikepdf.new()
    path = tmp_path / "empty.pdf"
    pdf.save(path)
    r = inspect(path, "reg.employment_contract")
    assert finding(r, "PDF_NO_PAGES").severity == "blocker"


def test_blank_scanned_page_and_drawn_page_with_little_text(tmp_path, inspect):
    blank = M.blank_scan(tmp_path, "blank.jpg", "a4", 200).read_bytes()
    page = M.jpeg_bytes(M.document("a4", 200))
    path = M.scan_pdf(tmp_path, "contract.pdf", [page, blank])
    r = inspect(path, "reg.employment_contract")
    f = finding(r, "PAGE_BLANK")
    assert "Page 2 of" in f.message["en"] and r.facts["blank_pages"] == [2]
    # a page drawn by a program with one word on it is not blank
    word = M.text_pdf(tmp_path, "word.pdf", [["Potato"]])
    assert "PAGE_BLANK" not in codes(inspect(word, "reg.employment_contract"))


def test_corpus_blank_scan(corpus, inspect):
    r = inspect(corpus / "pdf/scanned/pdfcpu__testdata__blank-scan.pdf", "reg.employment_contract")
    assert finding(r, "PAGE_BLANK").severity == "blocker"
    assert r.facts["dpi"] == 200


def test_the_text_layer_of_a_layered_scan(corpus, inspect):
    """A book scan in layers (1x1 backgrounds, a 600x900 text layer): the resolution is
    the text layer's, 100 DPI on a 6x9 inch page."""
    r = inspect(corpus / "pdf/scanned/pypdf__Seige_of_Vicksburg_Sample_OCR.pdf", "reg.employment_contract")
    assert r.facts["dpi"] == 100 and r.facts["pages"] == 6 and r.facts["text_layer"]
    assert finding(r, "RESOLUTION_LOW").severity == "warning"


def test_mrz_found_in_an_ocr_text_layer_split_into_words():
    from forms.inspection.mrz_text import find_td3

    lines = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
    text = "PASSPORT\nP<UTO ERIKSSON<<ANNA<MARIA <<<<<<<<<<<<<<<<<<<\nL898902C36 UTO7408122F1204159ZE184226B<<<<<10\n"
    assert find_td3(text) == lines
    assert find_td3("".join(lines)) == lines
    assert find_td3("P<UTOERIKSSON\nno machine readable zone") is None


def test_a_blurred_scan_in_a_pdf(tmp_path, inspect):
    from PIL import ImageFilter

    sharp = M.scan_pdf(tmp_path, "sharp.pdf", [M.jpeg_bytes(M.document("a4", 300))])
    blurred = M.scan_pdf(tmp_path, "blurred.pdf", [M.jpeg_bytes(M.document("a4", 300).filter(ImageFilter.GaussianBlur(6)))])
    assert "IMAGE_BLURRED" not in codes(inspect(sharp, "reg.employment_contract"))
    assert finding(inspect(blurred, "reg.employment_contract"), "IMAGE_BLURRED").severity == "warning"


def test_a_page_that_is_one_jpeg_measures_as_its_render(tmp_path):
    """The fast path (decode the page's JPEG at a reduced scale) and PDFium's render of the
    page give the same measures."""
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    from forms.inspection import pdf as P
    from forms.inspection.quality import blur_effect, ink_share, similarity, fingerprint, to_gray8

    for blur in (0, 3):
        doc_img = M.document("a4", 300)
        if blur:
            doc_img = doc_img.filter(ImageFilter.GaussianBlur(blur))
        path = M.scan_pdf(tmp_path, f"scan{blur}.pdf", [M.jpeg_bytes(doc_img)])
        doc = pdfium.PdfDocument(str(path))
        page = doc[0]
        w, h = page.get_size()
        scale = 150 / 72
        (_px, dpi, bounds, obj) = P._scan_image(page, w * h)
        fast = to_gray8(P._decode_jpeg(obj, P._render_size(w, h, scale)))
        slow = to_gray8(P._render(page, scale))
        assert fast.size == slow.size and dpi == 300
        assert abs(blur_effect(fast) - blur_effect(slow)) < 0.04
        assert abs(ink_share(fast, 48) - ink_share(slow, 48)) < 0.003
        assert similarity(fingerprint(fast), fingerprint(slow)) > 0.995
        page.close()
        doc.close()
