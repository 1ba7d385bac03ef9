"""Form definitions are data: every one loads, names real case fields and says where
each field comes from; a broken definition is refused with a message naming the problem."""

import tomllib

import pytest

from forms.fill import formdefs, pdftext as T
from forms.fill.formdefs import FORM_IDS, FormDefError, parse
from forms.common.paths import resource
from forms.fill.render_pdf import PAGE_H, PAGE_W, field_boxes, layout, signature_boxes


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_form_loads_on_one_page_with_sourced_fields(form_id):
    fd = formdefs.load(form_id)
    assert fd.id == form_id and fd.source and fd.fields
    assert all(f.source.strip() for f in fd.fields)
    assert fd.sig_boxes, "every form has a signature or seal box"
    assert layout(form_id).pages == 1


def _data(form_id="declaration_form"):
    with open(resource("forms", f"{form_id}.toml"), "rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize("breakage, words", [
    (lambda d: d["block"][0]["field"][0].update(value="person.no_such_field"), "not a field of the case schema"),
    (lambda d: d["block"][0]["field"][0].update(value={"format": "nonsense"}), "unknown formatter"),
    (lambda d: d["block"][0]["field"][0].pop("source"), "needs a source"),
    (lambda d: d["block"][0]["field"][1].update(id=d["block"][0]["field"][0]["id"]), "unique id"),
    (lambda d: d["block"][0]["field"][0].update(label={"zh": "姓名"}), "zh and en"),
    (lambda d: [b for b in d["block"] if b["kind"] == "signatures"][0]["box"][0].update(name="a.b"), "PDF field name"),
    (lambda d: d["block"][0].update(kind="table"), "kind must be one of"),
])
def test_a_broken_definition_is_refused_with_its_problem(breakage, words):
    data = _data()
    breakage(data)
    with pytest.raises(FormDefError, match=words):
        parse(data, "declaration_form.toml")


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_labels_fit_and_boxes_stay_on_the_page_apart(form_id):
    from forms.fill.render_pdf import LABEL_EN, LABEL_ZH, PAD, _label_lines
    boxes = field_boxes(form_id)
    for fid, b in boxes.items():
        x0, y0, x1, y1 = b["rect"]
        assert 0 < x0 < x1 < PAGE_W and 0 < y0 < y1 < PAGE_H, fid
        lx1 = b["value_rect"][0]
        zh, en = _label_lines(b["label"], lx1 - x0 - 2 * PAD)
        assert all(T.width(l, LABEL_ZH) <= lx1 - x0 - 2 * PAD for l in zh)
        assert all(T.width(l, LABEL_EN) <= lx1 - x0 - 2 * PAD for l in en)
    rects = [b["rect"] for b in boxes.values()] + [s["frame"] for s in signature_boxes(form_id)]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            overlap_w = min(a[2], b[2]) - max(a[0], b[0])
            overlap_h = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_w <= 0.01 or overlap_h <= 0.01, (form_id, a, b)
    for s in signature_boxes(form_id):
        f, r = s["frame"], s["rect"]
        assert f[0] <= r[0] < r[2] <= f[2] and f[1] <= r[1] < r[3] <= f[3], s["name"]


def test_fit_shrinks_then_wraps_then_marks_the_overflow():
    short = T.fit("HARRIS EMILY ROSE", 200, 20, 10, 6.5)
    assert (short.size, short.lines, short.overflow) == (10, ["HARRIS EMILY ROSE"], False)
    shrunk = T.fit("Shenzhen Example Technology Co., Ltd. and Partners", 180, 20, 10, 6.5)
    assert 6.5 <= shrunk.size < 10 and len(shrunk.lines) == 1 and not shrunk.overflow
    wrapped = T.fit("深圳市福田区示例大道88号 88 Example Avenue, Futian, Shenzhen " * 2, 160, 40, 10, 6.5)
    assert len(wrapped.lines) > 1 and not wrapped.overflow
    assert all(T.width(l, wrapped.size) <= 160 for l in wrapped.lines)
    over = T.fit("word " * 200, 160, 30, 10, 6.5, marker="→ see addendum 1")
    assert over.overflow and over.size == 6.5 and over.lines[-1].endswith("→ see addendum 1")
    assert all(T.width(l, 6.5) <= 160 for l in over.lines)
    assert T.block_height(len(over.lines), 6.5) <= 30
