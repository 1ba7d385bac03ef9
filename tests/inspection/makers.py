"""Test files made on the spot: document scans at a known physical size and resolution,
PDFs with and without a scan, encrypted, cut off or with a passport MRZ in their text."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

import datetime as _dt

TODAY = _dt.date(2026, 11, 29)
SIZES_MM = {"id1": (85.6, 53.98), "id3": (125.0, 88.0), "a4": (210.0, 297.0)}


def px(mm: float, dpi: float) -> int:
    return max(1, round(mm / 25.4 * dpi))


def document(kind: str = "id3", dpi: float = 300, seed: int = 1, lines: int | None = None,
             paper=(246, 244, 236)) -> Image.Image:
    """A synthetic document at its true size: a frame, a photo box and lines of text
    whose height is about 2.5 mm, so that its legibility depends on the DPI as a real
    document's does."""
    w_mm, h_mm = SIZES_MM[kind]
    img = Image.new("RGB", (px(w_mm, dpi), px(h_mm, dpi)), paper)
    d = ImageDraw.Draw(img)
    rnd = random.Random(seed)
    font = ImageFont.load_default(size=max(6, px(2.6, dpi)))
    m = px(4, dpi)
    d.rectangle([m // 2, m // 2, img.width - m // 2, img.height - m // 2], outline=(60, 60, 80), width=max(1, px(0.4, dpi)))
    if kind != "a4":
        d.rectangle([m, m * 2, m + px(28, dpi), m * 2 + px(34, dpi)], fill=(190, 198, 210))
    x0 = m + (px(32, dpi) if kind != "a4" else 0)
    y = m * 2
    n = lines if lines is not None else (7 if kind != "a4" else 28)
    for _ in range(n):
        words = " ".join("".join(rnd.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(rnd.randint(3, 9)))
                         for _ in range(rnd.randint(2, 6 if kind != "a4" else 9)))
        d.text((x0, y), words, font=font, fill=(20, 20, 30))
        y += px(4.5 if kind != "a4" else 8.5, dpi)
        if y > img.height - m * 2:
            break
    return img


def jpeg_bytes(img: Image.Image, dpi: float | None = 300, quality: int = 85, **kw) -> bytes:
    buf = io.BytesIO()
    if dpi:
        kw["dpi"] = (dpi, dpi)
    img.save(buf, "JPEG", quality=quality, **kw)
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def scan(tmp: Path, name: str, kind: str = "id3", dpi: float = 300, blur: float = 0, seed: int = 1) -> Path:
    img = document(kind, dpi, seed)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    return write(tmp / name, jpeg_bytes(img, dpi))


def blank_scan(tmp: Path, name: str, kind: str = "a4", dpi: float = 200, seed: int = 3) -> Path:
    """Blank paper as a scanner sees it: paper noise, a few specks of dust, dark edges."""
    w_mm, h_mm = SIZES_MM[kind]
    rnd = random.Random(seed)
    img = Image.effect_noise((px(w_mm, dpi), px(h_mm, dpi)), 6).point(lambda v: min(255, v + 110))
    img = img.convert("RGB")
    d = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rnd.randrange(img.width), rnd.randrange(img.height)
        d.point((x, y), fill=(40, 40, 40))
    d.rectangle([0, 0, img.width - 1, img.height - 1], outline=(30, 30, 30), width=3)
    return write(tmp / name, jpeg_bytes(img, dpi))


def scan_pdf(tmp: Path, name: str, images: list[bytes], dpi: float = 300) -> Path:
    """A scanner's PDF: each JPEG embedded as it is, one page each, at its own DPI."""
    import img2pdf

    return write(tmp / name, img2pdf.convert(images))


def text_pdf(tmp: Path, name: str, pages: list[list[str]], size=(595.3, 841.9), font="Helvetica") -> Path:
    """A PDF drawn by a program (text, not a scan): one list of lines per page."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size, invariant=1)
    for lines in pages:
        c.setFont(font, 11)
        y = size[1] - 60
        for line in lines:
            c.drawString(40, y, line)
            y -= 16
        c.showPage()
    c.save()
    return write(tmp / name, buf.getvalue())


def passport_pdf(tmp: Path, name: str, mrz: list[str]) -> Path:
    """A passport page PDF whose text layer (as a scanner's OCR makes) holds the MRZ."""
    from reportlab.pdfgen import canvas

    w, h = 125 / 25.4 * 72, 88 / 25.4 * 72
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    c.setFont("Helvetica", 9)
    c.drawString(14, h - 24, "PASSPORT  SPECIMEN")
    c.drawString(120, h - 60, "Surname / Nom")
    c.setFont("Courier", 9.2)
    c.drawString(10, 34, mrz[0])
    c.drawString(10, 20, mrz[1])
    c.showPage()
    c.save()
    return write(tmp / name, buf.getvalue())


def td3(surname: str, given: str, number: str, nationality: str, birth: str, sex: str, expiry: str,
        state: str | None = None) -> list[str]:
    from forms.law.identifiers import icao_check_digit as cd

    l1 = ("P<" + (state or nationality).ljust(3, "<") + surname + "<<" + given.replace(" ", "<")).ljust(44, "<")[:44]
    n = number.ljust(9, "<")
    l2 = n + cd(n) + nationality.ljust(3, "<") + birth + cd(birth) + sex + expiry + cd(expiry) + "<" * 14 + "<"
    return [l1, l2 + cd(l2[0:10] + l2[13:20] + l2[21:43])]


def encrypted_pdf(tmp: Path, name: str, source: Path, user: str, owner: str) -> Path:
    import pikepdf

    out = tmp / name
    with pikepdf.open(source) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user=user, owner=owner, R=6,
                                                     allow=pikepdf.Permissions(extract=False)))
    return out


def huge_png(tmp: Path, name: str, width: int = 20000, height: int = 20000, rgb: bool = False) -> Path:
    """A real, complete PNG of width x height pixels (1-bit grey, or 8-bit RGB), made
    without holding them in memory."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\xff" * (width * 3 if rgb else (width + 7) // 8)
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8 if rgb else 1, 2 if rgb else 0, 0, 0, 0)
    return write(tmp / name, b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def docx(tmp: Path, name: str) -> Path:
    import docx as python_docx

    doc = python_docx.Document()
    doc.add_paragraph("Employment contract")
    out = tmp / name
    doc.save(out)
    return out


def png16_rgba(tmp: Path, name: str, img: Image.Image) -> Path:
    """`img` as a PNG of 16 bits per channel with an alpha channel (Pillow cannot write one):
    what some phone apps and editors save."""
    import numpy as np

    rgba = np.asarray(img.convert("RGBA"), dtype=">u2") * 257
    raw = b"".join(b"\x00" + row.tobytes() for row in rgba)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", img.width, img.height, 16, 6, 0, 0, 0)
    phys = struct.pack(">IIB", 11811, 11811, 1)  # 300 DPI
    return write(tmp / name, b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"pHYs", phys)
                 + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
