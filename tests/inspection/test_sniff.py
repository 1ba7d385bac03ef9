"""The type comes from the content, never from the name."""

from __future__ import annotations

import io
import zipfile

import pytest

from forms.inspection.sniff import claimed_type, sniff_bytes


def _zip(names: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in names.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("data,expected", [
    (b"", "empty"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
    (b"II*\x00\x08\x00\x00\x00", "tiff"),
    (b"MM\x00*\x00\x00\x00\x08", "tiff"),
    (b"%PDF-1.7\n", "pdf"),
    (b"\r\n junk from a mail client\n%PDF-1.4\n", "pdf"),  # readers accept a late header
    (b"GIF89a\x01\x00", "gif"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heic"),
    (b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1heic", "heic"),
    (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "avif"),
    (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", "video"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "doc"),
    (_zip({"[Content_Types].xml": b"x", "word/document.xml": b"x"}), "docx"),
    (_zip({"[Content_Types].xml": b"x", "xl/workbook.xml": b"x"}), "xlsx"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "odt"),
    (_zip({"scan.jpg": b"\xff\xd8\xff"}), "zip"),
    (b"{\\rtf1\\ansi", "rtf"),
    (b"<!DOCTYPE html><html><body>scan</body></html>", "html"),
    (b"This is a plain text file, saved with a .pdf name.\n", "text"),
    (b"oops\n", "unknown"),
    (bytes(range(256)), "unknown"),
])
def test_sniff(data, expected):
    assert sniff_bytes(data) == expected


def test_the_name_only_claims():
    assert claimed_type("Scan.PDF") == "pdf" and claimed_type("photo.JPEG") == "jpeg"
    assert claimed_type("IMG_0001.HEIC") == "heic" and claimed_type("no-extension") is None
