"""Tell OCR-B's letter O from its digit 0 by the glyph's height.

The recogniser does not tell them apart: in OCR-B (ISO 1073-2, the typeface ICAO 9303
Part 3 prescribes for the MRZ) both are closed ovals of the same width. Their heights
differ: OCR-B's digits stand taller than its capital letters. Measured, not from a
source: on Debian's fonts-ocr-b glyphs the 0 is 7 % taller than the O (158 against 147
units; other capitals 140-145, other digits 156-158), and on the ICAO and PassportEye
specimens of ../shared/corpus the digits of the MRZ are 8-9 % taller than its letters
(UTO: 26.2 against 24.0 px, the O of UTO 24.5, the zeros 26.3).

So each glyph read as O or 0 is measured against the other glyphs of the same MRZ:
the median height of those read as digits 1-9 and of those read as letters. Where the
two groups are clearly apart and the glyph clearly in one, the reading gets that
character as its likelier alternative (forms.law.mrz.Measured), which settles a number
that mixes letters and zeros where the check digits cannot (two O/0 swaps can cancel
out). Anything unclear (blur, low resolution, a neighbour's ink) leaves it undecided,
as before. Plain numpy on the line crops the recogniser read.
"""

from __future__ import annotations

from forms.law.mrz import Measured

LIKELIER = 0.95  # the probability a clear measure gives the character it points to
LETTER_BELOW, DIGIT_ABOVE = 0.45, 0.65  # the glyph's height between the two groups' (0 letter, 1 digit)


def _percentiles(values, qs):
    """numpy.percentile's default (linear) for each q in qs, without it: numpy.percentile
    imports numpy.ma, which the bundle leaves out (packaging/shebao-desk.spec)."""
    import numpy as np

    v = np.sort(np.asarray(values, dtype=np.float64).ravel())
    out = []
    for q in qs:
        pos = (len(v) - 1) * q / 100
        lo = int(pos)
        hi = min(lo + 1, len(v) - 1)
        out.append(float(v[lo] + (v[hi] - v[lo]) * (pos - lo)))
    return out


def _darkness(crop):
    """0 (paper) to 1 (ink) for each pixel of a line crop, or None without contrast."""
    import numpy as np

    g = np.asarray(crop.convert("L"), dtype=np.float32)
    paper, ink = _percentiles(g, (75, 2))
    if paper - ink < 40:
        return None
    return np.clip((paper - g) / (paper - ink), 0.0, 1.0)


def _runs(mask):
    """(start, end) of each run of True in a 1-D boolean array."""
    import numpy as np

    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))


def heights(crop, xs: list[float]) -> list[float | None]:
    """The height in pixels (to a fraction, from the partly inked rows at its ends) of the
    glyph centred near each x (a share of the crop's width); None where it cannot be told
    from its neighbours."""
    d = _darkness(crop)
    if d is None or len(xs) < 2:
        return [None] * len(xs)
    h, w = d.shape
    pitch = (xs[-1] - xs[0]) * w / (len(xs) - 1)
    out = []
    for x in xs:
        lo, hi = max(0, round(x * w - pitch / 2)), min(w, round(x * w + pitch / 2))
        window = d[:, lo:hi]
        if window.shape[1] < 3:
            out.append(None)
            continue
        # the glyph's columns: the run of inked columns through the centre, apart from its neighbours
        cols = [r for r in _runs(window.max(axis=0) > 0.5) if r[0] <= x * w - lo < r[1] + 2]
        if len(cols) != 1 or cols[0][0] == 0 or cols[0][1] == window.shape[1]:
            out.append(None)
            continue
        profile = window[:, cols[0][0]:cols[0][1]].max(axis=1)
        # its rows: the longest run of inked rows (not a neighbouring line's ink)
        a, b = max(_runs(profile > 0.5), key=lambda r: r[1] - r[0], default=(0, 0))
        if b - a < 3 or a == 0 or b == h:
            out.append(None)
            continue
        out.append(float(b - a + profile[a - 1] + profile[b]))
    return out


def settle_o0(texts: list[str], alts: list[list[dict]], measured: list[list[float | None]]) -> None:
    """Give each glyph read as O or 0 the character its height points to, in `alts` (per
    line and character, as forms.law.mrz.correct takes them), where the MRZ's digits and
    letters are clearly apart in height and the glyph clearly with one of them."""
    digits = [m for t, ms in zip(texts, measured) for c, m in zip(t, ms) if m and c in "123456789"]
    letters = [m for t, ms in zip(texts, measured) for c, m in zip(t, ms) if m and c.isalpha() and c not in "OQD"]
    if len(digits) < 4 or len(letters) < 4:
        return
    d25, d50 = _percentiles(digits, (25, 50))
    l50, l75 = _percentiles(letters, (50, 75))
    if d25 <= l75 or d50 - l50 < 0.04 * d50:
        return  # not two clear groups: too blurred or too coarse to tell
    for text, line_alts, ms in zip(texts, alts, measured):
        for i, (c, m) in enumerate(zip(text, ms)):
            if c not in "O0" or m is None:
                continue
            t = (m - l50) / (d50 - l50)
            told = "O" if -0.5 <= t <= LETTER_BELOW else "0" if DIGIT_ABOVE <= t <= 1.5 else None
            if told:
                probs = line_alts[i]
                both = probs.get("O", 0.0) + probs.get("0", 0.0)  # the recogniser's other guesses stay
                other = "0" if told == "O" else "O"
                line_alts[i] = Measured({**probs, told: LIKELIER * both, other: (1 - LIKELIER) * both})
