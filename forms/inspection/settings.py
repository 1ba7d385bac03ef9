"""The inspection's data: document sizes and thresholds (resources/data/inspection.toml)."""

from __future__ import annotations

import tomllib
from functools import cache

from forms.common.paths import resource

MM_PER_INCH = 25.4


@cache
def settings() -> dict:
    with open(resource("data", "inspection.toml"), "rb") as fh:
        return tomllib.load(fh)


def kinds() -> dict:
    return settings()["kind"]


def kind_size_inches(kind: str) -> tuple[float, float] | None:
    """(long side, short side) in inches of a document kind, or None if unknown."""
    row = kinds().get(kind or "")
    if not row:
        return None
    a, b = row["width_mm"] / MM_PER_INCH, row["height_mm"] / MM_PER_INCH
    return max(a, b), min(a, b)


def smallest_kind() -> str:
    """The kind with the smallest area: the bound used when the requirement is unknown."""
    return min(kinds(), key=lambda k: kinds()[k]["width_mm"] * kinds()[k]["height_mm"])


def mapped_dpi(width_px: int, height_px: int, kind: str) -> float | None:
    """The effective DPI of a picture that shows a document of `kind` and nothing else:
    the limiting side of the fit. An upper bound when the picture has margins."""
    size = kind_size_inches(kind)
    if not size or width_px <= 0 or height_px <= 0:
        return None
    long_px, short_px = max(width_px, height_px), min(width_px, height_px)
    return min(long_px / size[0], short_px / size[1])


def limits() -> dict:
    return settings()["limits"]
