"""`shebao fill` on the departure example: three forms, PDF and DOCX, each PDF with empty
signature fields, every font embedded, the case's values and the Chinese labels as text,
and no two words drawn over each other or off the page."""

import subprocess

import pytest
from pypdf import PdfReader

from forms.fill.render_pdf import PAGE_H, PAGE_W, signature_boxes

from forms_helpers import EXAMPLES, ON, norm, pdftotext, words

DEPARTURE_FORMS = ["declaration_form", "termination_application", "termination_notice"]


def test_fill_writes_the_three_departure_forms_owner_only(filled):
    names = sorted(p.name for p in filled.iterdir())
    assert names == sorted(f"{f}.{ext}" for f in DEPARTURE_FORMS for ext in ("pdf", "docx"))
    assert all(p.stat().st_mode & 0o077 == 0 for p in filled.iterdir())


@pytest.mark.parametrize("form_id", DEPARTURE_FORMS)
def test_each_pdf_has_empty_signature_fields_and_no_need_appearances(filled, form_id):
    reader = PdfReader(filled / f"{form_id}.pdf")
    fields = reader.get_fields()
    sig = {k: v for k, v in fields.items() if v.get("/FT") == "/Sig"}
    assert set(sig) == {b["name"] for b in signature_boxes(form_id)} == {"applicant_signature"}
    assert all("/V" not in v for v in sig.values()), "the fields are empty"
    acro = reader.trailer["/Root"]["/AcroForm"]
    assert "/NeedAppearances" not in acro
    widget = reader.pages[0]["/Annots"][0].get_object()
    assert [float(v) for v in widget["/Rect"]] == pytest.approx(list(signature_boxes(form_id)[0]["rect"]), abs=0.05)


@pytest.mark.parametrize("form_id", DEPARTURE_FORMS)
def test_each_pdf_gives_back_the_case_values_and_chinese_labels(filled, form_id):
    text = pdftotext(filled / f"{form_id}.pdf", "-layout")
    flat = norm(text)
    for value in ("HARRIS EMILY ROSE", "533419862", "GBR533419862"):
        assert norm(value) in flat, value
    assert "姓名" in text and "证件号码" in text and "■ 护照" in text and "签名" in text and "日期 Date" in text
    if form_id != "termination_notice":
        for value in ("6217002860001234565", "2026年12月20日", "20 December 2026", "1990年6月15日", "15 June 1990"):
            assert norm(value) in flat, value
    else:
        assert "2026年11月29日" in text and "缴费年限" in text  # notice date; the consequences


@pytest.mark.parametrize("form_id", DEPARTURE_FORMS)
def test_every_font_is_embedded_and_the_metadata_is_set(filled, form_id):
    path = filled / f"{form_id}.pdf"
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), rows
    reader = PdfReader(path)
    meta = reader.metadata
    assert "Declaration" in meta.title or "Termination" in meta.title
    assert meta.subject and reader.trailer["/Root"]["/Lang"] == "zh-CN"


@pytest.mark.parametrize("form_id", DEPARTURE_FORMS)
def test_no_word_overlaps_another_or_leaves_the_page(filled, form_id):
    ws = words(filled / f"{form_id}.pdf")
    assert ws
    for w in ws:
        x0, y0, x1, y1 = w["box"]
        assert 0 <= x0 and x1 <= PAGE_W and 0 <= y0 and y1 <= PAGE_H, w
    for page in {w["page"] for w in ws}:
        boxes = [w for w in ws if w["page"] == page]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                ow = min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0])
                oh = min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1])
                assert ow <= 1.0 or oh <= 1.0, (a, b)


def test_every_page_renders(filled, tmp_path):
    for form_id in DEPARTURE_FORMS:
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(filled / f"{form_id}.pdf"), str(tmp_path / form_id)],
                       check=True)
    assert len(list(tmp_path.glob("*.png"))) == 3


def test_docx_has_the_same_values_and_labels(filled):
    import docx
    d = docx.Document(filled / "declaration_form.docx")
    cells = "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    for value in ("HARRIS EMILY ROSE", "533419862", "6217002860001234565", "1990年6月15日 / 15 June 1990", "证件号码"):
        assert value in cells, value
    assert d.core_properties.language == "zh-CN" and "Declaration" in d.core_properties.title


def test_a_case_with_blockers_is_refused_unless_draft(tmp_path, departure_case):
    import json
    from forms.cli import main
    from forms.case.model import to_json
    case = json.loads(to_json(departure_case))
    del case["bank"]["account_number"]
    for att in case["attachments"]:
        att["path"] = str(EXAMPLES / att["path"])
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    assert main(["fill", str(path), "--out", str(tmp_path / "out"), "--on", ON.isoformat()]) == 1
    assert not (tmp_path / "out").exists()
    assert main(["fill", str(path), "--out", str(tmp_path / "out"), "--format", "pdf", "--draft",
                 "--on", ON.isoformat()]) == 0
    text = pdftotext(tmp_path / "out" / "declaration_form.pdf", "-raw")  # the stamp is diagonal
    assert "DRAFT" in text and "草稿" in norm(text)
    assert main(["fill", str(path), "--out", str(tmp_path / "x"), "--format", "odt", "--draft"]) == 2


def test_english_only_values(departure_case, tmp_path):
    from forms.fill.write import fill_forms
    [path] = fill_forms(departure_case, ON, tmp_path, ["pdf"], lang="en", form_ids=["declaration_form"])
    text = pdftotext(path)
    assert "15 June 1990" in text and "1990年6月15日" not in text and "United Kingdom" in text
