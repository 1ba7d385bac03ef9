"""What a file is, from its first bytes, not its name.

`sniff(head)` returns a short type id. PDF, JPEG, PNG and TIFF are the types the
inspection checks; every other id names what the file is so that the finding can say how
to convert it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from forms.common.i18n import N_

CHECKED = ("pdf", "jpeg", "png", "tiff")
HEAD_BYTES = 4096

# The type each file name extension claims.
EXTENSIONS = {
    ".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".jpe": "jpeg", ".jfif": "jpeg",
    ".png": "png", ".tif": "tiff", ".tiff": "tiff", ".gif": "gif", ".bmp": "bmp",
    ".webp": "webp", ".heic": "heic", ".heif": "heic", ".avif": "avif", ".jp2": "jp2",
    ".jxl": "jxl", ".doc": "doc", ".docx": "docx", ".xls": "xls", ".xlsx": "xlsx",
    ".ppt": "ppt", ".pptx": "pptx", ".odt": "odt", ".rtf": "rtf", ".txt": "text",
    ".htm": "html", ".html": "html", ".zip": "zip", ".ofd": "ofd", ".ps": "postscript",
}

# What each type is called in a message.
LABELS = {
    "pdf": N_("PDF"),
    "jpeg": N_("JPEG image"),
    "png": N_("PNG image"),
    "tiff": N_("TIFF image"),
    "gif": N_("GIF image"),
    "bmp": N_("BMP image"),
    "webp": N_("WebP image"),
    "heic": N_("HEIC/HEIF photo (iPhone format)"),
    "avif": N_("AVIF image"),
    "jp2": N_("JPEG 2000 image"),
    "jxl": N_("JPEG XL image"),
    "doc": N_("Word 97-2003 / Office document"),
    "docx": N_("Word document"),
    "xls": N_("Excel workbook"),
    "xlsx": N_("Excel workbook"),
    "ppt": N_("PowerPoint file"),
    "pptx": N_("PowerPoint file"),
    "odt": N_("OpenDocument file"),
    "ofd": N_("OFD document"),
    "rtf": N_("RTF document"),
    "html": N_("web page"),
    "text": N_("text file"),
    "zip": N_("ZIP archive"),
    "archive": N_("compressed archive"),
    "postscript": N_("PostScript file"),
    "video": N_("video"),
    "unknown": N_("file of unknown type"),
    "empty": N_("empty file"),
}

_PDF_BODY = re.compile(rb"(?:^|[\r\n])\s*\d{1,10}\s+\d{1,5}\s+obj\b")
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_VIDEO_BRANDS = {b"qt  ", b"isom", b"iso2", b"mp41", b"mp42", b"M4V ", b"3gp4", b"3gp5", b"3g2a"}


def claimed_type(name: str) -> str | None:
    """The type the file name's extension claims, or None for no or an unknown extension."""
    return EXTENSIONS.get(Path(name).suffix.lower())


def sniff(head: bytes, path: str | Path | None = None) -> str:
    """The type id of a file whose first bytes are `head` (HEAD_BYTES of them, or all of a
    shorter file). `path` lets a ZIP container be told apart (Word, Excel, ...)."""
    if not head:
        return "empty"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    # PDF readers accept the header anywhere in the first 1024 bytes.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:2] == b"BM" and len(head) >= 26:
        return "bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        brands = {head[8:12]} | {head[i:i + 4] for i in range(16, min(len(head), 64), 4)}
        if brands & _AVIF_BRANDS:
            return "avif"
        if brands & _HEIF_BRANDS:
            return "heic"
        if head[8:12] in _VIDEO_BRANDS:
            return "video"
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xff\x4f\xff\x51"):
        return "jp2"
    if head.startswith(b"\x00\x00\x00\x0cJXL ") or head.startswith(b"\xff\x0a"):
        return "jxl"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"%!PS"):
        return "postscript"
    if head[:4] in (b"Rar!", b"7z\xbc\xaf") or head[:2] == b"\x1f\x8b":
        return "archive"
    if _PDF_BODY.search(head) and (b"endobj" in head or b"/Type" in head or b"xref" in head):
        return "pdf"  # PDF objects without the header: a damaged PDF, not a text file
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "html"
    if len(head) >= 32 and _looks_like_text(head):
        return "text"
    return "unknown"


def _zip_kind(path) -> str:
    if path is None:
        return "zip"
    try:  # only the central directory is read; nothing is decompressed
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()[:2000]
            if "mimetype" in names:
                mime = zf.read("mimetype")[:100] if zf.getinfo("mimetype").file_size < 200 else b""
                if b"opendocument" in mime:
                    return "odt"
                if b"ofd" in mime:
                    return "ofd"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError, RuntimeError):
        return "zip"
    for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(n.startswith(prefix) for n in names):
            return kind
    if any(n.upper().startswith("OFD.XML") for n in names):
        return "ofd"
    return "zip"


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a character cut at the end of the sample is fine
            return False
    return b"\x00" not in head and sum(b < 9 or 13 < b < 32 for b in head) < len(head) // 50 + 1


def read_head(path: str | Path) -> bytes:
    from forms.common.untrusted import open_regular

    with open_regular(path) as fh:  # a FIFO or a device is refused, not read
        return fh.read(HEAD_BYTES)


def sniff_bytes(data: bytes) -> str:
    """sniff() for data in memory (tests, fuzzing)."""
    return sniff(data[:HEAD_BYTES], io.BytesIO(data) if data.startswith(b"PK\x03\x04") else None)
