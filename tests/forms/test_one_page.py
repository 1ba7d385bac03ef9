"""The registration form fits one page in every common case: each procedure group (its
identity document: passport, or the PR card), each set of exempted insurances and each form
language, with the longest realistic values of the fields that are not free text. Every
value is read back whole from its own box (pdftotext -bbox), nothing goes to the addendum.

Which insurances a certificate exempts is decided elsewhere (the requirements); here the
exempted set is the parameter, so the layout is tested for each set whatever decides it."""

import datetime as dt

import pytest
from pypdf import PdfReader

from forms.case.model import validate
from forms.fill import values as V
from forms.fill import pdftext as T
from forms.fill.formdefs import load
from forms.fill.render_pdf import PAGE_H, field_boxes, render_pages
from forms.law.ruleset import law_on

from forms_helpers import ON, norm, words

EXEMPT = {"none": [], "pension": ["pension"], "pension+unemployment": ["pension", "unemployment"]}
GROUPS = {"permit": "passport", "dispatched": "passport", "pr": "pr_card"}
LANGS = {"both": None, "zh": "zh", "en": "en"}


def _widest_date(year: int) -> str:
    """The date of `year` that prints widest in both languages (day 28 of some month)."""
    def w(d):
        return T.width(V.show(V._date(d), None), 10)
    return max((dt.date(year, m, 28) for m in range(1, 13)), key=w).isoformat()


def _longest_basis_country() -> str:
    law = law_on(ON)
    def basis(row):
        return sum(len(row[k]["zh"]) + len(row[k]["en"]) for k in ("title", "certificate"))
    return max(law.rows("agreement"), key=basis)["country"]


def case_for(group: str, exempt: list) -> dict:
    """A registration at the counter with the longest realistic codes, numbers, dates,
    country and choices; free text (names, addresses) typical."""
    d = _widest_date
    case = {
        "schema_version": 1, "procedure": "registration", "channel": "counter",
        "person": {
            "surname": "Müller-Lüdenscheidt", "given_names": "Jonas Alexander", "name_zh": "穆勒·吕登沙伊德",
            "sex": "X", "birth_date": d(1966),
            # the widest nationality of people (uninhabited territories left out); an agreement
            # country when insurances are exempted, so that the basis exists
            "nationality": _longest_basis_country() if exempt else "VC",
            "phone": "+49 (0)711 1234 56789", "address_cn": "深圳市南山区科技园示例路1号 / 1 Example Road, Science Park, Nanshan, Shenzhen",
            "passport": {"number": "C01X00T47AB1", "expiry": d(2033)},
        },
        "employment": {
            "employer_name_zh": "深圳德示精密机械有限公司", "employer_name_en": "Shenzhen Demo Precision Machinery Co., Ltd.",
            "credit_code": "91440300MA5G8XQ2PT", "employer_si_number": "440300123456789012",
            "contact_name": "王小明", "contact_phone": "+86 (0)755 8888 88888",
            "document_kind": "work_permit", "document_number": "144030020250012345",
            "document_processed": d(2026), "document_expiry": d(2027),
            "residence_permit_number": "RP4403001234567890", "residence_permit_expiry": d(2027),
            "arrangement": "dispatched" if group == "dispatched" else "direct",
            "start_date": d(2026), "end_date": d(2029), "contribution_start": d(2026),
            "job_title": "Senior Process Engineer", "monthly_wage": 1234567.89, "contribution_base": 1234567.89,
        },
        "social_security": {"number": "SZ4403001966092812"},
    }
    if group == "dispatched":
        case["employment"]["overseas_employer"] = "Beispiel Maschinenbau GmbH, Stuttgart, Germany"
    if group == "pr":
        case["person"]["pr_card"] = {"number": "944840196609280018", "expiry": d(2033)}
        case["employment"].update(document_kind="pr_card", pr_employed=True)
        for k in ("document_number", "document_processed", "document_expiry", "residence_permit_number",
                  "residence_permit_expiry"):
            del case["employment"][k]
    validate(case)
    return case


def _in_box(word, rect, tol=0.8):
    x0, top, x1, bottom = word["box"]
    rx0, ry0, rx1, ry1 = rect
    return rx0 - tol <= x0 and x1 <= rx1 + tol and PAGE_H - ry1 - tol <= top and bottom <= PAGE_H - ry0 + tol


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exempt", EXEMPT)
@pytest.mark.parametrize("group", GROUPS)
def test_registration_form_is_one_page_with_every_value_whole(group, exempt, lang, monkeypatch, tmp_path):
    monkeypatch.setattr(V, "_exempt_ids", lambda ctx: list(EXEMPT[exempt]))
    case = case_for(group, EXEMPT[exempt])
    pdf, drawn = render_pages(case, "registration_form", ON, LANGS[lang])
    path = tmp_path / "reg.pdf"
    path.write_bytes(pdf)
    assert len(PdfReader(path).pages) == 1 and drawn.overflow == [] and not drawn.missing_glyphs
    vals = V.values(case, load("registration_form"), ON)
    assert V.id_document(case) == GROUPS[group]
    ws = words(path)
    shown = 0
    for fid, box in field_boxes("registration_form").items():
        text = V.show(vals[fid], LANGS[lang])
        if not text:
            continue
        inside = [w["text"] for w in ws if _in_box(w, box["value_rect"])]
        assert norm(" ".join(inside)) == norm(text), (fid, text, inside)
        shown += 1
    assert shown >= 28
    # the identity document is the one the case registers with, and its own expiry
    doc = {"passport": case["person"]["passport"], "pr_card": case["person"].get("pr_card")}[GROUPS[group]]
    assert V.show(vals["id_number"], None) == doc["number"]
    assert V.show(vals["id_expiry"], "en") == V.show(V._date(dt.date.fromisoformat(doc["expiry"])), "en")
    assert "MÜLLER-LÜDENSCHEIDT JONAS ALEXANDER" in V.show(vals["name"], None)
