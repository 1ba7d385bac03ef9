"""The analysis record that the inspection fills for one file (see analysis.py for its
fields), and the helpers that add problems to it. Its own module so that the readers of
each file type (image.py, pdf.py) and the analysis that calls them do not import each other."""

from __future__ import annotations

import os

# Bump when the analysis changes what it measures: cached results of older versions are
# then ignored.
INSPECTION_VERSION = 5  # 5: the MRZ reader tells O from 0, finds broken lines, refuses unsure names

# The memory ceiling of the process the analysis runs in (set by worker.py), for findings.
memory_limit_mb: int | None = None

def new_analysis() -> dict:
    return {
        "version": INSPECTION_VERSION, "sha256": None, "size": None, "type": "unknown",
        "problems": [], "page_count": None, "pages": [], "encryption": None, "image": None,
        "text_layer": False, "mrz": None, "mrz_read": None, "mrz_searched": False, "stated_pages": None,
        "seconds": 0.0,
    }


def problem(analysis: dict, code: str, **params) -> None:
    analysis["problems"].append({"code": code, "params": params})


def failed(code: str, **params) -> dict:
    """An analysis that could not be made (time limit, memory, crashed worker)."""
    a = new_analysis()
    a["type"] = "unknown"
    problem(a, code, **params)
    return a


def short_error(exc: BaseException | str, path=None) -> str:
    """A reader's message, one line, without the file's path (the analysis is cached by
    content, and the same content may sit at another path)."""
    text = str(exc)
    if path is not None:
        text = text.replace(str(path), "").replace(os.path.basename(str(path)), "")
    text = " ".join(text.split()).lstrip(":,; ")
    if isinstance(exc, BaseException):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text[:160]
