"""Find a passport MRZ (ICAO 9303 TD3: two lines of 44 characters) in a PDF's text layer.

The text layer of a scanned passport comes from the scanner's OCR, which may break a line
into words or join the two lines into one. Parsing and comparing the MRZ with the case is
forms.law.checks.mrz_findings: this module only finds the two lines.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[A-Z0-9<]{44}")


def find_td3(text: str) -> list[str] | None:
    """The two MRZ lines found in `text`, or None. The first line starts with P."""
    lines = [re.sub(r"[ \t]+", "", ln).upper() for ln in text.splitlines()]
    lines = [ln.replace("«", "<<") for ln in lines if ln]
    for i, ln in enumerate(lines):
        if len(ln) == 88 and ln[0] == "P" and _LINE.fullmatch(ln[:44]) and _LINE.fullmatch(ln[44:]):
            return [ln[:44], ln[44:]]
        if len(ln) == 44 and ln[0] == "P" and _LINE.fullmatch(ln) and i + 1 < len(lines):
            nxt = lines[i + 1]
            if len(nxt) == 44 and _LINE.fullmatch(nxt):
                return [ln, nxt]
    return None
