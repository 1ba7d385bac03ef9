"""The one CJK font of the forms and how text is measured, broken into lines and fitted
into a box (shrink to a floor, then wrap, then say what did not fit).

The font is WenQuanYi Micro Hei (resources/fonts/, Apache-2.0): TrueType outlines, Latin and
CJK in one face, which reportlab embeds as a subset of the glyphs used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from forms.common.paths import resource

FONT = "ShebaoCJK"
FONT_FILE = ("fonts", "wqy-microhei.ttc")
LEADING = 1.22  # line pitch as a multiple of the font size

# A line may not start with closing punctuation or end with opening punctuation (GB/T 15834).
_NO_START = set("，。、；：？！）》」』】〕’”…—·,.;:?!)]}%")
_NO_END = set("（《「『【〔‘“([{")


@cache
def font() -> str:
    """Register the font with reportlab once per process (parsed, or read back parsed from
    the cache: forms/fill/fontcache.py); return its name."""
    from reportlab.pdfbase import pdfmetrics

    from forms.fill.fontcache import load_font

    pdfmetrics.registerFont(load_font(FONT, resource(*FONT_FILE), 0))
    return FONT


@cache
def _face():
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(font()).face


def ascent() -> float:
    """Ascent and descent as fractions of the font size (descent negative)."""
    return _face().ascent / 1000


def descent() -> float:
    return _face().descent / 1000


def width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font(), size)


def missing_glyphs(text: str) -> set[str]:
    """Characters the font cannot draw (they would print as empty boxes)."""
    cmap = _face().charToGlyph
    return {ch for ch in text if ord(ch) not in cmap and not ch.isspace()}


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x2FFFF)


def _segments(text: str) -> list[str]:
    """Pieces between which a line may break: after spaces, around CJK characters, after
    a slash or hyphen; never before closing or after opening punctuation."""
    out: list[str] = []
    cur = ""
    for i, ch in enumerate(text):
        cur += ch
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if not nxt:
            break
        if nxt in _NO_START or ch in _NO_END:
            continue
        if (ch.isspace() and not nxt.isspace()) or ch in "/-" or _is_cjk(ch) or _is_cjk(nxt):
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def wrap(text: str, size: float, max_width: float) -> list[str]:
    """Greedy line breaking; a piece wider than a line is cut between characters.
    Explicit newlines are kept."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for seg in _segments(para):
            if width(line + seg.rstrip(), size) <= max_width:
                line += seg
                continue
            if line.strip():
                lines.append(line.rstrip())
                line = ""
            seg = seg.lstrip() if not line else seg
            while width(seg.rstrip(), size) > max_width:  # a word longer than the line
                cut = 1
                while cut < len(seg) and width(seg[:cut + 1], size) <= max_width:
                    cut += 1
                lines.append(seg[:cut])
                seg = seg[cut:]
            line = seg
        lines.append(line.rstrip())
    return lines


def block_height(n_lines: int, size: float) -> float:
    """Height of n lines of text from the top of the first to the bottom of the last."""
    if n_lines <= 0:
        return 0.0
    return (n_lines - 1) * size * LEADING + (ascent() - descent()) * size


@dataclass
class Fit:
    size: float
    lines: list[str]
    overflow: bool = False  # the box shows only the start; the whole value goes elsewhere


def fit(text: str, box_w: float, box_h: float, base: float, floor: float,
        marker: str = "") -> Fit:
    """Fit `text` into a box: one line at the base size, shrinking down to `floor`; then
    wrapped lines, again from the base size down; else as many lines as fit at the floor,
    the last ending with `marker` (which points to where the whole value is)."""
    text = " ".join(text.split()) if "\n" not in text else text
    sizes = _sizes(base, floor)
    for size in sizes:
        if "\n" not in text and width(text, size) <= box_w and block_height(1, size) <= box_h:
            return Fit(size, [text])
    for size in sizes:
        lines = wrap(text, size, box_w)
        if block_height(len(lines), size) <= box_h:
            return Fit(size, lines)
    size = floor
    lines = wrap(text, size, box_w)
    room = max(1, int((box_h - (ascent() - descent()) * size) // (size * LEADING)) + 1)
    while room > 1 and block_height(room, size) > box_h:
        room -= 1
    kept = lines[:room - 1]
    rest = " ".join(lines[room - 1:])
    tail = ""
    for ch in rest:  # as much of the next line as leaves room for "… marker"
        if width(tail + ch + " … " + marker, size) > box_w:
            break
        tail += ch
    last = (tail.rstrip() + " … " + marker) if tail.strip() else marker
    return Fit(size, kept + [last], overflow=True)


def _sizes(base: float, floor: float) -> list[float]:
    out, s = [], base
    while s > floor + 1e-6:
        out.append(round(s, 2))
        s -= 0.5
    out.append(floor)
    return out
