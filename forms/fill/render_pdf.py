"""The one PDF renderer: draws any form definition (forms/fill/formdefs.py) as an A4 form
with Chinese and English labels side by side and the case's values as text in the
embedded CJK font, then adds an empty /Sig field over every signature and seal box.

The layout depends on the definition only, never on the values: a value that does not fit
its box is shrunk down to a floor, then wrapped, and what still does not fit is shown in
full on an addendum page that the box and the header point to. So the boxes sit in the
same place for every case (`signature_boxes`, `field_boxes`), and nothing is clipped.

Coordinates are PDF points, origin at the bottom left of the page; pages count from 0.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from functools import cache

from forms.law.ruleset import Law
from forms.fill import pdftext as T
from forms.fill.formdefs import FormDef, load
from forms.fill.signature import DATE_LABEL, Signature, date_segments, draw_in_box, signed_by_person
from forms.fill.values import show, values as form_values

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 15 * MM, 15 * MM, 12 * MM, 17 * MM
WIDTH = PAGE_W - LEFT - RIGHT
PAD = 3.0
VALUE_SIZE, VALUE_FLOOR = 10.0, 6.5
LABEL_ZH, LABEL_EN = 7.5, 6.0
LABEL_LEADING = 1.1
ROW = 18.0  # smallest row of a fields block: two label lines, or one value line at full size
BAR = 13.0  # height of a section title bar
GREY_LABEL, GREY_BAR = 0.93, 0.84


@dataclass
class FieldBox:
    id: str
    page: int
    rect: tuple  # the whole cell
    label_rect: tuple
    value_rect: tuple
    label: dict


@dataclass
class SigPlace:
    name: str
    role: str  # signature | seal
    label: dict
    page: int
    rect: tuple  # the frame of the box
    sig_rect: tuple  # the empty /Sig field: where a signature or seal goes
    date_rect: tuple  # where the date is written


@dataclass
class Layout:
    form: FormDef
    pages: int  # pages of the form itself (addendum pages come after)
    ops: list = field(default_factory=list)  # fixed drawing: (page, op, args)
    fields: dict = field(default_factory=dict)
    boxes: list = field(default_factory=list)


# --- layout (value-independent) ---------------------------------------------------------

class _Flow:
    def __init__(self, lay: Layout):
        self.lay, self.page, self.y = lay, 0, PAGE_H - TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.page += 1
            self.y = PAGE_H - TOP - 16  # room for the continuation header
            self.lay.pages = self.page + 1

    def op(self, kind: str, *args) -> None:
        self.lay.ops.append((self.page, kind, args))


def _label_lines(label: dict, w: float) -> tuple[list, list]:
    return T.wrap(label["zh"], LABEL_ZH, w), T.wrap(label["en"], LABEL_EN, w)


def _label_height(label: dict, w: float) -> float:
    zh, en = _label_lines(label, w)
    return (len(zh) * LABEL_ZH + len(en) * LABEL_EN) * LABEL_LEADING + 3


def _bar(flow: _Flow, title: dict) -> None:
    flow.op("bar", LEFT, flow.y - BAR, WIDTH, BAR, f"{title['zh']}    {title['en']}")
    flow.y -= BAR


def _header(flow: _Flow, fd: FormDef) -> None:
    y = flow.y
    flow.op("text", LEFT, y - 7, 7, "深圳市社会保险 · Shenzhen Social Insurance", 0.35)
    flow.op("text_right", PAGE_W - RIGHT, y - 7, 7, f"{fd.code} · v{fd.version}", 0.35)
    y -= 10
    for line in T.wrap(fd.title["zh"], 15, WIDTH):
        y -= 15 * T.LEADING
        flow.op("bold_center", PAGE_W / 2, y + 3, 15, line)
    for line in T.wrap(fd.title["en"], 9.5, WIDTH):
        y -= 9.5 * T.LEADING
        flow.op("center", PAGE_W / 2, y + 2, 9.5, line)
    if fd.subtitle:
        y -= 1
        one = f"{fd.subtitle['zh']} · {fd.subtitle['en']}"  # on one line when it fits
        lines = [one] if T.width(one, 8) <= WIDTH else T.wrap(fd.subtitle["zh"], 8, WIDTH) + T.wrap(fd.subtitle["en"], 8, WIDTH)
        for line in lines:
            y -= 8 * T.LEADING
            flow.op("center", PAGE_W / 2, y + 2, 8, line)
    flow.y = y - 6


def _fields_block(flow: _Flow, block) -> None:
    if block.title:
        flow.need(BAR + 24)
        _bar(flow, block.title)
    col_w = WIDTH / block.columns
    label_w = min(block.label_width * MM, col_w * 0.6)
    for row in block.rows():
        height = ROW
        for f, _ in row:
            height = max(height, _label_height(f.label, label_w - 2 * PAD),
                         T.block_height(f.lines, VALUE_SIZE) + 2 * PAD)
        flow.need(height)
        x = LEFT
        for f, span in row:
            w = col_w * span
            cell = (x, flow.y - height, x + w, flow.y)
            label_rect = (x, flow.y - height, x + label_w, flow.y)
            value_rect = (x + label_w, flow.y - height, x + w, flow.y)
            flow.lay.fields[f.id] = FieldBox(f.id, flow.page, cell, label_rect, value_rect, f.label)
            flow.op("cell", cell, label_rect, f.label, label_w)
            x += w
        flow.y -= height
    flow.y -= 4


def _text_block(flow: _Flow, block) -> None:
    if block.title:
        flow.need(BAR + 30)
        _bar(flow, block.title)
    flow.y -= 4
    indent = 14 if block.numbered else 0
    for i, para in enumerate(block.paragraphs, 1):
        zh = T.wrap(para["zh"], 9, WIDTH - indent - 4)
        en = T.wrap(para["en"], 7.8, WIDTH - indent - 4)
        height = len(zh) * 9 * T.LEADING + len(en) * 7.8 * T.LEADING + 4
        flow.need(height)
        y = flow.y
        if block.numbered:
            flow.op("text", LEFT + 2, y - 9, 9, f"{i}.", 0)
        for line in zh:
            y -= 9 * T.LEADING
            flow.op("text", LEFT + indent + 2, y + 1.5, 9, line, 0)
        for line in en:
            y -= 7.8 * T.LEADING
            flow.op("text", LEFT + indent + 2, y + 1.5, 7.8, line, 0.2)
        flow.y = y - 4
    flow.y -= 4


def _signatures_block(flow: _Flow, block) -> None:
    height = block.height * MM
    flow.need(height + (BAR if block.title else 0))
    if block.title:
        _bar(flow, block.title)
    total = sum(b.width for b in block.boxes)
    x = LEFT
    y0, y1 = flow.y - height, flow.y
    for b in block.boxes:
        w = WIDTH * b.width / total
        rect = (x, y0, x + w, y1)
        label_h = LABEL_ZH * T.LEADING + LABEL_EN * T.LEADING + PAD + 2 + (8 if b.hint else 0)
        date_y = y0 + 6
        date_rect = (x + PAD, date_y - 2, x + w - PAD, date_y + 10)
        top = y1 - label_h
        if b.role == "office":  # the agency's box: no /Sig field, a line for the clerk's name
            flow.op("office", x + PAD, date_y + 22, x + w - PAD)
            flow.op("sigbox", rect, b.label, b.hint, date_rect, b.date)
            x += w
            continue
        if b.role == "seal":
            d = min(40 * MM, top - (date_y + 14), w - 2 * PAD)
            cx, cy = x + w / 2, (top + date_y + 14) / 2
            sig_rect = (cx - d / 2, cy - d / 2, cx + d / 2, cy + d / 2)
            flow.op("circle", cx, cy, d / 2)
        else:
            line_y = date_y + 20
            sig_rect = (x + PAD, line_y, x + w - PAD, top - 1)
            flow.op("line", x + PAD + 2, line_y, x + w - PAD - 2, line_y)
        flow.op("sigbox", rect, b.label, b.hint, date_rect, b.date)
        flow.lay.boxes.append(SigPlace(b.name, b.role, b.label, flow.page, rect, sig_rect, date_rect))
        x += w
    flow.y = y0 - 8


@cache
def layout(form_id: str) -> Layout:
    """Where everything of a form goes (cached: it depends on the definition only)."""
    fd = load(form_id)
    lay = Layout(fd, 1)
    flow = _Flow(lay)
    _header(flow, fd)
    for block in fd.blocks:
        {"fields": _fields_block, "text": _text_block, "signatures": _signatures_block}[block.kind](flow, block)
    return lay


def signature_boxes(form_id: str) -> list[dict]:
    """Each signature or seal box of a form: {"name" (the /Sig field), "role" (signature |
    seal), "label" {"zh","en"}, "page" (0-based, within the form), "rect" (the area to put a
    signature or seal image in, (x0, y0, x1, y1) in PDF points from the page's bottom
    left), "frame" (the whole box), "date_rect" (the date line)}. The app places a drawn
    signature image in "rect"."""
    return [{"name": b.name, "role": b.role, "label": b.label, "page": b.page, "rect": b.sig_rect,
             "frame": b.rect, "date_rect": b.date_rect} for b in layout(form_id).boxes]


def person_boxes(form_id: str) -> list[dict]:
    """The boxes of `form_id` that the person signs."""
    return [b for b in signature_boxes(form_id) if signed_by_person(b["role"])]


def unsigned_boxes(form_id: str, signature: Signature | None) -> list[dict]:
    """The boxes that keep an empty /Sig field: all of them without a signature; with one,
    those the person does not sign (the employer's seal)."""
    return [b for b in signature_boxes(form_id) if signature is None or not signed_by_person(b["role"])]


def field_boxes(form_id: str) -> dict:
    """{field id: {"page", "rect" (whole cell), "value_rect", "label"}} in PDF points."""
    return {k: {"page": f.page, "rect": f.rect, "value_rect": f.value_rect, "label": f.label}
            for k, f in layout(form_id).fields.items()}


# --- drawing ------------------------------------------------------------------------------

@dataclass
class Drawn:
    """What drawing one form produced."""
    pages: int  # including addendum pages
    overflow: list  # field ids shown in full on the addendum
    missing_glyphs: set  # characters the font lacks


def _marker(k: int) -> str:
    return f"→ 见附页{k} / see addendum {k}"


def _fit_values(lay: Layout, vals: dict, lang: str | None):
    fits, overflow, missing = {}, [], set()
    for fid, box in lay.fields.items():
        text = show(vals.get(fid), lang)
        if not text:
            continue
        missing |= T.missing_glyphs(text)
        x0, y0, x1, y1 = box.value_rect
        fit = T.fit(text, x1 - x0 - 2 * PAD, y1 - y0 - 2 * PAD, VALUE_SIZE, VALUE_FLOOR,
                    _marker(len(overflow) + 1))
        if fit.overflow:
            overflow.append((fid, text))
        fits[fid] = fit
    return fits, overflow, missing


def _addendum_pages(lay: Layout, overflow: list) -> list[list]:
    """The addendum's lines, page by page: (kind, text) with kind head | value."""
    pages, cur, y = [], [], PAGE_H - TOP - 70
    for k, (fid, text) in enumerate(overflow, 1):
        label = lay.fields[fid].label
        items = [("head", f"{k}. {label['zh']}  {label['en']}")]
        items += [("value", line) for line in T.wrap(text, VALUE_SIZE, WIDTH - 16)]
        for kind, line in items:
            h = (10 if kind == "head" else VALUE_SIZE) * T.LEADING + (6 if kind == "head" else 0)
            if y - h < BOTTOM + 10:
                pages.append(cur)
                cur, y = [], PAGE_H - TOP - 70
            cur.append((kind, line))
            y -= h
        y -= 6
    if cur:
        pages.append(cur)
    return pages


def _bold(c, x, y, size, text, align="left"):
    if align == "center":
        x -= T.width(text, size) / 2
    t = c.beginText(x, y)
    t.setFont(T.FONT, size)
    t.setTextRenderMode(2)  # fill and stroke: a bolder stroke from the one face
    c.saveState()
    c.setLineWidth(size * 0.03)
    t.textOut(text)
    c.drawText(t)
    c.restoreState()


def _text(c, x, y, size, text, grey=0.0):
    c.setFillGray(grey)
    c.setFont(T.FONT, size)
    c.drawString(x, y, text)
    c.setFillGray(0)


def _draw_op(c, kind, args):
    if kind == "text":
        _text(c, *args)
    elif kind == "text_right":
        x, y, size, text, grey = args
        _text(c, x - T.width(text, size), y, size, text, grey)
    elif kind == "center":
        x, y, size, text = args
        _text(c, x - T.width(text, size) / 2, y, size, text)
    elif kind == "bold_center":
        _bold(c, *args, align="center")
    elif kind == "bar":
        x, y, w, h, title = args
        c.setFillGray(GREY_BAR)
        c.rect(x, y, w, h, stroke=1, fill=1)
        c.setFillGray(0)
        _bold(c, x + PAD + 1, y + 4, 9, title)
    elif kind == "cell":
        (x0, y0, x1, y1), (lx0, ly0, lx1, ly1), label, label_w = args
        c.setFillGray(GREY_LABEL)
        c.rect(lx0, ly0, lx1 - lx0, ly1 - ly0, stroke=0, fill=1)
        c.setFillGray(0)
        c.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
        c.line(lx1, ly0, lx1, ly1)
        zh, en = _label_lines(label, label_w - 2 * PAD)
        n_h = (len(zh) * LABEL_ZH + len(en) * LABEL_EN) * LABEL_LEADING
        y = (y0 + y1) / 2 + n_h / 2
        for line in zh:
            y -= LABEL_ZH * LABEL_LEADING
            _text(c, lx0 + PAD, y + 1.6, LABEL_ZH, line)
        for line in en:
            y -= LABEL_EN * LABEL_LEADING
            _text(c, lx0 + PAD, y + 1.2, LABEL_EN, line, 0.25)
    elif kind == "line":
        c.line(*args)
    elif kind == "circle":
        cx, cy, r = args
        c.saveState()
        c.setStrokeGray(0.6)
        c.setDash(3, 3)
        c.circle(cx, cy, r, stroke=1, fill=0)
        c.restoreState()
    elif kind == "office":
        x0, y, x1 = args
        _text(c, x0, y, 8, "经办人 Handled by:")
        c.line(x0 + T.width("经办人 Handled by:", 8) + 4, y - 1.5, x1 - 2, y - 1.5)
    elif kind == "sigbox":
        (x0, y0, x1, y1), label, hint, date_rect, with_date = args
        c.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
        _text(c, x0 + PAD, y1 - LABEL_ZH - 2, LABEL_ZH, label["zh"])
        _text(c, x0 + PAD, y1 - LABEL_ZH - LABEL_EN - 4, LABEL_EN, label["en"], 0.25)
        if hint:
            h = f"{hint['zh']} · {hint['en']}"
            size = 6
            while size > 4.5 and T.width(h, size) > x1 - x0 - 2 * PAD:
                size -= 0.25
            _text(c, x0 + PAD, y1 - LABEL_ZH - LABEL_EN - 12, size, h, 0.45)
        if with_date:
            _text(c, date_rect[0], date_rect[1] + 2, 8, DATE_LABEL)
            for x0, x1, base, unit in date_segments(date_rect):
                c.line(x0, base - 1.5, x1, base - 1.5)
                _text(c, x1 + 1, base, 8, unit)


def _footer(c, fd: FormDef, page: int, total: int) -> None:
    y = BOTTOM - 10
    _text(c, LEFT, y, 6.5, f"{fd.code} v{fd.version} · {fd.title['zh']}", 0.4)
    right = f"第 {page} 页 / 共 {total} 页 · Page {page} of {total}"
    _text(c, PAGE_W - RIGHT - T.width(right, 6.5), y, 6.5, right, 0.4)


def _continuation(c, fd: FormDef) -> None:
    line = f"{fd.title['zh']}（续）  {fd.title['en']} (continued)"
    size = 8
    while T.width(line, size) > WIDTH and size > 5:
        size -= 0.5
    _text(c, LEFT, PAGE_H - TOP - 8, size, line, 0.3)


def draft_stamp(c, w: float = PAGE_W, h: float = PAGE_H) -> None:
    """DRAFT / 草稿 across the page, translucent, so nothing under it is hidden."""
    c.saveState()
    c.setFillColorRGB(0.85, 0.1, 0.1, alpha=0.22)
    c.translate(w / 2, h / 2)
    c.rotate(35)
    text = "草稿  DRAFT"
    size = min(w, h) / 5.5
    c.setFont(T.FONT, size)
    c.drawString(-T.width(text, size) / 2, -size / 3, text)
    c.restoreState()


def draw_form(c, form_id: str, case: dict, law: Law | dt.date, lang: str | None = None,
              draft: bool = False, signature=None) -> Drawn:
    """Draw a filled form onto reportlab canvas `c`, starting on a fresh page; returns the
    number of pages drawn (form and addendum) and which fields went to the addendum.
    `signature` (forms.fill.signature.Signature): drawn in the person's signature boxes."""
    lay = layout(form_id)
    fd = lay.form
    vals = form_values(case, fd, law)
    fits, overflow, missing = _fit_values(lay, vals, lang)
    addendum = _addendum_pages(lay, overflow)
    total = lay.pages + len(addendum)
    T.font()
    for page in range(lay.pages):
        c.setLineWidth(0.6)
        if page:
            _continuation(c, fd)
        for p, kind, args in lay.ops:
            if p == page:
                _draw_op(c, kind, args)
        if overflow and page == 0:
            note = f"本表有附页 {len(addendum)} 页 · with {len(addendum)} addendum page(s)"
            right = PAGE_W - RIGHT - T.width(f"{fd.code} · v{fd.version}", 7) - 12
            _bold(c, right - T.width(note, 7), PAGE_H - TOP - 7, 7, note)
        for fid, fit in fits.items():
            box = lay.fields[fid]
            if box.page == page:
                _draw_value(c, box, fit)
        if signature is not None:
            for box in lay.boxes:
                if box.page == page and signed_by_person(box.role):
                    draw_in_box(c, signature, box.sig_rect, box.date_rect)
        _footer(c, fd, page + 1, total)
        if draft:
            draft_stamp(c)
        c.showPage()
    for i, lines in enumerate(addendum):
        _draw_addendum_page(c, fd, vals, lang, lines, lay.pages + i + 1, total, first=(i == 0))
        if draft:
            draft_stamp(c)
        c.showPage()
    return Drawn(total, [fid for fid, _ in overflow], missing)


def _draw_value(c, box: FieldBox, fit: T.Fit) -> None:
    x0, y0, x1, y1 = box.value_rect
    size = fit.size
    h = T.block_height(len(fit.lines), size)
    top = (y0 + y1) / 2 + h / 2  # centred vertically
    c.setFont(T.FONT, size)
    for i, line in enumerate(fit.lines):
        _value_line(c, x0 + PAD, top - T.ascent() * size - i * size * T.LEADING, size, line)


CHECKED, UNCHECKED = "■", "□"
BOX_SIDE, BOX_LINE = 0.55, 0.07  # a tick box's side and stroke, as fractions of the font size


def _value_line(c, x: float, y: float, size: float, line: str) -> None:
    """One line of a value. Tick boxes are drawn as squares of one size and stroke, the
    checked one filled (the font's □ is much smaller than its ■); the glyphs stay in the
    text, invisible, so the text still reads ■ and □."""
    if CHECKED not in line and UNCHECKED not in line:
        c.drawString(x, y, line)
        return
    t = c.beginText(x, y)
    t.setFont(T.FONT, size)
    squares, run, done = [], "", ""
    for ch in line:
        if ch in (CHECKED, UNCHECKED):
            t.setTextRenderMode(0)
            t.textOut(run)
            done += run
            run = ""
            t.setTextRenderMode(3)  # invisible
            t.textOut(ch)
            squares.append((x + T.width(done, size) + (T.width(ch, size) - BOX_SIDE * size) / 2, ch == CHECKED))
            done += ch
        else:
            run += ch
    t.setTextRenderMode(0)
    t.textOut(run)
    c.drawText(t)
    side = BOX_SIDE * size
    c.saveState()
    c.setLineWidth(BOX_LINE * size)
    for bx, checked in squares:
        c.rect(bx, y - 0.02 * size, side, side, stroke=1, fill=1 if checked else 0)
    c.restoreState()


def _draw_addendum_page(c, fd, vals, lang, lines, page, total, first) -> None:
    y = PAGE_H - TOP
    _text(c, LEFT, y - 7, 7, "深圳市社会保险 · Shenzhen Social Insurance", 0.35)
    _text(c, PAGE_W - RIGHT - T.width(f"{fd.code} · v{fd.version}", 7), y - 7, 7, f"{fd.code} · v{fd.version}", 0.35)
    _bold(c, PAGE_W / 2, y - 30, 14, "附页" + ("" if first else "（续）") + "  Addendum" + ("" if first else " (continued)"), "center")
    title = f"《{fd.title['zh']}》 · {fd.title['en']}"
    size = 8
    while T.width(title, size) > WIDTH and size > 5:
        size -= 0.5
    _text(c, PAGE_W / 2 - T.width(title, size) / 2, y - 44, size, title)
    who = f"申请人 Applicant: {show(vals.get('name'), lang)}"
    if vals.get("id_number"):
        who += f" · 证件号码 Document no.: {show(vals.get('id_number'), lang)}"
    _text(c, LEFT, y - 58, 8, who, 0.2)
    c.line(LEFT, y - 63, PAGE_W - RIGHT, y - 63)
    y -= 70
    for kind, line in lines:
        if kind == "head":
            y -= 6 + 10 * T.LEADING
            _bold(c, LEFT, y + 2, 9.5, line)
        else:
            y -= VALUE_SIZE * T.LEADING
            _text(c, LEFT + 16, y + 2, VALUE_SIZE, line)
    note = "本附页为本表的组成部分。 This addendum forms part of the form."
    _text(c, LEFT, BOTTOM + 2, 7, note, 0.35)
    _footer(c, fd, page, total)


# --- whole documents ----------------------------------------------------------------------

def new_canvas(buf, title: str, subject: str, lang_tag: str = "zh-CN"):
    """A reportlab canvas with the document metadata set (title, subject, language)."""
    from reportlab.pdfgen import canvas

    # the initial font is ours, or reportlab would list an unembedded Helvetica on every page
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, lang=lang_tag,
                      initialFontName=T.font(), initialFontSize=10)
    c.setTitle(title)
    c.setSubject(subject)
    c.setAuthor("Shebao Desk")
    c.setCreator("Shebao Desk")
    return c


def form_title(fd: FormDef) -> str:
    return f"{fd.title['zh']} {fd.title['en']}"


def render_pages(case: dict, form_id: str, law: Law | dt.date, lang: str | None = None,
                 draft: bool = False, signature=None) -> tuple[bytes, Drawn]:
    """The form as PDF bytes without signature fields, and what drawing produced."""
    fd = load(form_id)
    buf = io.BytesIO()
    c = new_canvas(buf, form_title(fd), f"{fd.subject['zh']} {fd.subject['en']}")
    c.setKeywords(f"{fd.code} v{fd.version} Shebao Desk")
    drawn = draw_form(c, form_id, case, law, lang, draft, signature)
    c.save()
    return buf.getvalue(), drawn


def render_form(case: dict, form_id: str, law: Law | dt.date, lang: str | None = None,
                draft: bool = False, signature=None) -> bytes:
    """One filled form as a signable PDF: every signature and seal box carries an empty
    /Sig field (pyHanko), named as in signature_boxes(form_id). `lang` None draws the
    values in both languages (dates, countries, choices); "zh" or "en" in one.
    `signature` (forms.fill.signature.Signature, signed in the app): its image in the person's
    signature box, whose /Sig field is then left out (the box is signed); a seal box keeps
    its field."""
    from forms.fill.sigfields import add_signature_fields

    pdf, _ = render_pages(case, form_id, law, lang, draft, signature)
    return add_signature_fields(pdf, [(b["name"], b["page"], b["rect"])
                                      for b in unsigned_boxes(form_id, signature)])
