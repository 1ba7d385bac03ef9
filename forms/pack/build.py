"""The submission pack: one PDF in the order a counter wants it.

    cover sheet (who, procedure, channel, date, checklist with status and start page)
    the filled forms (with empty /Sig fields over their signature and seal boxes)
    each attached scan, in requirement order (forms/pack/scans.py: image bytes as they are)

with a bookmark for every section and "n / N" on every page (and DRAFT / 草稿 for a
draft). Numbers and the draft mark are stamped as a small form XObject added to each
page's content, so no image stream is decoded or rewritten.

The app calls `build_pack`; `shebao pack` is a thin wrapper around it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from forms.common.i18n import N_, bi, bi_n
from forms.law.ruleset import Law, as_law

STAMP = "/SBDStamp"


class PackRefused(ValueError):
    """The case has blockers and no draft was asked for. `.report` holds them."""

    def __init__(self, report):
        self.report = report
        n = sum(f.severity == "blocker" for f in report.findings)
        self.message = bi(N_("The case has {count} to resolve first; or make a draft (marked DRAFT on every page)."),
                          count=bi_n("{n} blocker", "{n} blockers", n))
        super().__init__(self.message["en"])


@dataclass
class Section:
    kind: str  # cover | form | attachment | placeholder
    title: dict  # {"zh", "en"}
    start: int  # first page, 0-based
    pages: int
    requirement: str | None = None
    file: str | None = None
    form: str | None = None


@dataclass
class PackResult:
    path: Path
    pages: int
    sections: list[Section]
    problems: list[dict] = field(default_factory=list)  # bilingual: files shown as placeholders
    draft: bool = False
    report: object = None


def _progress(cb, done, total, what):
    if cb:
        cb(done, total, what)  # the app may raise here to cancel: nothing is written


def build_pack(case: dict, law: Law | dt.date, out_path, draft: bool = False, progress=None,
               lang: str | None = None, extra_findings=(), signature=None, report=None) -> PackResult:
    """Assemble the pack of `case` for submission under `law` (or on a date) and write it to `out_path`
    (owner-only). The verdict is the one `check` gives: `report`, or
    build_report(case, law, extra_findings, inspect=True) (the file inspection answers from
    its cache; file findings among `extra_findings` are left to it). Refuses a case that is
    not ready (PackRefused) unless `draft`, which stamps DRAFT / 草稿 on every page and puts
    a page naming the blocking findings before each blocked file (forms/pack/files.py).
    `progress(done, total, what)` is called as work proceeds; raising from it cancels.
    `lang` None fills the forms' values in both languages. Returns the page index of every
    section (PackResult.sections), and the texts of those pages (PackResult.problems).
    `signature` (forms.fill.signature.Signature, signed in the app) goes into the person's
    box of each form, which then has no empty /Sig field; without it every box has one."""
    from pypdf import PdfReader, PdfWriter

    from forms.pack import cover
    from forms.pack.files import draw_notice, plan
    from forms.pack.scans import add_jpeg_page
    from forms.fill.write import private_dir, write_private
    from forms.fill.render_pdf import draw_form, layout, new_canvas
    from forms.fill.render_pdf import unsigned_boxes
    from forms.verdict.report import build_report
    from forms.fill.sigfields import add_to_writer

    law = as_law(law)
    if report is None:
        extra = [f for f in extra_findings if not getattr(f, "file", None)]
        report = build_report(case, law, extra, inspect=True)
    if not report.ready and not draft:
        raise PackRefused(report)
    reqs = report.requirements
    form_reqs = [r for r in reqs if r.form]
    attached = [(r, a) for r in reqs for a in report.attachments_for(r.id)]
    total_steps = len(form_reqs) + len(attached) + 3
    step = 0
    _progress(progress, step, total_steps, "report")

    # 1. every attached file -> its pages, with a page saying what blocks it (drafts)
    def opened(att):
        nonlocal step
        step += 1
        _progress(progress, step, total_steps, att.get("label") or att["path"])
    entries = plan(report, case, attached, draft, opened)
    not_included = {e.req.id for e in entries if e.source is None}

    # 2. the cover, laid out first: its page count fixes every later page number
    rows = [{"n": i, "title": req.title["zh"], "en": req.title["en"], "note": cover.note_for(req),
             "status": cover.status_text("placeholder" if req.id in not_included else report.status(req),
                                         req.form, signature),
             "page_key": req.id} for i, req in enumerate(reqs, 1)]
    retain = None
    if case.get("procedure") == "departure" and (case.get("departure") or {}).get("choice") == "retain":
        retain = _retain_items(case, law)
    ops, cover_pages = cover.layout(report, rows, cover.info_rows(case, report), retain, draft)

    # 3. where every section starts
    counts = _form_page_counts(case, law, [r.form for r in form_reqs], lang)
    sections = [Section("cover", bi(N_("Cover and checklist")), 0, cover_pages)]
    starts, page = {}, cover_pages
    for req, n in zip(form_reqs, counts):
        starts[req.id] = page + 1
        sections.append(Section("form", dict(layout(req.form).form.title), page, n, req.id, form=req.form))
        page += n
    for e in entries:
        req = e.req
        starts.setdefault(req.id, page + 1)
        title = {"zh": f"{req.title['zh']}：{e.name}", "en": f"{req.title['en']}: {e.name}"}
        if e.notice:
            sections.append(Section("placeholder", title, page, 1, req.id, file=e.att["path"]))
            page += 1
        if e.source is not None:
            sections.append(Section("attachment", title, page, e.source.pages, req.id, file=e.att["path"]))
            page += e.source.pages
    total = page

    # 4. cover, forms and notice pages in one document: one font subset for all
    buf = io.BytesIO()
    c = new_canvas(buf, cover_title(case), _subject(case))
    cover.draw(c, ops, cover_pages, starts, law.on)
    for req in form_reqs:
        draw_form(c, req.form, case, law, lang, draft=False, signature=signature)  # the stamp marks drafts
        step += 1
        _progress(progress, step, total_steps, req.form)
    for e in entries:
        if e.notice:
            draw_notice(c, e)
    digits = _number_glyphs(c)  # a last page that is not used: the digits in the pack's font
    c.save()
    base = PdfReader(buf)

    # 5. assemble: cover + forms, then each file (after its notice), in requirement order
    writer = PdfWriter()
    n_fixed = cover_pages + sum(counts)
    for i in range(n_fixed):
        writer.add_page(base.pages[i])
    notice_index = n_fixed
    problems = []
    for e in entries:
        if e.notice:
            writer.add_page(base.pages[notice_index])
            notice_index += 1
            problems += e.notice
        src = e.source
        if src is None:
            continue
        if src.kind == "jpeg":
            add_jpeg_page(writer, src)
        else:
            for p in src.reader.pages:
                writer.add_page(p)
    assert len(writer.pages) == total, (len(writer.pages), total)

    # 6. signature fields, bookmarks, page numbers, metadata
    specs = []  # field names carry the form id: one pack holds several applicant boxes
    for s in sections:
        if s.kind == "form":
            specs += [(f"{s.form}_{b['name']}", s.start + b["page"], b["rect"]) for b in unsigned_boxes(s.form, signature)]
    add_to_writer(writer, specs)
    _outline(writer, sections)
    _stamp(writer, draft, digits, base.pages[len(base.pages) - 1]["/Resources"]["/Font"])
    writer.add_metadata({"/Title": cover_title(case), "/Subject": _subject(case), "/Author": "Shebao Desk",
                         "/Creator": "Shebao Desk"})
    from pypdf.generic import NameObject, TextStringObject
    writer._root_object[NameObject("/Lang")] = TextStringObject("zh-CN")
    writer.page_mode = "/UseOutlines"
    out_path = Path(out_path)
    private_dir(out_path.parent)
    write_private(out_path, writer.write)  # straight into the file: no copy of the pack in memory
    step += 1
    _progress(progress, step, total_steps, "write")
    _progress(progress, total_steps, total_steps, "done")
    return PackResult(out_path, total, sections, problems, draft, report)


def _form_page_counts(case, law, form_ids, lang) -> list[int]:
    """Pages each form takes (its own pages plus any addendum), without drawing."""
    from forms.fill.values import values as form_values
    from forms.fill.render_pdf import _addendum_pages, _fit_values, layout

    out = []
    for form_id in form_ids:
        lay = layout(form_id)
        _, overflow, _ = _fit_values(lay, form_values(case, lay.form, law), lang)
        out.append(lay.pages + len(_addendum_pages(lay, overflow)))
    return out


def cover_title(case: dict) -> str:
    from forms.case.model import full_name
    t = bi(N_("Submission pack"))
    return f"{t['zh']} {t['en']} – {full_name(case)}".strip(" –")


def _subject(case: dict) -> str:
    t = bi(N_("registration")) if case.get("procedure") == "registration" else bi(N_("settlement upon departure"))
    return f"{t['zh']} {t['en']}"


def _retain_items(case, law) -> list[dict]:
    """For a person who keeps the account: the number, the consequences of retaining
    (departure.toml) and the yearly pension-eligibility verification (guideline VII), as
    the engine's guidance gives them."""
    from forms.case.model import get
    from forms.law.guidance import guidance

    number = get(case, "social_security.number") or "—"
    items = [bi(N_("Keep your social security number: {number}"), number=number)]
    for row in law.rows("choice"):
        if row["id"] == "retain":
            items += list(row["consequences"])
    for section in guidance(case, law):
        if section.id == "verification":
            items += [section.title] + section.lines
    return items


def _outline(writer, sections) -> None:
    def title(t):
        return t["zh"] if t["zh"] == t["en"] else f"{t['zh']} {t['en']}"
    forms = bi(N_("Forms"))
    scans = bi(N_("Attachments"))
    parent_forms = parent_scans = None
    for s in sections:
        if s.kind == "cover":
            writer.add_outline_item(title=title(s.title), page_number=s.start)
        elif s.kind == "form":
            if parent_forms is None:
                parent_forms = writer.add_outline_item(title=title(forms), page_number=s.start)
            writer.add_outline_item(title=title(s.title), page_number=s.start, parent=parent_forms)
        else:
            if parent_scans is None:
                parent_scans = writer.add_outline_item(title=title(scans), page_number=s.start)
            writer.add_outline_item(title=title(s.title), page_number=s.start, parent=parent_scans)


def _visual(page) -> tuple:
    """(rotation, x0, y0, x1, y1, visual width, visual height) of a page."""
    box = page.cropbox
    x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)
    rot = int(page.get("/Rotate", 0) or 0) % 360
    w, h = x1 - x0, y1 - y0
    return rot, x0, y0, x1, y1, (h if rot in (90, 270) else w), (w if rot in (90, 270) else h)


def _to_user(rot, x0, y0, x1, y1) -> list:
    """The matrix from the upright (as displayed) page to the page's user space."""
    return {0: [1, 0, 0, 1, x0, y0], 90: [0, 1, -1, 0, x1, y0],
            180: [-1, 0, 0, -1, x1, y1], 270: [0, -1, 1, 0, x0, y1]}.get(rot, [1, 0, 0, 1, x0, y0])


NUMBER_CHARS = "0123456789 /"


def _number_glyphs(c) -> dict:
    """Draw the characters of "n / N" on a page of their own (left out of the pack), so that
    the font subset of the cover and forms holds them; return how each is written:
    {char: (font resource name, code)}."""
    from reportlab.pdfbase import pdfmetrics

    from forms.fill import pdftext as T

    c.setFont(T.font(), 8)
    c.drawString(72, 72, NUMBER_CHARS)
    font = pdfmetrics.getFont(T.FONT)
    out = {}
    for ch in NUMBER_CHARS:
        [(subset, code)] = font.splitString(ch, c._doc)
        out[ch] = (font.getSubsetInternalName(subset, c._doc), code)
    c.showPage()
    return out


def _number_ops(text: str, digits: dict) -> str:
    """Text-showing operators of `text` in the subset font(s) of `digits`."""
    ops, current = [], None
    for ch in text:
        name, code = digits[ch]
        if name != current:
            ops.append(f"{name} 8 Tf")
            current = name
        ops.append(f"<{code.hex()}> Tj")
    return " ".join(ops)


def _stamp(writer, draft: bool, digits: dict, fonts) -> None:
    """"n / N" at the foot of every page (and DRAFT across it), as a form XObject drawn
    after the page's own content; the page's images are not touched. The numbers are
    written as content directly, in the embedded font subset of the cover and forms
    (`digits`, `fonts`: _number_glyphs), with no canvas to parse back; the DRAFT mark is
    drawn once per page size and shared."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    from forms.fill import pdftext as T
    from forms.fill.render_pdf import BOTTOM

    pages = list(writer.pages)
    total = len(pages)
    font_ref = writer._add_object(fonts.get_object().clone(writer))
    q, big_q = DecodedStreamObject(), DecodedStreamObject()
    q.set_data(b"q\n")
    big_q.set_data(b"\nQ\n")
    q_ref, big_q_ref = writer._add_object(q), writer._add_object(big_q)
    resources = {}  # page size -> the stamp's resources (font, and the DRAFT mark of that size)
    y = BOTTOM - 10
    for i, page in enumerate(pages):
        g = _visual(page)
        w, h = g[5], g[6]
        key = (round(w, 2), round(h, 2))
        if key not in resources:
            res = DictionaryObject({NameObject("/Font"): font_ref})
            if draft:
                res[NameObject("/XObject")] = DictionaryObject({NameObject("/SBDDraft"): _draft_mark(writer, w, h)})
            resources[key] = writer._add_object(res)
        text = f"{i + 1} / {total}"
        tw = T.width(text, 8)
        ops = (f"q 1 g {w / 2 - tw / 2 - 4:.2f} {y - 3:.2f} {tw + 8:.2f} 12 re f Q "
               f"BT 0 g {w / 2 - tw / 2:.2f} {y:.2f} Td {_number_ops(text, digits)} ET")
        if draft:
            ops += " /SBDDraft Do"
        xo = DecodedStreamObject()
        xo.set_data(ops.encode("ascii"))
        xo.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(w), FloatObject(h)]),
            NameObject("/Resources"): resources[key],
        })
        xo_ref = writer._add_object(xo)
        res = page.get("/Resources")
        res = DictionaryObject(res.get_object()) if res is not None else DictionaryObject()
        xobjects = res.get("/XObject")
        xobjects = DictionaryObject(xobjects.get_object()) if xobjects is not None else DictionaryObject()
        xobjects[NameObject(STAMP)] = xo_ref
        res[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = res
        m = " ".join(f"{v:g}" for v in _to_user(*g[:5]))
        call = DecodedStreamObject()
        call.set_data(f"q {m} cm {STAMP} Do Q\n".encode())
        contents = page.get("/Contents")
        old = []
        if contents is not None:
            obj = contents.get_object()
            old = list(obj) if isinstance(obj, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([q_ref, *old, big_q_ref, writer._add_object(call)])


def _draft_mark(writer, w: float, h: float):
    """A form XObject of DRAFT / 草稿 across a w × h page (drawn by reportlab, once)."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    from forms.fill.render_pdf import draft_stamp, new_canvas

    buf = io.BytesIO()
    c = new_canvas(buf, "stamp", "stamp")
    c.setPageSize((w, h))
    draft_stamp(c, w, h)
    c.showPage()
    c.save()
    sp = PdfReader(buf).pages[0]
    xo = DecodedStreamObject()
    xo.set_data(sp.get_contents().get_data())
    xo.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(w), FloatObject(h)]),
        NameObject("/Resources"): sp["/Resources"].get_object().clone(writer),
    })
    return writer._add_object(xo)
