"""What a counter clerk checks at a glance, read back from the generated files: tick boxes
of one size, a legible seal stamp and the signing date on the date line, the cover's
employer cell, the DOCX footer, the identity document the case registers with, upper-case
names, the fields real bureau forms ask for, and "signed in the app on DATE"."""

import datetime as dt

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from forms.case.model import CaseError, validate
from forms.fill.formdefs import load
from forms.fill.render_pdf import BOX_SIDE, VALUE_FLOOR, field_boxes, render_form, signature_boxes
from forms.fill.sign import sign_pdf
from forms.fill.sign_marks import STAMP_FLOOR, stamp_lines
from forms.fill.signature import Signature
from forms.law.requirements import requirements
from forms.pack.build import build_pack

from forms_helpers import EXAMPLES, ON, changed, norm, pdftotext, signature_png, words

SIGNED_ON = dt.date(2026, 11, 30)


def _ops(reader, page):
    return ContentStream(reader.pages[page].get_contents(), reader).operations


def _rects(path, page=0):
    """[(x, y, w, h, paint)] of every rectangle on a page: paint S (stroked), f (filled) or
    B (both), with the page's transformations ignored (the forms draw rectangles untransformed)."""
    out, pending = [], []
    for operands, op in _ops(PdfReader(path), page):
        if op == b"re":
            pending.append(tuple(float(v) for v in operands))
        elif op in (b"S", b"f", b"B", b"n", b"f*", b"B*"):
            out += [(*r, op.decode().rstrip("*")) for r in pending]
            pending = []
    return out


def _pdf(tmp_path, case, form_id, name="form.pdf", **kw):
    path = tmp_path / name
    path.write_bytes(render_form(case, form_id, ON, **kw))
    return path


# --- 2. tick boxes ---------------------------------------------------------------------

def test_checked_and_unchecked_boxes_have_one_size_and_stroke(departure_case, tmp_path):
    path = _pdf(tmp_path, departure_case, "declaration_form")
    text = pdftotext(path)
    squares = [r for r in _rects(path) if abs(r[2] - r[3]) < 0.01 and r[2] < 10]
    filled = [r for r in squares if r[4] == "B"]
    empty = [r for r in squares if r[4] == "S"]
    assert len(filled) == text.count("■") and len(empty) == text.count("□") and filled and empty
    assert min(r[2] for r in squares) >= BOX_SIDE * VALUE_FLOOR  # at least 3.5 pt: visible at 80 DPI
    # in each field the boxes are the same size, checked or not (fields with both: several)
    mixed = 0
    for box in field_boxes("declaration_form").values():
        x0, y0, x1, y1 = box["value_rect"]
        line = [r for r in squares if x0 <= r[0] <= x1 and y0 <= r[1] <= y1]
        if not line:
            continue
        assert len({round(r[2], 2) for r in line}) == 1
        mixed += len({r[4] for r in line}) == 2
    assert mixed >= 3


# --- 3. the seal stamp and the signing date ---------------------------------------------

def _stamp_font_sizes(path, field):
    """Effective font sizes (Tf size x scale of the cm's above it) of a signed field's
    appearance, nested form XObjects included."""
    reader = PdfReader(path)
    widget = next(a.get_object() for p in reader.pages for a in p.get("/Annots", [])
                  if a.get_object().get("/T") == field)
    sizes = []

    def walk(xobj, scale):
        stack, s = [], scale
        for operands, op in ContentStream(xobj, reader).operations:
            if op == b"q":
                stack.append(s)
            elif op == b"Q":
                s = stack.pop()
            elif op == b"cm":
                s *= float(operands[3])
            elif op == b"Tf":
                sizes.append(abs(float(operands[1]) * s))
            elif op == b"Do":
                walk(xobj["/Resources"]["/XObject"][operands[0]].get_object(), s)
    ap = widget["/AP"]["/N"].get_object()
    bbox = [float(v) for v in ap["/BBox"]]
    rect = [float(v) for v in widget["/Rect"]]
    walk(ap, (rect[3] - rect[1]) / (bbox[3] - bbox[1]))
    return sizes


def test_seal_stamp_is_legible_and_the_first_signature_dates_its_box(registration_case, p12, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from test_sign import _validate

    path, passphrase, cert = p12
    form = _pdf(tmp_path, registration_case, "registration_form")
    seal = sign_pdf(form, "employer_seal", path, passphrase, tmp_path / "sealed.pdf", on=SIGNED_ON)
    sizes = _stamp_font_sizes(seal, "employer_seal")
    assert sizes and min(sizes) >= STAMP_FLOOR, sizes
    # the first signature wrote its date on the seal box's date line, inside the box
    box = next(b for b in signature_boxes("registration_form") if b["name"] == "employer_seal")
    stamps = [a.get_object() for a in PdfReader(seal).pages[0]["/Annots"] if a.get_object()["/Subtype"] == "/Stamp"]
    assert [str(a["/Contents"]) for a in stamps] == ["2026", "11", "30"]
    for a in stamps:
        x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
        dx0, dy0, dx1, dy1 = box["date_rect"]
        assert dx0 <= x0 and x1 <= dx1 and dy0 - 3 <= y0 and y1 <= box["frame"][3]
        assert int(a["/F"]) & 4, "printed"
    # a second signer after it: both signatures stay valid (its date is in its stamp only)
    both = sign_pdf(seal, "employee_signature", path, passphrase, tmp_path / "both.pdf", on=SIGNED_ON)
    for field in ("employer_seal", "employee_signature"):
        status = _validate(both, cert, field)
        assert status.intact and status.valid and status.bottom_line, (field, status.pretty_print_details())
    with open(both, "rb") as fh:
        assert len(PdfFileReader(fh).embedded_signatures) == 2


def test_stamp_text_is_left_out_rather_than_tiny():
    size, lines = stamp_lines("Emily Rose Harris", "2026-11-30 10:00 CET", (0, 0, 300, 60))
    assert size == 7 and lines[-1] == "2026-11-30 10:00 CET" and "Emily Rose Harris" in " ".join(lines)
    size, lines = stamp_lines("Emily Rose Harris", "2026-11-30 10:00 CET", (0, 0, 58, 58))
    assert size >= STAMP_FLOOR and all(len(x) * 0.6 * size <= 54 for x in lines)
    assert " ".join(lines).endswith("2026-11-30 10:00 CET") and lines[0] == "Digitally"
    assert stamp_lines("Emily Rose Harris", "2026-11-30 10:00 CET", (0, 0, 30, 8)) == (0, [])


# --- 4. and 10. the pack cover ----------------------------------------------------------

def test_cover_employer_cell_fits_its_text_and_says_signed_in_the_app(registration_case, tmp_path):
    long_en = "Shenzhen Extraordinarily Long Name International Advanced Technology Research and Development Holdings Group Co Ltd"
    case = changed(registration_case, employment__employer_name_en=long_en,
                   employment__employer_name_zh="深圳超长名称国际先进技术研究与发展控股集团有限公司")
    for att in case["attachments"]:
        att["path"] = str(EXAMPLES / att["path"])
    out = tmp_path / "pack.pdf"
    build_pack(case, ON, out, signature=Signature(signature_png(), SIGNED_ON), draft=True)
    ws = [w for w in words(out) if w["page"] == 0]
    employer = [w for w in ws if w["text"] in ("Extraordinarily", "Holdings", "深圳超长名称国际先进技术研究与发展控股集团有限公司")]
    assert len(employer) == 3
    top, bottom = min(w["box"][1] for w in employer), max(w["box"][3] for w in employer)
    page_h = float(PdfReader(out).pages[0].mediabox.height)
    cell = next(r for r in _rects(out) if r[4] == "S" and r[2] > 400
                and r[1] <= page_h - bottom and page_h - top <= r[1] + r[3])
    assert cell[3] - (bottom - top) < 14, "the cell is as tall as its lines, with a small margin"
    text = norm(pdftotext(out, "-f", "1", "-l", "1"))
    assert norm("Signed in the app on 30 November 2026; seal it") in text
    assert norm("已于2026年11月30日在应用内签名；请加盖公章") in text
    assert "Filledin:sign" not in text


# --- 5. DOCX footer ---------------------------------------------------------------------

def test_docx_footer_has_the_form_code_and_page_numbers(filled):
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(filled / "declaration_form.docx")
    footer = d.sections[0].footer._element
    text = "".join(t.text for t in footer.iter(qn("w:t")))
    assert text.startswith("SBD-DEP-01 v1 · 企业职工基本养老保险待遇申报表") and "页 / 共" in text and " of " in text
    assert [f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES", "PAGE", "NUMPAGES"]


# --- 6. and 8. identity document and names ---------------------------------------------

def test_a_pr_card_holder_is_identified_by_the_pr_card_everywhere(tmp_path):
    from forms.case.model import load_case

    case = load_case(EXAMPLES / "registration-pr-employed.json")
    case = changed(case, channel="counter", person__surname="Lee-Park", person__given_names="David")
    path = _pdf(tmp_path, case, "registration_form")
    text = pdftotext(path)
    flat = norm(text)
    assert "■外国人永久居留身份证ForeignPermanentResidentIDCard" in flat and "□护照Passport" in flat
    assert "944840198501010018" in flat and norm("2033年5月31日 / 31 May 2033") in flat
    assert "A12345678" not in flat and "2032" not in flat and "Passport valid until" not in text
    assert "LEE-PARK DAVID" in text and "李大卫" in text
    for att in case["attachments"]:
        att["path"] = str(EXAMPLES / att["path"])
    out = tmp_path / "pack.pdf"
    build_pack(case, ON, out, draft=True)
    cover = pdftotext(out, "-f", "1", "-l", "1")
    assert "944840198501010018" in cover and "A12345678" not in cover and "LEE-PARK DAVID 李大卫" in cover
    assert "永久居留身份证号码" in cover or "Permanent resident ID card number" in cover
    dep = changed(load_case(EXAMPLES / "departure-refund.json"), person__pr_card={"number": "944840199006150025"})
    text = norm(pdftotext(_pdf(tmp_path, dep, "termination_application", "app.pdf")))
    assert "944840199006150025" in text and "533419862" not in text.replace("GBR533419862", "")


# --- 7. and 9. the fields real bureau forms ask for --------------------------------------

NEW_FIELDS = {
    "registration_form": ["filled_date", "contact_name", "contact_phone", "ss_number", "end_date",
                          "contribution_base", "contribution_start"],
    "declaration_form": ["ss_card_number", "contribution_period", "contribution_months", "reason_code",
                         "proxy_id_number", "proxy_relationship", "account_balance"],
    "termination_application": ["ss_card_number", "contribution_period", "contribution_months", "reason_code",
                                "proxy_id_number", "proxy_relationship"],
}


@pytest.mark.parametrize("form_id", NEW_FIELDS)
def test_new_fields_cite_their_source(form_id):
    fields = {f.id: f for f in load(form_id).fields}
    for fid in NEW_FIELDS[form_id]:
        assert "domain.md §8" in fields[fid].source or "Guideline VI" in fields[fid].source, fid


def test_registration_shows_contract_end_contribution_start_and_contact(registration_case, tmp_path):
    path = _pdf(tmp_path, registration_case, "registration_form", lang="en")
    boxes = field_boxes("registration_form")
    ws = words(path)

    def in_box(fid):
        x0, y0, x1, y1 = boxes[fid]["value_rect"]
        h = float(PdfReader(path).pages[0].mediabox.height)
        return norm(" ".join(w["text"] for w in ws if x0 <= w["box"][0] and w["box"][2] <= x1 + 0.8
                             and h - y1 <= w["box"][1] and w["box"][3] <= h - y0 + 0.8))
    assert in_box("end_date") == norm("15 November 2027")
    assert in_box("contribution_start") == norm("16 November 2026")
    assert in_box("contact_name") == "王小明" and in_box("contact_phone") == norm("+86 755 8888 0000")
    assert in_box("filled_date") == norm("29 November 2026")


def test_departure_forms_show_card_period_months_reason_and_proxy(departure_case, tmp_path):
    case = changed(departure_case, departure__by_proxy=True, departure__proxy_name="ZHANG WEI",
                   departure__proxy_id_number="110101198001010017", departure__proxy_relationship="Friend")
    for form_id in ("declaration_form", "termination_application"):
        path = _pdf(tmp_path, case, form_id, f"{form_id}.pdf")
        assert len(PdfReader(path).pages) == 1
        flat = norm(pdftotext(path))
        for value in ("SZ0012345678", "2022年3月1日–2026年11月30日/1March2022–30November2026", "57",
                      "■离境LeavingChina□达到退休年龄，缴费不满15年", "110101198001010017", "Friend", "ZHANGWEI"):
            assert value in flat, (form_id, value)
    assert "个人账户储存额" in pdftotext(tmp_path / "declaration_form.pdf")
    # with a proxy, the checklist asks for the power of attorney
    assert "dep.power_of_attorney" in {r.id for r in requirements(case, ON)}
    assert "dep.power_of_attorney" not in {r.id for r in requirements(departure_case, ON)}


@pytest.mark.parametrize("path, value", [
    ("departure.proxy_id_number", "11010119800101001 7"), ("departure.reason_code", "bored"),
    ("social_security.contribution_months", -1), ("social_security.contribution_months", 12.5),
    ("social_security.card_number", "SZ-001"), ("employment.contact_phone", "call me"),
    ("employment.contribution_base", -5), ("employment.contribution_start", "2026-13-01"),
])
def test_new_case_fields_are_validated(departure_case, path, value):
    import json
    from forms.case.model import to_json

    case = json.loads(to_json(departure_case))
    validate(case)
    with pytest.raises(CaseError):
        validate(changed(case, **{path.replace(".", "__"): value}))
