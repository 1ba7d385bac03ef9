"""Thumbnails for the app: the first page or image, upright, at most 256 px, as PNG."""

from __future__ import annotations

import io

from PIL import Image

from forms.inspection.quality import reduced, to_rgb8

MAX_PX = 256


def thumbnail_png(img: Image.Image, max_px: int = MAX_PX) -> bytes:
    thumb = to_rgb8(reduced(img, 4 * max_px))
    thumb = thumb.copy() if thumb is img else thumb
    thumb.thumbnail((max_px, max_px), Image.Resampling.LANCZOS, reducing_gap=2.0)
    buf = io.BytesIO()
    thumb.save(buf, "PNG", compress_level=6)
    return buf.getvalue()
