"""Five verdicts that used to be wrong, each with a file made here: an XFA-only form, a
300-DPI scan on a page of one point per pixel, a PDF whose JPEG holds 4 bytes, a PDF
without its header, a cut-off HEIC."""

from __future__ import annotations

import io
import struct

import pytest

from tests.inspection import makers as M
from tests.inspection.conftest import codes, finding

XFA_NOTICE = ["The document you are trying to load requires Adobe Reader 8 or higher.",
              "You may not have the Adobe Reader installed or your viewing environment may not be properly configured."]


def xfa_pdf(tmp_path, name: str, needs_rendering: bool):
    """A dynamic XFA form as LiveCycle saves it: the form in the /XFA stream, one page with
    the "requires Adobe Reader" notice, no AcroForm field."""
    import pikepdf

    src = M.text_pdf(tmp_path, "notice.pdf", [XFA_NOTICE])
    out = tmp_path / name
    with pikepdf.open(src) as pdf:
        xdp = pdf.make_stream(b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template/></xdp:xdp>')
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=xdp))
        if needs_rendering:
            pdf.Root.NeedsRendering = True
        pdf.save(out)
    return out


@pytest.mark.parametrize("needs_rendering", [True, False])
def test_an_xfa_only_form_is_blocked_with_how_to_fix_it(tmp_path, inspect, needs_rendering):
    r = inspect(xfa_pdf(tmp_path, "form.pdf", needs_rendering), "reg.employment_contract")
    f = finding(r, "PDF_XFA")
    assert f.severity == "blocker" and "FILE_OK" not in codes(r)
    assert "Adobe" in f.message["en"] and "print it to PDF" in f.message["en"]
    assert "Adobe" in f.message["zh"] and f.message["zh"] != f.message["en"]


def test_a_static_xfa_form_with_fields_is_fine(tmp_path, inspect):
    """A hybrid form keeps AcroForm fields and real pages: it shows without the XFA."""
    import pikepdf

    path = xfa_pdf(tmp_path, "hybrid.pdf", False)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        field = pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String("name")))
        pdf.Root.AcroForm.Fields.append(field)
        pdf.save(path)
    assert "PDF_XFA" not in codes(inspect(path, "reg.employment_contract"))


def test_a_300_dpi_scan_on_a_page_of_one_point_per_pixel(tmp_path, inspect):
    """Images-to-PDF tools make a 2480 x 3508 px scan a 2480 x 3508 pt page ("72 DPI"):
    the pixels are judged against an A4 sheet, as the same JPEG on an A4 page is."""
    import img2pdf

    jpeg = M.jpeg_bytes(M.document("a4", 300, seed=4), dpi=300, quality=70)
    per_pixel = M.write(tmp_path / "per-pixel.pdf",
                        img2pdf.convert(jpeg, layout_fun=img2pdf.get_fixed_dpi_layout_fun((72, 72))))
    on_a4 = M.scan_pdf(tmp_path, "a4.pdf", [jpeg])
    for path in (per_pixel, on_a4):
        r = inspect(path, "reg.employment_contract")
        assert not codes(r) & {"RESOLUTION_TOO_LOW", "RESOLUTION_LOW"}, (path.name, r.findings)
        assert 290 <= r.facts["dpi"] <= 310, (path.name, r.facts)
    assert inspect(per_pixel, "reg.employment_contract").facts["dpi_basis"] == "a4"
    # a real 72-DPI scan on an A4 page is still too coarse
    coarse = M.scan_pdf(tmp_path, "coarse.pdf", [M.jpeg_bytes(M.document("a4", 72), dpi=72)])
    assert finding(inspect(coarse, "reg.employment_contract"), "RESOLUTION_TOO_LOW").severity == "blocker"


def test_a_pdf_whose_jpeg_holds_4_bytes_is_damaged_not_blank(tmp_path, inspect):
    import pikepdf

    jpeg = M.jpeg_bytes(M.document("a4", 150, seed=6), dpi=150, quality=60)
    path = M.scan_pdf(tmp_path, "scan.pdf", [jpeg])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        image = next(iter(pdf.pages[0].get_images().values()))
        image.write(jpeg[:4], filter=pikepdf.Name.DCTDecode)
        pdf.save(path)
    r = inspect(path, "reg.employment_contract")
    f = finding(r, "IMAGE_DAMAGED")
    assert f.severity == "blocker" and "PAGE_BLANK" not in codes(r)
    assert "page 1" in f.message["en"] and "4 bytes" in f.message["en"] and "glass" not in f.message["en"]


def test_a_pdf_without_its_header_is_a_damaged_pdf_not_a_text_file(tmp_path, inspect):
    data = M.text_pdf(tmp_path, "contract.pdf", [["Employment contract"]]).read_bytes()
    path = M.write(tmp_path / "contract.pdf", data[data.index(b"\n", data.index(b"%PDF-")) + 1:])
    r = inspect(path, "reg.employment_contract")
    assert r.facts["type"] == "pdf"
    f = finding(r, "PDF_DAMAGED")
    assert f.severity == "blocker" and "header" in f.message["en"]
    assert "NAME_TYPE_MISMATCH" not in codes(r) and ".txt" not in " ".join(x.message["en"] for x in r.findings)


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def heic_bytes() -> bytes:
    """The box structure of a HEIC as an iPhone writes it: ftyp, meta, mdat."""
    ftyp = _box(b"ftyp", b"heic" + b"\0\0\0\0" + b"mif1heic")
    meta = _box(b"meta", b"\0\0\0\0" + _box(b"hdlr", b"\0" * 8 + b"pict" + b"\0" * 13))
    return ftyp + meta + _box(b"mdat", bytes(range(256)) * 20)


def test_a_cut_off_heic_is_not_told_to_export_as_jpeg(tmp_path, inspect):
    whole = M.write(tmp_path / "photo.heic", heic_bytes())
    f = finding(inspect(whole, "reg.passport"), "TYPE_UNSUPPORTED")
    assert "JPEG" in f.message["en"]  # a whole HEIC: convert it
    cut = M.write(tmp_path / "cut.heic", heic_bytes()[:-1000])
    r = inspect(cut, "reg.passport")
    f = finding(r, "FILE_TRUNCATED")
    assert f.severity == "blocker" and "TYPE_UNSUPPORTED" not in codes(r)
    assert "JPEG" not in f.message["en"] and "HEIC" in f.message["en"]
    broken = M.write(tmp_path / "broken.heic", heic_bytes()[:24] + b"\0" * 8 + heic_bytes()[32:])  # meta box header gone
    assert finding(inspect(broken, "reg.passport"), "IMAGE_DAMAGED").severity == "blocker"


def test_what_qpdf_check_would_refuse_in_a_pack_is_damaged(tmp_path, inspect):
    """A page whose drawing instructions do not parse, and a JPEG whose picture data is
    broken past what a reduced-scale decode reads: a pack would copy them and fail
    `qpdf --check`."""
    import pikepdf

    path = M.text_pdf(tmp_path, "contract.pdf", [["Employment contract"]])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].Contents = pdf.make_stream(b"BT /F1 11 Tf 40 780 Td <4U> Tj ET")
        pdf.save(path)
    f = finding(inspect(path, "reg.employment_contract"), "PDF_DAMAGED")
    assert "page 1" in f.message["en"]
    data = bytearray(M.jpeg_bytes(M.document("a4", 150, seed=7), dpi=150))
    middle = data.rindex(b"\xff\xda") + (len(data) - data.rindex(b"\xff\xda")) // 2
    data[middle:middle + 2] = b"\xff\xfc"  # a marker no decoder knows, inside the picture data
    jpeg = M.write(tmp_path / "scan.jpg", bytes(data))
    r = inspect(jpeg, "reg.employment_contract")
    assert finding(r, "IMAGE_DAMAGED").severity == "blocker" and "FILE_OK" not in codes(r)
