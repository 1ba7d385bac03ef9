"""A signature made in the app, placed as an image in the person's box of each form and
of the pack; the box's empty /Sig field goes, the seal's stays, the text stays text."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pypdf import PdfReader

from forms.fill.write import fill_forms
from forms.pack.build import build_pack
from forms.fill.render_pdf import signature_boxes
from forms.fill.signature import Signature, fit

from forms_helpers import ON, image_boxes, inside, norm, pdftotext, sig_fields, signature_png, words

SIGNED_ON = dt.date(2026, 12, 3)


def test_fit_keeps_proportions_inside_the_box():
    x, y, w, h = fit((100, 50, 300, 90), (600, 200))
    assert abs(w / h - 3) < 1e-9 and 100 <= x and x + w <= 300 and y >= 50 and y + h <= 90


def test_filled_forms_carry_the_signature_in_the_applicants_box(departure_case, tmp_path):
    sig = Signature(signature_png(), SIGNED_ON)
    paths = fill_forms(departure_case, ON, tmp_path, formats=("pdf",), signature=sig)
    assert len(paths) == 3
    for path in paths:
        form_id = path.stem
        [box] = [b for b in signature_boxes(form_id) if b["role"] == "signature"]
        [img] = image_boxes(path, box["page"])
        assert inside(img, box["rect"]), (form_id, img, box["rect"])
        assert sig_fields(path) == {}  # the applicant's box is signed; no empty field over it
        # every word of the unsigned form is still there, as text
        unsigned = fill_forms(departure_case, ON, tmp_path / "plain", formats=("pdf",), form_ids=[form_id])[0]
        before, after = Counter(pdftotext(unsigned).split()), Counter(pdftotext(path).split())
        assert not before - after and set(after - before) <= {"2026", "12", "3"}, (before - after, after - before)
        # the date of signing on the box's date line
        dx0, dy0, dx1, dy1 = box["date_rect"]
        height = float(PdfReader(path).pages[box["page"]].mediabox.height)
        on_line = [w["text"] for w in words(path) if w["page"] == box["page"]
                   and dx0 <= w["box"][0] <= dx1 and height - dy1 - 4 <= w["box"][1] <= height - dy0 + 4]
        assert {"2026", "12", "3"} <= set(on_line), on_line
    declaration = norm(pdftotext(tmp_path / "declaration_form.pdf"))
    assert "HARRIS" in declaration and "533419862" in declaration and "6217002860001234565" in declaration


def test_the_employers_seal_keeps_its_empty_field(registration_case, tmp_path):
    sig = Signature(signature_png())
    [path] = fill_forms(registration_case, ON, tmp_path, formats=("pdf",), signature=sig)
    assert set(sig_fields(path)) == {"employer_seal"}
    [box] = [b for b in signature_boxes("registration_form") if b["role"] == "signature"]
    [img] = image_boxes(path, box["page"])
    assert inside(img, box["rect"])
    # unsigned: both fields, no image
    [plain] = fill_forms(registration_case, ON, tmp_path / "plain", formats=("pdf",))
    assert set(sig_fields(plain)) == {"employee_signature", "employer_seal"}
    assert image_boxes(plain, box["page"]) == []


def test_the_pack_carries_the_signature_in_every_form(departure_case, tmp_path):
    result = build_pack(departure_case, ON, tmp_path / "pack.pdf", signature=Signature(signature_png(), SIGNED_ON))
    assert sig_fields(result.path) == {}
    forms = [s for s in result.sections if s.kind == "form"]
    assert len(forms) == 3
    for s in forms:
        [box] = [b for b in signature_boxes(s.form) if b["role"] == "signature"]
        imgs = image_boxes(result.path, s.start + box["page"])
        assert any(inside(i, box["rect"]) for i in imgs), (s.form, imgs)
    assert "533419862" in norm(pdftotext(result.path))
