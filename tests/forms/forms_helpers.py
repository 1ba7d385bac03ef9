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


def signature_png(width: int = 600, height: int = 200) -> bytes:
    """A hand-drawn-looking signature: dark strokes on a transparent background."""
    import io
    import math

    from PIL import Image, ImageDraw

    im = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    pts = [(20 + t * (width - 40) / 200, height / 2 + math.sin(t / 9) * height / 3 * math.cos(t / 31))
           for t in range(201)]
    d.line(pts, fill=(10, 20, 90, 255), width=6, joint="curve")
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def image_boxes(path, page_index: int) -> list[tuple]:
    """Where images are drawn on a page: [(x0, y0, x1, y1)] in PDF points from the bottom
    left, from the page's content stream (q/Q, cm and Do on image XObjects)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    page = reader.pages[page_index]
    xobjects = page["/Resources"].get("/XObject", {})
    ctm, stack, out = [1, 0, 0, 1, 0, 0], [], []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]
        elif op == b"Do" and operands[0] in xobjects and xobjects[operands[0]].get_object().get("/Subtype") == "/Image":
            A, B, C, D, E, F = ctm
            xs = [E, E + A, E + C, E + A + C]
            ys = [F, F + B, F + D, F + B + D]
            out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def inside(inner: tuple, outer: tuple, tol: float = 0.5) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def sig_fields(path) -> dict:
    """{name: field dict} of every /Sig field of a PDF."""
    from pypdf import PdfReader

    return {k: v for k, v in (PdfReader(path).get_fields() or {}).items() if v.get("/FT") == "/Sig"}


def bookmarks(reader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark of a pypdf reader, in order."""
    def flat(items, depth=0):
        for it in items:
            if isinstance(it, list):
                yield from flat(it, depth + 1)
            else:
                yield depth, it.title, reader.get_destination_page_number(it)

    return list(flat(reader.outline))


def check_pack(path, sections_expected: int | None = None) -> list:
    """The checks every pack passes: "n / N" on every page, every bookmark on a page of the
    pack and the first on the cover; returns [(depth, title, page)] of the bookmarks."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    n = len(reader.pages)
    marks = bookmarks(reader)
    assert marks and marks[0][2] == 0 and "Cover" in marks[0][1], marks[:1]
    assert all(0 <= page < n for _, _, page in marks)
    assert [p for d, _, p in marks if d == 0] == sorted(p for d, _, p in marks if d == 0)
    for i in range(n):
        assert f"{i + 1}/{n}" in norm(pdftotext(path, "-f", str(i + 1), "-l", str(i + 1))), i
    return marks


def jpegs_in(path, tmp) -> set[bytes]:
    """The JPEG streams of a PDF, as stored (pdfimages -all writes them out unchanged)."""
    tmp = Path(tmp)
    tmp.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdfimages", "-all", str(path), str(tmp / "img")], check=True)
    return {p.read_bytes() for p in tmp.glob("img-*.jpg")}


def make_p12(path: Path, passphrase: bytes):
    """A throwaway self-signed signing certificate written as PKCS#12; returns the cert."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Emily Rose Harris (test)")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"test", key, cert, None, serialization.BestAvailableEncryption(passphrase)))
    return cert
