"""Attached scans as PDF pages for the pack, without touching their image data.

- JPEG: the file's bytes become the image stream as they are (DCTDecode, no re-encoding),
  drawn with a matrix that honours all eight EXIF orientations (img2pdf refuses the four
  mirrored ones) and, for Adobe CMYK files, the inverted /Decode that img2pdf also uses.
  Building the page here, rather than through img2pdf and a re-parse, keeps the pack
  within its time budget for the common case.
- PNG, TIFF, GIF, BMP, WebP...: img2pdf, which embeds them losslessly; what img2pdf
  refuses (forms/inspection/packing.py: more than 8 bits with transparency, 32-bit) is
  converted to 8 bits per channel first, as `check` has said.
- PDF: appended as it is, read from its path (no copy of its bytes in memory); one with
  repaired structural errors is rewritten by qpdf first, so that no broken object is copied.
  A file that still cannot be read becomes a placeholder (never a traceback): the pack
  decides what to do with it (forms/pack/files.py).

Each image page is A4, the image at its true size where the DPI is known (shrunk only if
larger than the page), fitted into the page otherwise.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from forms.common.i18n import N_, bi

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
MARGIN = 10 * MM  # around an image of unknown size
DPI_RANGE = (50, 1300)  # outside it a stated DPI is taken as unknown (72 from cameras too)

# EXIF orientation -> display position (X, Y from the top-left, in stored-pixel units) of
# stored pixel (c, r) in an image w x h; swapped = display is h x w.
_ORIENT = {
    1: (lambda c, r, w, h: (c, r), False),
    2: (lambda c, r, w, h: (w - c, r), False),
    3: (lambda c, r, w, h: (w - c, h - r), False),
    4: (lambda c, r, w, h: (c, h - r), False),
    5: (lambda c, r, w, h: (r, c), True),
    6: (lambda c, r, w, h: (h - r, c), True),
    7: (lambda c, r, w, h: (h - r, w - c), True),
    8: (lambda c, r, w, h: (r, w - c), True),
}


@dataclass
class Source:
    """The pages one attached file gives the pack."""
    path: Path
    kind: str  # jpeg | pdf | placeholder
    pages: int = 1
    reader: object = None  # pypdf reader (pdf, or img2pdf's output)
    jpeg: dict = field(default_factory=dict)
    problem: dict | None = None  # bilingual: why it became a placeholder


def _placeholder(path: Path, message: dict) -> Source:
    return Source(path, "placeholder", 1, problem=message)


def _dpi(info: dict) -> float | None:
    dpi = info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return None
    if DPI_RANGE[0] <= x <= DPI_RANGE[1] and abs(x - y) < 1:
        return x
    return None


def placement(w_px: int, h_px: int, dpi: float | None, swapped: bool) -> tuple:
    """(page_w, page_h, x, y, shown_w, shown_h): A4 portrait or landscape, the image at
    its true size when the DPI is known and it fits, else fitted (keeping its shape)."""
    dw, dh = (h_px, w_px) if swapped else (w_px, h_px)
    if dpi:
        sw, sh = dw * 72 / dpi, dh * 72 / dpi
        fits = sw <= A4[0] + 0.5 and sh <= A4[1] + 0.5
        page_w, page_h = A4 if fits or dh >= dw else (A4[1], A4[0])  # portrait unless too wide
        scale = min(1.0, page_w / sw, page_h / sh)  # shrink only
    else:
        sw, sh = float(dw), float(dh)
        page_w, page_h = (A4[1], A4[0]) if dw > dh else A4
        scale = min((page_w - 2 * MARGIN) / sw, (page_h - 2 * MARGIN) / sh)
    sw, sh = sw * scale, sh * scale
    return page_w, page_h, (page_w - sw) / 2, (page_h - sh) / 2, sw, sh


def jpeg_matrix(orientation: int, w: int, h: int, x: float, y: float, sw: float, sh: float) -> list:
    """The cm matrix that draws the image's unit square upright into (x, y, sw, sh)."""
    fn, swapped = _ORIENT.get(orientation, _ORIENT[1])
    dw, dh = (h, w) if swapped else (w, h)

    def page_point(u, v):  # unit square (v up) -> stored pixel -> display -> page
        X, Y = fn(u * w, (1 - v) * h, w, h)
        return x + X * sw / dw, y + sh - Y * sh / dh

    e, f = page_point(0, 0)
    ax, ay = page_point(1, 0)
    cx, cy = page_point(0, 1)
    return [ax - e, ay - f, cx - e, cy - f, e, f]


def _open_jpeg(path: Path, data: bytes, im) -> Source:
    mode = im.mode
    colorspace = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}.get(mode)
    if colorspace is None:
        raise ValueError(f"JPEG mode {mode}")
    orientation = 1
    try:
        orientation = int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block: show the image as stored
        orientation = 1
    swapped = _ORIENT.get(orientation, _ORIENT[1])[1]
    w, h = im.size
    page_w, page_h, x, y, sw, sh = placement(w, h, _dpi(im.info), swapped)
    return Source(path, "jpeg", 1, jpeg={
        "data": data, "width": w, "height": h, "colorspace": colorspace,
        "components": {"L": 1, "RGB": 3, "CMYK": 4}[mode],
        "invert": mode == "CMYK" and "adobe" in im.info,
        "icc": im.info.get("icc_profile"),
        "page": (page_w, page_h),
        "matrix": jpeg_matrix(orientation, w, h, x, y, sw, sh),
    })


def _eight_bit(im) -> bytes:
    """The image as an 8-bit PNG (transparency kept), for what img2pdf refuses."""
    from PIL import Image

    im.load()
    if im.mode in ("I", "F", "I;16", "I;16B", "I;16L"):
        im = im.point(lambda v: v / 257) if im.mode != "F" else im
        im = im.convert("L")
    elif im.mode not in ("1", "L", "LA", "RGB", "RGBA", "P"):
        im = im.convert("RGBA" if "A" in im.mode or "a" in im.mode else "RGB")
    buf = io.BytesIO()
    dpi = _dpi(im.info)
    Image.Image.save(im, buf, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return buf.getvalue()


def _open_image_img2pdf(path: Path, data: bytes, im) -> Source:
    import img2pdf
    from PIL import ImageOps
    from pypdf import PdfReader

    from forms.inspection.image import bits_per_channel
    from forms.inspection.packing import converted_for_pack

    dpi = _dpi(im.info)
    if getattr(im, "n_frames", 1) == 1 and converted_for_pack(im.mode, bits_per_channel(im, path)):
        data = _eight_bit(im)
    orientation = 1
    try:
        orientation = int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001
        pass
    if orientation != 1 and getattr(im, "n_frames", 1) == 1:
        # img2pdf cannot mirror: turn the pixels upright (lossless, PNG keeps them all)
        upright = ImageOps.exif_transpose(im)
        buf = io.BytesIO()
        upright.save(buf, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
        data = buf.getvalue()
        im = upright

    def layout(imgwidthpx, imgheightpx, ndpi):
        page_w, page_h, x, y, sw, sh = placement(imgwidthpx, imgheightpx, dpi, False)
        return page_w, page_h, sw, sh

    try:
        pdf = img2pdf.convert(data, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
    except ValueError:  # a refusal the rule above did not foresee: convert, as it says
        if getattr(im, "n_frames", 1) != 1:
            raise
        pdf = img2pdf.convert(_eight_bit(im), layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
    reader = PdfReader(io.BytesIO(pdf))
    return Source(path, "pdf", len(reader.pages), reader=reader)


def _open_pdf(path: Path, name: str, rewrite: bool = False) -> Source:
    from pypdf import PdfReader

    try:
        reader = PdfReader(_rewritten(path) if rewrite else path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return _placeholder(path, bi(N_("{file} is protected by a password, so it cannot be included. Remove the password (print it to a new PDF) and attach it again."),
                                         file=name))
        n = len(reader.pages)
        for page in reader.pages:  # touch every page now: a broken one fails here, not later
            page.mediabox
        if n == 0:
            raise ValueError("no pages")
    except Exception:  # noqa: BLE001 - any reader failure is a broken file for the user
        if not rewrite:
            return _open_pdf(path, name, rewrite=True)
        return _placeholder(path, bi(N_("{file} is damaged or not a real PDF, so it cannot be included. Export or scan it again and attach the new file."),
                                     file=name))
    return Source(path, "pdf", n, reader=reader)


def _rewritten(path: Path) -> io.BytesIO:
    """The PDF as qpdf repairs and writes it (decrypted, every object re-serialised)."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(path) as pdf:
        pdf.save(out)
    out.seek(0)
    return out


def open_source(path: Path, name: str | None = None, analysis: dict | None = None) -> Source:
    """Read one attached file into the pages it gives (or a placeholder saying why not).
    `name`: how a placeholder's message names the file (its original name), default the
    file's own name. `analysis`: the inspection's (forms/inspection/analysis.py), which
    says what the file is and whether qpdf had to repair it."""
    from PIL import Image, UnidentifiedImageError

    from forms.inspection.settings import limits
    from forms.common.untrusted import NotRegularFile, TooLarge, check_regular, read_regular

    path = Path(path)
    name = name or path.name
    try:  # a regular file within the inspection's size limit: a FIFO or a device is not opened
        check_regular(path, limits()["file_mb"] << 20)
    except NotRegularFile:
        return _placeholder(path, bi(N_("{file} is not a file but a pipe, a device or a folder, so it cannot be included: attach the scan itself."),
                                     file=name))
    except TooLarge:
        return _placeholder(path, bi(N_("{file} is larger than the {limit} MB Shebao Desk reads, so it cannot be included: attach a PDF or JPEG of the document (a 300-DPI scan)."),
                                     file=name, limit=limits()["file_mb"]))
    except OSError:
        return _placeholder(path, bi(N_("The attached file {file} cannot be found or read: attach it again."),
                                     file=name))
    if analysis is not None and analysis.get("type") == "pdf":
        repaired = any(p["code"] == "PDF_REPAIRED" for p in analysis["problems"])
        return _open_pdf(path, name, rewrite=repaired)
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return _placeholder(path, bi(N_("The attached file {file} cannot be found or read: attach it again."),
                                     file=name))
    if b"%PDF-" in head or path.suffix.lower() == ".pdf":
        return _open_pdf(path, name)
    try:
        data = read_regular(path, limits()["file_mb"] << 20)
        im = Image.open(io.BytesIO(data))  # header only; Pillow's pixel limit guards against bombs
        if im.format == "JPEG":
            return _open_jpeg(path, data, im)
        return _open_image_img2pdf(path, data, im)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError,
            EOFError, KeyError, IndexError, TypeError, ZeroDivisionError) as exc:
        return _placeholder(path, bi(N_("{file} cannot be included ({problem}): save it as JPEG, PNG or PDF and attach it again."),
                                     file=name, problem=type(exc).__name__ if not str(exc) else str(exc)[:80]))
    except Exception as exc:  # noqa: BLE001 - img2pdf raises its own kinds
        return _placeholder(path, bi(N_("{file} cannot be included ({problem}): save it as JPEG, PNG or PDF and attach it again."),
                                     file=name, problem=str(exc)[:80] or type(exc).__name__))


def add_jpeg_page(writer, src: Source) -> None:
    """Append a page showing the JPEG of `src` (bytes as they are) to a pypdf writer."""
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject,
                               NumberObject, StreamObject)

    j = src.jpeg
    cs = NameObject(j["colorspace"])
    if j["icc"]:
        icc = DecodedStreamObject()
        icc.set_data(j["icc"])
        icc[NameObject("/N")] = NumberObject(j["components"])
        icc[NameObject("/Alternate")] = cs
        cs = ArrayObject([NameObject("/ICCBased"), writer._add_object(icc)])
    image = {
        "/Type": NameObject("/XObject"), "/Subtype": NameObject("/Image"),
        "/Width": NumberObject(j["width"]), "/Height": NumberObject(j["height"]),
        "/ColorSpace": cs, "/BitsPerComponent": NumberObject(8),
        "/Filter": NameObject("/DCTDecode"), "/Length": NumberObject(len(j["data"])),
        "__streamdata__": j["data"],
    }
    if j["invert"]:
        image["/Decode"] = ArrayObject([NumberObject(v) for v in (1, 0, 1, 0, 1, 0, 1, 0)])
    image = {(k if k.startswith("__") else NameObject(k)): v for k, v in image.items()}
    image_ref = writer._add_object(StreamObject.initialize_from_dictionary(image))
    page = writer.add_blank_page(*j["page"])
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): image_ref})})
    content = DecodedStreamObject()
    m = " ".join(f"{v:.4f}" for v in j["matrix"])
    content.set_data(f"q {m} cm /Im0 Do Q".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
