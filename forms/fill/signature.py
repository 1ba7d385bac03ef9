"""A signature made in the app (drawn with mouse, pen or touch, or typed), placed as an
image in the person's signature box of each form: the applicant's on a departure form,
the employee's on the registration form. The employer's seal box is never filled.

The app hands over a PNG (transparent or white background); the image is drawn into the
page content inside the box's signature area, keeping its proportions, above the line,
and the date of signing goes on the box's date line. The box's empty /Sig field is left
out, because the box is signed; the seal box keeps its field. Text stays text.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

PERSON_ROLES = ("signature",)  # role of the boxes the person signs (not "seal", "office")


@dataclass(frozen=True)
class Signature:
    png: bytes  # the signature image
    signed_on: dt.date | None = None  # written on the box's date line; None leaves it blank


def signed_by_person(role: str) -> bool:
    return role in PERSON_ROLES


def image_size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        return im.size


def fit(rect: tuple, size: tuple[int, int], pad: float = 2.0) -> tuple[float, float, float, float]:
    """(x, y, w, h) of an image of `size` pixels drawn as large as fits in `rect`, keeping its
    proportions, centred across and resting on the box's signature line."""
    x0, y0, x1, y1 = rect
    bw, bh = (x1 - x0) - 2 * pad, (y1 - y0) - 2 * pad
    iw, ih = size
    scale = min(bw / iw, bh / ih)
    w, h = iw * scale, ih * scale
    return x0 + pad + (bw - w) / 2, y0 + pad, w, h


def draw_in_box(c, signature: Signature, sig_rect: tuple, date_rect: tuple | None = None) -> None:
    """Draw the signature (and its date) on reportlab canvas `c`."""
    from reportlab.lib.utils import ImageReader

    from forms.fill import pdftext as T

    x, y, w, h = fit(sig_rect, image_size(signature.png))
    c.drawImage(ImageReader(io.BytesIO(signature.png)), x, y, w, h, mask="auto")
    if signature.signed_on and date_rect is not None:
        d = signature.signed_on
        for (x0, x1, base, _unit), value in zip(date_segments(date_rect), (d.year, d.month, d.day)):
            text = str(value)
            c.setFont(T.FONT, 9)
            c.drawString((x0 + x1 - T.width(text, 9)) / 2, base + 0.5, text)


DATE_LABEL = "日期 Date:"


def date_segments(date_rect: tuple) -> list[tuple]:
    """The year, month and day lines of a signature box's date: [(x0, x1, baseline, unit)]
    (the app writes the date of an in-app signature on them)."""
    from forms.fill import pdftext as T

    dx0, dy0 = date_rect[0], date_rect[1]
    base = dy0 + 2
    x = dx0 + T.width(DATE_LABEL, 8) + 4
    out = []
    for unit, seg in (("年", 34), ("月", 20), ("日", 20)):
        out.append((x, x + seg, base, unit))
        x += seg + 1 + T.width(unit, 8) + 3
    return out
