"""The pack's cover sheet: who, which procedure, channel, date, and the checklist (every
requirement with its status and the page where it starts), then open issues, and for
`retain` what to keep instead of forms. Bilingual on the page (catalog strings, bi()).

Laid out first without page numbers (they do not change the layout), so the pack knows
how many pages the cover takes before it numbers anything.
"""

from __future__ import annotations

from forms.fill import pdftext as T
from forms.common.i18n import N_, bi, bi_n, format_date
from forms.fill.render_pdf import BOTTOM, LEFT, MM, PAGE_H, TOP, WIDTH, _bold, _text

STATUS = {
    "attached": N_("Attached"),
    "form": N_("Filled in: sign, date or seal it"),
    "missing": N_("Missing"),
    "problem": N_("Problem: see open issues"),
    "placeholder": N_("Not included: see its page"),
}
MAX_ISSUES = 14


def _both(msg: str, **params) -> str:
    t = bi(msg, **params)
    return t["zh"] if t["zh"] == t["en"] else f"{t['zh']} {t['en']}"


def _pair(text: dict | str) -> str:
    if isinstance(text, str):
        return text
    return text["zh"] if text["zh"] == text["en"] else f"{text['zh']} {text['en']}"


class _Ops:
    def __init__(self):
        self.ops, self.page, self.y = [], 0, PAGE_H - TOP

    def need(self, h):
        if self.y - h < BOTTOM:
            self.page += 1
            self.y = PAGE_H - TOP - 10

    def add(self, *op):
        self.ops.append((self.page, *op))


def layout(report, rows: list[dict], info: list[tuple], retain: list | None, draft: bool):
    """rows: {"n", "title", "en", "note", "status", "page_key"}; returns (ops, pages)."""
    o = _Ops()
    o.add("bold", LEFT, o.y - 20, 16, _both(N_("Submission pack")))
    o.y -= 30
    # who / what / where / when, two pairs a line
    label_w, col = 34 * MM, WIDTH / 2
    for i in range(0, len(info), 2):
        pair = info[i:i + 2]
        w = col if len(pair) == 2 else WIDTH  # a last cell alone takes the whole line
        cells = [(label, T.wrap(value, 9, w - label_w - 6)) for label, value in pair]
        h = max([20] + [len(lines) * 9 * T.LEADING + 8 for _, lines in cells])
        o.need(h)
        for j, (label, lines) in enumerate(cells):
            o.add("cell", LEFT + j * col, o.y - h, w, h, label, lines, label_w)
        o.y -= h
    o.y -= 10
    # the checklist
    widths = (16, WIDTH - 16 - 130 - 44, 130, 44)
    heads = ["#", _both(N_("Document")), _both(N_("Status")), _both(N_("Page"))]
    o.need(30)
    o.add("bar", LEFT, o.y - 14, WIDTH, 14, _both(N_("Checklist")))
    o.y -= 14
    o.add("row", o.y - 14, widths, [[h] for h in heads], True)
    o.y -= 14
    for r in rows:
        cells = [[str(r["n"])],
                 T.wrap(r["title"], 9, widths[1] - 6) + [("en", x) for x in T.wrap(r["en"], 7.2, widths[1] - 6)]
                 + [("note", x) for x in T.wrap(r["note"], 6.5, widths[1] - 6) if r["note"]],
                 T.wrap(r["status"], 8, widths[2] - 6),
                 [("page", r["page_key"])]]
        h = max(16, sum(_line_h(x) for x in cells[1]) + 6, len(cells[2]) * 8 * T.LEADING + 6)
        o.need(h)
        o.add("row", o.y - h, widths, cells, False)
        o.y -= h
    o.y -= 10
    issues = [f for f in report.findings if f.severity in ("blocker", "warning")]
    if issues:
        o.need(40)
        o.add("bar", LEFT, o.y - 14, WIDTH, 14, _both(N_("Open issues")))
        o.y -= 18
        sev = {"blocker": _both(N_("BLOCKER")), "warning": _both(N_("WARNING"))}
        for f in issues[:MAX_ISSUES]:
            lines = T.wrap(f"{sev[f.severity]}: {f.message['zh']}", 8, WIDTH - 8) + \
                [("en", x) for x in T.wrap(f.message["en"], 7.2, WIDTH - 8)]
            h = sum(_line_h(x) for x in lines) + 4
            o.need(h)
            o.add("lines", LEFT + 4, o.y, lines)
            o.y -= h
        if len(issues) > MAX_ISSUES:
            o.need(12)
            o.add("lines", LEFT + 4, o.y, [_both(N_("… and {count} more: run shebao check."),
                                                 count=len(issues) - MAX_ISSUES)])
            o.y -= 12
        o.y -= 8
    if retain:
        o.need(40)
        o.add("bar", LEFT, o.y - 14, WIDTH, 14, _both(N_("Retaining the account: what to keep and know")))
        o.y -= 18
        for item in retain:
            lines = T.wrap("• " + item["zh"], 9, WIDTH - 8) + [("en", x) for x in T.wrap("  " + item["en"], 7.5, WIDTH - 8)]
            h = sum(_line_h(x) for x in lines) + 4
            o.need(h)
            o.add("lines", LEFT + 4, o.y, lines)
            o.y -= h
    return o.ops, o.page + 1


def _line_h(line) -> float:
    if isinstance(line, tuple):
        return {"en": 7.2, "note": 6.5, "page": 9}[line[0]] * T.LEADING
    return 9 * T.LEADING


def draw(c, ops, pages: int, page_numbers: dict, on) -> None:
    """Draw the laid-out cover; page_numbers maps a row's page_key to its first page (1-based)."""
    T.font()
    for page in range(pages):
        c.setLineWidth(0.6)
        for p, kind, *args in ops:
            if p != page:
                continue
            if kind == "bold":
                _bold(c, *args)
            elif kind == "bar":
                x, y, w, h, title = args
                c.setFillGray(0.84)
                c.rect(x, y, w, h, stroke=1, fill=1)
                c.setFillGray(0)
                _bold(c, x + 4, y + 4, 9, title)
            elif kind == "cell":
                x, y, w, h, label, lines, label_w = args
                c.setFillGray(0.93)
                c.rect(x, y, label_w, h, stroke=0, fill=1)
                c.setFillGray(0)
                c.rect(x, y, w, h, stroke=1, fill=0)
                c.line(x + label_w, y, x + label_w, y + h)
                zh, en = label
                _text(c, x + 3, y + h / 2 + 1.5, _fitting(zh, 8, label_w - 5), zh)
                _text(c, x + 3, y + h / 2 - 7, _fitting(en, 6.2, label_w - 5), en, 0.25)
                ty = y + h / 2 + len(lines) * 9 * T.LEADING / 2
                for line in lines:
                    ty -= 9 * T.LEADING
                    _text(c, x + label_w + 3, ty + 2.2, 9, line)
            elif kind == "row":
                y, widths, cells, head = args
                h = _row_h(cells, head)
                x = LEFT
                if head:
                    c.setFillGray(0.93)
                    c.rect(LEFT, y, WIDTH, h, stroke=0, fill=1)
                    c.setFillGray(0)
                for w, lines in zip(widths, cells):
                    c.rect(x, y, w, h, stroke=1, fill=0)
                    ty = y + h - 3
                    for line in lines:
                        kind2, text = line if isinstance(line, tuple) else ("", line)
                        size = {"en": 7.2, "note": 6.5, "page": 9}.get(kind2, 8 if head else (9 if w != widths[2] else 8))
                        if kind2 == "page":
                            n = page_numbers.get(text)
                            text = str(n) if n else "—"
                        ty -= size * T.LEADING
                        _text(c, x + 3, ty + 2, size, text, 0.3 if kind2 in ("en", "note") else 0)
                    x += w
            elif kind == "lines":
                x, y, lines = args
                for line in lines:
                    kind2, text = line if isinstance(line, tuple) else ("", line)
                    size = 7.2 if kind2 == "en" else 8
                    y -= _line_h(line)
                    _text(c, x, y + 2, size, text, 0.3 if kind2 == "en" else 0)
        made = bi(N_("Made with Shebao Desk on {date}"), date=on)
        _text(c, LEFT, BOTTOM - 6, 6.5, made["zh"], 0.4)  # left of the page number
        _text(c, LEFT, BOTTOM - 14, 6.5, made["en"], 0.4)
        c.showPage()


def _fitting(text: str, size: float, width: float, floor: float = 5.0) -> float:
    """The size, from `size` down to `floor`, at which `text` fits `width` on one line."""
    while size > floor and T.width(text, size) > width:
        size -= 0.2
    return size


def _row_h(cells, head) -> float:
    if head:
        return 14
    return max(16, sum(_line_h(x) for x in cells[1]) + 6, len(cells[2]) * 8 * T.LEADING + 6)


SIGNED = N_("Signed in the app on {date}")
SIGNED_SEAL = N_("Signed in the app on {date}; seal it")


def status_text(status: str, form_id: str | None = None, signature=None) -> str:
    """A checklist row's status; a form signed in the app says so, with the date, and
    whether the employer's seal is still to come."""
    if status == "form" and form_id and signature is not None and signature.signed_on:
        from forms.fill.render_pdf import unsigned_boxes
        msg = SIGNED_SEAL if unsigned_boxes(form_id, signature) else SIGNED
        return _both(msg, date=signature.signed_on)
    return _both(STATUS[status])


def note_for(req) -> str:
    """Under a checklist row: recommended or not, and what is checked (signed, sealed...)."""
    parts = [] if req.mandatory else [_both(N_("recommended"))]
    parts += [_pair(ch["title"]) for ch in req.checks]
    return " · ".join(parts)


_OWN = {N_("Name"), N_("Date of submission"), N_("Status"), N_("Employer")}


def info_rows(case: dict, report) -> list[tuple]:
    """(label (zh, en), value) pairs at the top of the cover."""
    from forms.case import countries
    from forms.case.model import get
    from forms.case.fields import label
    from forms.fill.values import id_document, id_number, passport_name

    def lab(key):
        t = bi(key) if key in _OWN else label(key)
        return (t["zh"], t["en"])

    procedure = {"registration": bi(N_("registration")), "departure": bi(N_("settlement upon departure"))}
    channel = next((ch["title"] for ch in report.law.rows("channel") if ch["id"] == case.get("channel")), None)
    nationality = get(case, "person.nationality")
    employer = " / ".join(x for x in (get(case, "employment.employer_name_zh"),
                                      get(case, "employment.employer_name_en")) if x)
    blockers = sum(f.severity == "blocker" for f in report.findings)
    status = _both(N_("Ready to submit")) if report.ready else \
        _both(N_("DRAFT: {count} to resolve"), count=bi_n("{n} blocker", "{n} blockers", blockers))
    return [
        (lab(N_("Name")), " ".join(x for x in (passport_name(case), get(case, "person.name_zh")) if x) or "—"),
        (lab("person.nationality"), _pair(countries.names(nationality)) if nationality else "—"),
        (lab(f"person.{id_document(case)}.number"), id_number(case) or "—"),
        (lab("social_security.number"), get(case, "social_security.number") or "—"),
        (lab("procedure"), _pair(procedure.get(case.get("procedure"), "—"))),
        (lab("channel"), _pair(channel) if channel else "—"),
        (lab(N_("Date of submission")), _pair({"zh": format_date(report.on, "zh"), "en": format_date(report.on, "en")})),
        (lab(N_("Status")), status),
        (lab(N_("Employer")), employer or "—"),
    ]
