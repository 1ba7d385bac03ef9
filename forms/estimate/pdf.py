"""The one-page estimate for the employee, in one language: the amount and its range, the
year-by-year table, a bar chart of the balance, the findings, the assumptions and the
sources, and on every part of it that the bureau computes the real amount. It is a page
for the person, never a page of the submission pack.

Drawn with the forms' font and text helpers; small print shrinks (down to a floor) until
everything fits on the one page.
"""

from __future__ import annotations

import io

from forms.fill import pdftext as T
from forms.common.i18n import N_, format_date, tr
from forms.fill.render_pdf import BOTTOM, LEFT, MM, PAGE_H, TOP, WIDTH, _bold, _text, new_canvas
from forms.estimate import text as X
from forms.estimate.compute import Estimate

CHART_H = 34 * MM


def render_estimate(case: dict, est: Estimate, lang: str) -> bytes:
    from forms.case.model import full_name

    buf = io.BytesIO()
    title = tr(N_("Estimate of the pension account refund"), lang)
    c = new_canvas(buf, title, X.disclaimer(lang), "zh-CN" if lang == "zh" else "en-GB")
    c.setKeywords("Shebao Desk estimate; not for the submission pack")
    for size in (8.0, 7.5, 7.0, 6.5, 6.0, 5.5):  # the small print, until the page holds it all
        ops = _layout(case, est, lang, title, full_name(case), size)
        if ops is not None:
            break
    else:
        ops = _layout(case, est, lang, title, full_name(case), 5.5, force=True)
    for op, *args in ops:
        _draw(c, op, args)
    c.showPage()
    c.save()
    return buf.getvalue()


def _layout(case, est: Estimate, lang: str, title: str, name: str, small: float, force: bool = False):
    ops, y = [], PAGE_H - TOP
    ops.append(("bold", LEFT, y - 16, 16, title))
    y -= 24
    who = tr(N_("{name} · settlement on {date} · made by Shebao Desk on the data you entered"), lang,
             name=name or "?", date=format_date(est.on, lang))
    ops.append(("text", LEFT, y - 9, 9, who, 0.25))
    y -= 18
    # the amount, the range and the disclaimer in a framed box
    lines = [("bold", 13, X.headline(est, lang)), ("text", 9.5, X.totals_line(est, lang)),
             ("text", 9.5, X.range_line(est, lang))]
    lines += [("bold", 9, line) for line in T.wrap(X.disclaimer(lang), 9, WIDTH - 12)]
    h = sum(s * T.LEADING for _, s, _ in lines) + 10
    ops.append(("frame", LEFT, y - h, WIDTH, h))
    yy = y - 6
    for kind, size, line in lines:
        yy -= size * T.LEADING
        ops.append((kind, LEFT + 6, yy + 2, size, line) if kind == "bold" else ("text", LEFT + 6, yy + 2, size, line, 0))
    y -= h + 10
    # the table
    widths = [0.12, 0.10, 0.22, 0.16, 0.18, 0.22]
    xs = [LEFT + sum(widths[:i]) * WIDTH for i in range(len(widths) + 1)]
    row_h = 14
    ops.append(("shade", LEFT, y - row_h, WIDTH, row_h))
    for i, head in enumerate(X.headers(lang)):
        ops.append(("cell", xs[i], xs[i + 1], y - row_h + 4, 8.5, head, i > 0, True))
    y -= row_h
    for row in X.rows(est, lang):
        for i, cell in enumerate(row):
            ops.append(("cell", xs[i], xs[i + 1], y - row_h + 4, 8.5, cell, i > 0, False))
        ops.append(("rule", LEFT, y - row_h, WIDTH))
        y -= row_h
    for line in X.legend(est, lang):
        ops.append(("text", LEFT, y - small - 2, small, line, 0.3))
        y -= small * T.LEADING + 1
    y -= 8
    # the chart: the balance at the end of each year
    ops.append(("chart", LEFT, y - CHART_H, WIDTH, CHART_H, est, lang))
    y -= CHART_H + 10
    # findings, assumptions, sources: small print
    blocks = []
    if est.findings:
        blocks.append((tr(N_("Check your history"), lang), [f.message[lang] for f in est.findings]))
    blocks.append((tr(N_("Assumptions"), lang), [a[lang] for a in est.assumptions[:-1]]))
    blocks.append((tr(N_("Sources"), lang), X.source_lines(est, lang)))
    for head, items in blocks:
        ops.append(("bold", LEFT, y - 9, 9, head))
        y -= 9 * T.LEADING + 2
        for item in items:
            for k, line in enumerate(T.wrap(item, small, WIDTH - 8)):
                ops.append(("text", LEFT + (0 if k == 0 else 8), y - small, small, ("• " if k == 0 else "") + line, 0.1))
                y -= small * T.LEADING
            y -= 1.5
        y -= 4
    foot = tr(N_("Not part of the submission pack. The social insurance bureau computes the real amount."), lang)
    ops.append(("text", LEFT, BOTTOM - 9, 7.5, foot, 0.35))
    if y < BOTTOM and not force:
        return None
    return ops


def _draw(c, op, args) -> None:
    if op == "bold":
        _bold(c, *args)
    elif op == "text":
        _text(c, *args)
    elif op == "frame":
        c.setLineWidth(1)
        c.rect(*args)
    elif op == "shade":
        c.setFillGray(0.88)
        c.rect(*args, stroke=0, fill=1)
        c.setFillGray(0)
    elif op == "rule":
        x, y, w = args
        c.setLineWidth(0.3)
        c.setStrokeGray(0.6)
        c.line(x, y, x + w, y)
        c.setStrokeGray(0)
    elif op == "cell":
        x0, x1, y, size, text, right, bold = args
        x = x1 - 4 - T.width(text, size) if right else x0 + 4
        (_bold if bold else _text)(c, x, y, size, text)
    elif op == "chart":
        _chart(c, *args)


def _chart(c, x, y, w, h, est: Estimate, lang: str) -> None:
    """Bars of the year-end balance (of the settlement month in the last year)."""
    years = est.years
    top = float(max((yr.balance for yr in years), default=0)) or 1.0
    label_h, pitch = 10, w / max(len(years), 1)
    bar_w = min(pitch * 0.6, 40)
    scale = (h - label_h - 10) / top
    c.setLineWidth(0.5)
    c.line(x, y + label_h, x + w, y + label_h)
    for i, yr in enumerate(years):
        cx = x + pitch * (i + 0.5)
        bh = float(yr.balance) * scale
        c.setFillGray(0.55)
        c.rect(cx - bar_w / 2, y + label_h, bar_w, bh, stroke=0, fill=1)
        c.setFillGray(0)
        label = str(yr.year)
        _text(c, cx - T.width(label, 7) / 2, y + 2, 7, label)
        amount = X.money(yr.balance, lang)
        if T.width(amount, 6) < pitch - 2:
            _text(c, cx - T.width(amount, 6) / 2, y + label_h + bh + 2, 6, amount, 0.2)
    _text(c, x, y + h - 6, 7, tr(N_("Balance at the end of each year (RMB)"), lang), 0.3)
