"""What a digital signature shows on the page (`shebao sign`): the stamp text inside the
signature field at a legible size, or no text when it cannot be legible, and the signing
date written on the box's date line.

The date line is page content, outside the field. The date goes there as a print-visible
stamp annotation added in the signature's own revision, so the page content stays as it
was signed by anyone before (an added annotation is allowed after a signature; a changed
page is not). Where the date line is comes from the form's layout: the field's rectangle
is matched against the layout's signature boxes, so a PDF that is not one of our forms
gets no date.
"""

from __future__ import annotations

import datetime as dt
import textwrap

STAMP_SIZE, STAMP_FLOOR = 7, 6  # pt: the stamp text's size, and the smallest legible (pyHanko wants whole points)
COURIER = 0.6  # advance of pyHanko's default font (Courier), in em
MARGIN = 2.0
LEADING = 1.2


def stamp_lines(signer: str, when: str, rect: tuple) -> tuple[int, list[str]]:
    """(size, lines) of the stamp text for a field of `rect`: from STAMP_SIZE down to
    STAMP_FLOOR, the signer's name wrapped to the width; (0, []) when not even the first
    line and the date fit legibly: the stamp then has no text."""
    w, h = rect[2] - rect[0] - 2 * MARGIN, rect[3] - rect[1] - 2 * MARGIN
    size = STAMP_SIZE
    while size >= STAMP_FLOOR:
        per_line, rows = int(w // (COURIER * size)), int(h // (size * LEADING))
        date = textwrap.wrap(when, per_line) if per_line else []
        if per_line >= 10 and rows > len(date):
            head = textwrap.wrap(f"Digitally signed by {signer}" if signer else "Digitally signed", per_line)
            if len(head) + len(date) > rows:  # the name shortened, the date whole
                head = head[:rows - len(date)]
                head[-1] = head[-1][:per_line - 3] + "..."  # ASCII: the stamp font is Courier
            return size, head + date
        size -= 1
    return 0, []


def stamp_style(signer: str, when: str, rect: tuple):
    """The pyHanko stamp style for a field: text at a legible size, never scaled down."""
    size, lines = stamp_lines(signer, when, rect)
    return _style("\n".join(lines), size or STAMP_FLOOR, MARGIN)


def _style(text: str, size: int, margin: float):
    """A pyHanko text stamp of `text` at exactly `size` points (never scaled), left and
    vertically centred, `margin` from the edges."""
    from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    def rule(m):
        return SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MID,
                                   margins=Margins.uniform(m), inner_content_scaling=InnerScaling.NO_SCALING)
    box = TextBoxStyle(font_size=size, leading=round(size * LEADING), box_layout_rule=rule(0))
    return TextStampStyle(stamp_text=text.replace("%", "%%"), border_width=0, inner_content_layout=rule(margin),
                          text_box_style=box)


def date_rect_for(field: str, rect: tuple) -> tuple | None:
    """The date line of the signature box whose field is `field` (a form's box name, or
    "<form>_<name>" in a pack) with this rectangle; None if no form has such a box."""
    from forms.fill.formdefs import FORM_IDS
    from forms.fill.render_pdf import signature_boxes

    for form_id in FORM_IDS:
        for b in signature_boxes(form_id):
            if field in (b["name"], f"{form_id}_{b['name']}") and \
                    all(abs(a - c) < 0.5 for a, c in zip(b["rect"], rect)):
                return b["date_rect"]
    return None


def add_date(writer, page_ref, date_rect: tuple, on: dt.date) -> None:
    """Write `on` on the year, month and day lines of a box's date line: one stamp
    annotation (print-visible) per number, in the writer's pending revision."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.stamp import TextStamp

    from forms.fill.signature import date_segments

    size = 9
    page = page_ref.get_object()
    annots = page.get("/Annots")
    if annots is None:
        annots = generic.ArrayObject()
        page[pdf_name("/Annots")] = annots
        writer.update_container(page)
    else:
        annots = annots.get_object()
        writer.update_container(annots if isinstance(page.raw_get("/Annots"), generic.IndirectObject) else page)
    for (x0, x1, base, _unit), value in zip(date_segments(date_rect), (on.year, on.month, on.day)):
        text = str(value)
        w, h = int(len(text) * COURIER * size) + 3, int(size * LEADING) + 4
        stamp = TextStamp(writer, _style(text, size, 1), box=BoxConstraints(width=w, height=h))
        x = (x0 + x1 - w) / 2
        annot = generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Stamp"),
            pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (x, base - 2, x + w, base - 2 + h)]),
            pdf_name("/F"): generic.NumberObject(4 | 128),  # print, locked
            pdf_name("/Contents"): generic.TextStringObject(text),
            pdf_name("/P"): page_ref,
            pdf_name("/AP"): stamp.as_appearances().as_pdf_object(),
        })
        annots.append(writer.add_object(annot))
