"""Plain-text rendering of requirements, advice and findings for the terminal."""

from __future__ import annotations

import textwrap

from forms.common.i18n import N_, pick, tr

_MARK = {"attached": "[x]", "form": "[=]", "missing": "[ ]", "problem": "[!]", None: " - "}
_SEV = {"blocker": N_("BLOCKER"), "warning": N_("WARNING"), "info": N_("INFO")}


def _wide(text: str) -> bool:
    return any(ord(c) >= 0x2E80 for c in text)  # CJK: two terminal columns each, no spaces


def wrap(text: str, indent: int) -> str:
    """Fill to about 100 terminal columns. Chinese runs have no spaces to break at and take
    two columns a character, so they are cut by character at half the width."""
    pad = " " * indent
    wide = _wide(text)
    return textwrap.fill(text, width=indent + (100 - indent) // 2 if wide else 100, initial_indent=pad,
                         subsequent_indent=pad, break_long_words=wide, break_on_hyphens=False)


def requirement_lines(req, lang: str, status: str | None = None, attachments=()) -> list[str]:
    kind = tr(N_("mandatory"), lang) if req.mandatory else tr(N_("recommended"), lang)
    out = [f"  {_MARK[status]} {pick(req.title, lang)}  ({kind})"]
    out.append(wrap(tr(N_("why: {because}"), lang, because=pick(req.because, lang)), 6))
    for remark in req.remarks:
        out.append(wrap(tr(N_("note: {text}"), lang, text=pick(remark, lang)), 6))
    for note in req.notes:
        out.append(wrap(tr(N_("note: {text}"), lang, text=pick(note, lang)), 6))
    if req.checks:
        out.append(wrap(tr(N_("checked: {checks}"), lang, checks=[c["title"] for c in req.checks]), 6))
    if req.form:
        out.append(wrap(tr(N_("filled by Shebao Desk: print it, then sign or seal it"), lang), 6))
    out.append(wrap(tr(N_("source: {sources}"), lang, sources=" · ".join(pick(s["title"], lang) for s in req.sources)), 6))
    for path in attachments:
        out.append(wrap(tr(N_("attached: {file}"), lang, file=path), 6))
    return out


def finding_line(f, lang: str) -> list[str]:
    head = f"  {tr(_SEV[f.severity], lang):<8} {f.code}"
    out = [head, wrap(f.message[lang], 6)]
    from forms.case.fields import label

    where = [x for x in (f.field and tr(N_("field: {field}"), lang, field=label(f.field)),
                         f.file and tr(N_("file: {file}"), lang, file=f.file)) if x]
    if where:
        out.append(wrap("; ".join(where), 6))
    return out


def section_lines(section, lang: str, law) -> list[str]:
    """A guidance section (forms.law.guidance): its title, lines and sources."""
    out = [pick(section.title, lang) + (":" if lang == "en" else "：")]
    for line in section.lines:  # a line's own leading spaces (a sub-item) indent all of it
        text = pick(line, lang)
        body = text.lstrip(" ")
        out.append(wrap(body, 2 + len(text) - len(body)))
    out.append(wrap(tr(N_("source: {sources}"), lang,
                       sources=" · ".join(pick(s["title"], lang) for s in law.source_titles(section.sources))), 2))
    return out


def advice_lines(items, lang: str) -> list[str]:
    out = []
    for item in items:
        prefix = tr(N_("(practice) "), lang) if item["practice"] else ""
        out.append(wrap(prefix + pick(item["title"], lang), 2))
    return out
