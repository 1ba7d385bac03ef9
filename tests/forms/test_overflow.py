"""A 120-character employer name and a 400-character address end up inside their boxes or
on the addendum, never clipped: checked on the extracted text and its positions."""

import pytest

from forms.fill.render_pdf import PAGE_H, field_boxes, render_form

from forms_helpers import ON, norm, words

EMPLOYER = ("Shenzhen Extraordinarily Long Name International Advanced Technology Research "
            "and Development Holdings Group Co Ltd")[:120].ljust(120, "X")
ADDRESS = ("深圳市南山区粤海街道科技园南区高新南七道 Building 7, Unit 1203, Software Industry Base, 1 Yuehai "
           "Avenue, Nanshan District, Shenzhen, Guangdong Province 518057; deliveries via the reception on "
           "the ground floor, to be left with the concierge if nobody answers the door, or at the parcel "
           "lockers beside the north entrance of the building complex near the metro station exit C2, "
           + "Room 1203, Tower B, Floor 12, " * 3)[:400]


def _inside(box, rect, tol=0.8):
    x0, top, x1, bottom = box
    rx0, ry0, rx1, ry1 = rect
    return rx0 - tol <= x0 and x1 <= rx1 + tol and PAGE_H - ry1 - tol <= top and bottom <= PAGE_H - ry0 + tol


def _check(path, form_id, field_id, value):
    ws = words(path)
    rect = field_boxes(form_id)[field_id]["value_rect"]
    cell = field_boxes(form_id)[field_id]["rect"]
    near = [w for w in ws if w["page"] == 0 and _inside(w["box"], (cell[0] - 40, cell[1] - 4, cell[2] + 40, cell[3] + 4), 0)
            and (w["box"][0] + w["box"][2]) / 2 > rect[0]]
    assert near, "something of the value is in its box"
    for w in near:
        assert _inside(w["box"], rect), (w, rect)
    in_box = norm(" ".join(w["text"] for w in near))
    addendum = norm(" ".join(w["text"] for w in ws if w["page"] >= 1))
    if norm(value) in in_box:
        return "box"
    assert "见附页" in in_box, "a box that cannot show everything points to the addendum"
    assert norm(value) in addendum, "the whole value is on the addendum"
    return "addendum"


@pytest.mark.parametrize("form_id", ["declaration_form", "termination_application"])
def test_long_employer_and_address_are_never_clipped(departure_case, tmp_path, form_id):
    departure_case["employment"]["employer_name_en"] = EMPLOYER
    departure_case["person"]["address_cn"] = ADDRESS
    departure_case["address_abroad"]["lines"] = [ADDRESS]
    assert len(EMPLOYER) == 120 and len(ADDRESS) == 400
    path = tmp_path / "form.pdf"
    path.write_bytes(render_form(departure_case, form_id, ON))
    value = f"{departure_case['employment']['employer_name_zh']} / {EMPLOYER}"
    assert _check(path, form_id, "employer", value) in ("box", "addendum")
    assert _check(path, form_id, "address_abroad", ADDRESS) == "addendum"
    if form_id == "declaration_form":
        assert _check(path, form_id, "address_cn", ADDRESS) == "addendum"


def test_long_employer_name_on_the_registration_form(registration_case, tmp_path):
    registration_case["employment"]["employer_name_zh"] = "深圳" + "超长名称国际先进技术研究与发展控股集团" * 6 + "有限公司"
    registration_case["employment"]["employer_name_zh"] = registration_case["employment"]["employer_name_zh"][:120]
    registration_case["employment"]["employer_name_en"] = EMPLOYER
    path = tmp_path / "reg.pdf"
    path.write_bytes(render_form(registration_case, "registration_form", ON))
    _check(path, "registration_form", "employer_name_zh", registration_case["employment"]["employer_name_zh"])
    _check(path, "registration_form", "employer_name_en", EMPLOYER)
