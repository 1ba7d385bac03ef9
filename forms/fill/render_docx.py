"""The same forms as editable DOCX (python-docx), for clerks who must change something:
the same definition, labels and values as the PDF, as Word tables. Word wraps long values
itself, so there is no addendum; signature and seal boxes are empty table cells with a
date line, to sign after printing.
"""

from __future__ import annotations

import datetime as dt
import io

from forms.law.ruleset import Law
from forms.fill.formdefs import load
from forms.fill.values import show, values as form_values

FONT_LATIN, FONT_CJK = "Arial", "SimSun"  # present on the Windows PCs of the counters


def _fonts(run_or_style, size=None, bold=False, grey=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = run_or_style.font
    font.name = FONT_LATIN
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT_CJK)
    if size:
        font.size = Pt(size)
    font.bold = bold or None
    if grey:
        font.color.rgb = RGBColor(0x50, 0x50, 0x50)


def _para(container, text="", size=10, bold=False, align=None, grey=False, space_after=2):
    from docx.shared import Pt

    p = container.add_paragraph()
    if align:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if text:
        _fonts(p.add_run(text), size, bold, grey)
    return p


def _shade(cell, fill="EDEDED"):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _cell_text(cell, lines):
    """lines: (text, size, bold, grey) tuples; the cell's first paragraph is reused."""
    from docx.shared import Pt

    first = True
    for text, size, bold, grey in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.paragraph_format.space_after = Pt(0)
        _fonts(p.add_run(text), size, bold, grey)


def _field(paragraph, instruction: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run("1")  # shown until Word updates the field
    _fonts(run, size, grey=True)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run._r.addprevious(fld)
    fld.append(run._r)


def _footer(section, fd) -> None:
    """The PDF's footer: the form's code, version and title on the left, "第 n 页 / 共 N
    页 · Page n of N" on the right."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm

    p = section.footer.paragraphs[0]
    p.paragraph_format.tab_stops.add_tab_stop(Mm(180), WD_TAB_ALIGNMENT.RIGHT)
    size = 6.5
    for kind, part in (("text", f"{fd.code} v{fd.version} · {fd.title['zh']}\t第 "), ("field", "PAGE"),
                       ("text", " 页 / 共 "), ("field", "NUMPAGES"), ("text", " 页 · Page "), ("field", "PAGE"),
                       ("text", " of "), ("field", "NUMPAGES")):
        if kind == "text":
            _fonts(p.add_run(part), size, grey=True)
        else:
            _field(p, part, size)


def render_docx(case: dict, form_id: str, law: Law | dt.date, lang: str | None = None) -> bytes:
    """One filled form as DOCX bytes (same content as render_form's PDF)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    fd = load(form_id)
    vals = form_values(case, fd, law)
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(15)
    sec.top_margin, sec.bottom_margin = Mm(12), Mm(15)
    _fonts(doc.styles["Normal"], 9.5)
    props = doc.core_properties
    props.title = f"{fd.title['zh']} {fd.title['en']}"
    props.subject = f"{fd.subject['zh']} {fd.subject['en']}"
    props.author = "Shebao Desk"
    props.language = "zh-CN"
    props.keywords = f"{fd.code} v{fd.version}"

    _footer(sec, fd)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, f"深圳市社会保险 · Shenzhen Social Insurance    {fd.code} · v{fd.version}", 7, grey=True)
    _para(doc, fd.title["zh"], 15, bold=True, align=center, space_after=0)
    _para(doc, fd.title["en"], 9.5, align=center, space_after=0)
    if fd.subtitle:
        _para(doc, fd.subtitle["zh"], 8, align=center, space_after=0)
        _para(doc, fd.subtitle["en"], 7.5, align=center)

    for block in fd.blocks:
        if block.title:
            _para(doc, f"{block.title['zh']}    {block.title['en']}", 9.5, bold=True, space_after=1)
        if block.kind == "fields":
            rows = block.rows()
            table = doc.add_table(rows=len(rows), cols=2 * block.columns)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate(rows):
                c = 0
                for f, span in row:
                    label = table.cell(r, c)
                    value = table.cell(r, c + 1)
                    if span > 1:
                        value = value.merge(table.cell(r, c + 2 * span - 1))
                    _shade(label)
                    _cell_text(label, [(f.label["zh"], 8.5, False, False), (f.label["en"], 6.5, False, True)])
                    _cell_text(value, [(show(vals.get(f.id), lang), 10, False, False)])
                    c += 2 * span
            _para(doc, "", 4, space_after=2)
        elif block.kind == "text":
            for i, para in enumerate(block.paragraphs, 1):
                prefix = f"{i}. " if block.numbered else ""
                _para(doc, prefix + para["zh"], 9.5, space_after=0)
                _para(doc, prefix + para["en"], 8, grey=True, space_after=4)
        else:
            table = doc.add_table(rows=1, cols=len(block.boxes))
            table.style = "Table Grid"
            for i, box in enumerate(block.boxes):
                cell = table.cell(0, i)
                lines = [(box.label["zh"], 9, True, False), (box.label["en"], 7, False, True)]
                if box.hint:
                    lines.append((f"{box.hint['zh']} · {box.hint['en']}", 6.5, False, True))
                lines += [("", 9, False, False)] * (5 if box.role == "seal" else 3)
                if box.role == "office":
                    lines.append(("经办人 Handled by: ____________", 8.5, False, False))
                elif box.role == "signature":
                    lines.append(("_" * 30, 9, False, False))
                if box.date:
                    lines.append(("日期 Date: ______年____月____日", 8.5, False, False))
                _cell_text(cell, lines)
            _para(doc, "", 4, space_after=2)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
