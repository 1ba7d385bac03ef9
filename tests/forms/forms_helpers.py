"""Helpers of the forms tests: reading PDFs back with poppler, changing cases."""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"
ON = dt.date(2026, 11, 29)


def pdftotext(path, *args) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def words(path) -> list[dict]:
    """Every word pdftotext finds, with page (0-based) and box (x0, top, x1, bottom) in points
    from the top left."""
    out, page = [], -1
    for line in pdftotext(path, "-bbox").splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            out.append({"page": page, "box": (x0, y0, x1, y1), "text": html.unescape(m.group(5))})
    return out


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def changed(case: dict, **paths) -> dict:
    """A copy of `case` with dotted paths set (path__like__this for dots)."""
    out = copy.deepcopy(case)
    for dotted, value in paths.items():
        node = out
        parts = dotted.split("__")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    return out
