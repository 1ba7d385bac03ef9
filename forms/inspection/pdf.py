"""PDF analysis: structure and encryption with qpdf (pikepdf), pages with PDFium
(pypdfium2): page sizes, scanned images and their effective resolution, renders for the
quality measures and the thumbnail, and the text layer for a passport MRZ.

qpdf says exactly what it had to repair, which tells a damaged file (its cross-reference
table had to be rebuilt: what was recovered may be incomplete) from one with small repaired
errors. PDFium is the renderer of Chrome: it opens what viewers open, and renders pages
on every platform without external tools.
"""

from __future__ import annotations

import re

from forms.inspection.record import problem, short_error
from forms.inspection.mrz_text import find_td3
from forms.inspection.quality import blur_effect, measure, rounded, to_gray8
from forms.inspection.thumbnail import thumbnail_png
from forms.inspection.mrz_ocr import search_image, search_text

# Long side, in pixels, of the render used to measure ink on a page without a scan.
INK_RENDER_PX = 600
# Longest side rendered to measure a scan's blur, whatever the page size.
MAX_RENDER_PX = 2500
# A page is a scan when one image covers at least this share of it.
SCAN_SHARE = 0.5
# Scanned pages searched for an MRZ: the first (a passport copy starts with its photo page)
MRZ_PAGES = 1
# Page objects looked at per page to find the scan (a drawing can have thousands).
MAX_OBJECTS = 2000

_PAGE_OF = [
    re.compile(r"\bpage\s+(\d{1,3})\s+of\s+(\d{1,3})\b", re.I),
    re.compile(r"第\s*(\d{1,3})\s*页\s*[,，/、]?\s*共\s*(\d{1,3})\s*页"),
    re.compile(r"共\s*(\d{1,3})\s*页\s*[,，/、]?\s*第\s*(\d{1,3})\s*页"),
]


def analyse_pdf(path, a: dict, cfg: dict) -> bytes | None:
    """Fill the analysis `a` of the PDF at `path`; return the thumbnail PNG or None."""
    if not _has_header(path):
        problem(a, "PDF_DAMAGED", problem="no %PDF- header: the start of the file is missing")
        return None
    state = _structure(path, a)
    if state in ("password", "xfa"):
        return None
    if a["page_count"] == 0:
        problem(a, "PDF_NO_PAGES")
        return None
    return _pages(path, a, cfg, damaged=(state == "damaged"))


def _structure(path, a: dict) -> str:
    """ok | repaired | damaged | password, with the problems that say so."""
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        a["encryption"] = "user"
        problem(a, "PDF_ENCRYPTED")
        return "password"
    except pikepdf.PdfError as exc:
        _damaged(path, a, short_error(exc, path))
        return "damaged"
    with pdf:
        try:
            a["page_count"] = len(pdf.pages)
            for _ in pdf.objects:  # resolve every object: damage can hide in a lazy one
                pass
        except (pikepdf.PdfError, RecursionError, ValueError, KeyError) as exc:
            _damaged(path, a, short_error(exc, path))
            return "damaged"
        warnings = [short_error(w, path) for w in pdf.get_warnings()]
        if _xfa_only(pdf):
            problem(a, "PDF_XFA")
            return "xfa"
        broken = _content_damage(pdf, path)
        if broken:  # viewers draw the page differently or not at all
            problem(a, "PDF_DAMAGED", problem=broken)
            return "damaged"
        if pdf.is_encrypted:
            a["encryption"] = "owner"
            allow = pdf.allow
            denied = [name for name in ("print_highres", "modify_other", "extract")
                      if not getattr(allow, name, True)]
            problem(a, "PDF_RESTRICTED", denied=denied)
    if any("reconstruct" in w for w in warnings):
        detail = next((w for w in warnings if w and "damaged" not in w and "reconstruct" not in w), warnings[0])
        _damaged(path, a, detail)
        return "damaged"
    if warnings:
        problem(a, "PDF_REPAIRED", problem=next((w for w in warnings if "damaged" not in w), warnings[0]))
        return "repaired"
    return "ok"


# Image filters whose data only a renderer decodes: a scan's JPEG is checked by page (_pages).
_IMAGE_FILTERS = {"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"}


def _content_damage(pdf, path) -> str | None:
    """What `qpdf --check` would find wrong in the pages' content streams or in a stream it
    decodes (Flate, LZW, ...): a pack copies them as they are. None when nothing is."""
    import pikepdf

    pdf.get_warnings()  # (each call hands over the warnings since the last one)
    try:
        for i, page in enumerate(pdf.pages):
            try:
                pikepdf.parse_content_stream(page)
            except pikepdf.PdfError as exc:
                return f"page {i + 1}: " + short_error(str(exc), path)
            warnings = pdf.get_warnings()
            if warnings:
                return f"page {i + 1}: " + short_error(str(warnings[0]), path)
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream):
                continue
            filters = obj.get("/Filter")
            names = {str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters])} if filters else set()
            if names & _IMAGE_FILTERS:
                continue
            try:
                obj.read_bytes()
            except pikepdf.PdfError as exc:  # (warnings only: the data decodes, perhaps with extra bytes)
                return short_error(str(exc), path)
    except (pikepdf.PdfError, RecursionError, ValueError, TypeError) as exc:
        return short_error(exc, path)
    return None


def _has_header(path) -> bool:
    with open(path, "rb") as fh:
        return b"%PDF-" in fh.read(1024)


def _xfa_only(pdf) -> bool:
    """A dynamic XFA form: its content is in the XFA stream, and its pages hold only the
    "requires Adobe Reader" notice. It says so (/NeedsRendering), or has no AcroForm field
    to show (a static XFA form keeps AcroForm fields and real pages: those are fine)."""
    import pikepdf

    try:
        root = pdf.Root
        form = root.get("/AcroForm")
        if form is None or "/XFA" not in form:
            return False
        if bool(root.get("/NeedsRendering", False)):
            return True
        fields = form.get("/Fields")
        return fields is None or len(fields) == 0
    except (pikepdf.PdfError, ValueError, TypeError, AttributeError):
        return False


def _damaged(path, a: dict, detail: str) -> None:
    if _cut_off(path):
        problem(a, "FILE_TRUNCATED", type="pdf")
    else:
        problem(a, "PDF_DAMAGED", problem=detail)


def _cut_off(path) -> bool:
    """A PDF ends with %%EOF (after its last update); one that does not was cut off."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        tail = fh.read().rstrip(b"\x00\r\n\t\f ")
    return b"%%EOF" not in tail[-1024:]


def _pages(path, a: dict, cfg: dict, damaged: bool) -> bytes | None:
    import pypdfium2 as pdfium
    from PIL import Image

    limits = cfg["limits"]
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if not damaged:
            problem(a, "PDF_DAMAGED", problem=short_error(exc, path))
        return None
    thumb = None
    try:
        count = len(doc)
        if a["page_count"] is None or damaged:
            a["page_count"] = count
        if count == 0:
            problem(a, "PDF_NO_PAGES")
            return None
        too_large, broken = [], []
        for i in range(min(count, limits["max_pages_measured"])):
            try:
                page = doc[i]
            except pdfium.PdfiumError:
                if not damaged:
                    problem(a, "PDF_DAMAGED", problem=f"page {i + 1} cannot be read")
                    damaged = True
                continue
            try:
                entry, pil = _measure_page(page, i, cfg, too_large, broken)
                a["pages"].append(entry)
                if i == 0 and pil is not None:
                    thumb = thumbnail_png(pil)
                if i < limits["max_pages_text"]:
                    _read_text(page, a, i + 1)
                if i < MRZ_PAGES and entry["scan"] and pil is not None:
                    search_image(a, pil, i + 1)
            finally:
                page.close()
        if broken:
            page_no, detail = broken[0]
            problem(a, "IMAGE_DAMAGED", type="pdf", page=page_no, problem=detail)
        if too_large:
            w, h = too_large[0]
            problem(a, "IMAGE_PIXEL_LIMIT", width=w, height=h, pixels=w * h, limit=Image.MAX_IMAGE_PIXELS)
    finally:
        doc.close()
    return thumb


def _measure_page(page, index: int, cfg: dict, too_large: list, broken: list):
    """(page entry, picture of the page) of one page. A scanned page is looked at at the
    blur measuring DPI (or its own, if lower: enlarging would blur it), any other page
    small. A page that is one JPEG and nothing else is decoded straight from its JPEG at a
    reduced scale, which is several times faster than rendering it."""
    from PIL import Image

    w_pt, h_pt = page.get_size()
    entry = {"index": index, "width_pt": round(w_pt, 1), "height_pt": round(h_pt, 1),
             "width_px": None, "height_px": None, "dpi": None, "scan": False,
             "ink": None, "blur": None, "fingerprint": None, "aspect": None}
    if w_pt <= 1 or h_pt <= 1:
        return entry, None
    scan = _scan_image(page, w_pt * h_pt)
    pil = None
    if scan:
        (px_w, px_h), dpi, bounds, obj = scan
        entry.update(width_px=px_w, height_px=px_h, dpi=dpi, scan=True)
        if px_w * px_h > Image.MAX_IMAGE_PIXELS:  # do not let the renderer decode it
            too_large.append((px_w, px_h))
            return entry, None
        damage = _jpeg_damage(obj)
        if damage:  # a renderer shows it blank or as noise: not a blank page, a broken one
            broken.append((index + 1, damage))
            return entry, None
        render_dpi = min(cfg["blur"]["measure_dpi"], dpi or cfg["blur"]["measure_dpi"])
        scale = min(render_dpi / 72.0, MAX_RENDER_PX / max(w_pt, h_pt))
        if page.get_rotation() == 0 and _covers(bounds, w_pt, h_pt):
            pil = _decode_jpeg(obj, (round(w_pt * scale), round(h_pt * scale)))
    else:
        scale = min(INK_RENDER_PX / max(w_pt, h_pt), 4.0)
    if pil is None:
        pil = _render(page, scale)
    gray = to_gray8(pil)
    entry.update(measure(gray, ink_level=cfg["blank"]["ink_level"]))
    if scan:
        crop = gray
        if page.get_rotation() == 0 and crop.size == _render_size(w_pt, h_pt, scale):
            left, bottom, right, top = bounds  # measure blur on the scan, not on the margin
            box = (max(0, round(left * scale)), max(0, round((h_pt - top) * scale)),
                   min(gray.width, round(right * scale)), min(gray.height, round((h_pt - bottom) * scale)))
            if box[2] - box[0] > 64 and box[3] - box[1] > 64:
                crop = gray.crop(box)
        entry["blur"] = rounded(blur_effect(crop))
    return entry, pil


def _render(page, scale: float):
    bitmap = page.render(scale=scale, may_draw_forms=True)
    try:
        return bitmap.to_pil().copy()
    finally:
        bitmap.close()


def _render_size(w_pt: float, h_pt: float, scale: float) -> tuple[int, int]:
    import math
    return math.ceil(w_pt * scale - 1e-6), math.ceil(h_pt * scale - 1e-6)


def _covers(bounds, w_pt: float, h_pt: float) -> bool:
    left, bottom, right, top = bounds
    return left <= 0.02 * w_pt and bottom <= 0.02 * h_pt and right >= 0.98 * w_pt and top >= 0.98 * h_pt


def _decode_jpeg(obj, size: tuple[int, int]):
    """The page's scan straight from its JPEG, upright and at about `size`; None when the
    image is not a plain JPEG placed upright, or Pillow cannot read it (then it is rendered)."""
    import io

    import pypdfium2 as pdfium
    from PIL import Image

    try:
        if obj.get_filters() != ["DCTDecode"]:
            return None
        a, b, c, d, _e, _f = obj.get_matrix().get()
        if abs(b) > 1e-6 or abs(c) > 1e-6 or a <= 0 or d <= 0:  # turned or mirrored
            return None
        data = bytes(obj.get_data(decode_simple=False))
        img = Image.open(io.BytesIO(data))
        if img.format != "JPEG" or img.mode not in ("L", "RGB", "CMYK"):
            return None
        img.draft(img.mode, size)
        img.load()
        out = img.convert("RGB") if img.mode == "CMYK" else img
        return out if out.size == size else out.resize(size, Image.Resampling.BOX)
    except (pdfium.PdfiumError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def _jpeg_damage(obj) -> str | None:
    """Why the scan's JPEG stream cannot be decoded in full (cut off, a few bytes), or None
    (also for an image that is not a JPEG: the structure check covers those)."""
    import pypdfium2 as pdfium

    from forms.inspection.jpeg import dct_damage

    try:
        if obj.get_filters() != ["DCTDecode"]:
            return None
        data = bytes(obj.get_data(decode_simple=False))
    except pdfium.PdfiumError:
        return None
    damage = dct_damage(data)
    return f"its JPEG image of {len(data)} bytes: {damage}" if damage else None


def _scan_image(page, page_area: float):
    """((px_w, px_h), dpi, bounds, image object) of the page's scan: of the images that cover at least
    SCAN_SHARE of the page, the one with the most pixels (a layered scan keeps its text in
    a fine layer over a coarse background). None for a page without one."""
    import pypdfium2 as pdfium

    best = None
    for n, obj in enumerate(page.get_objects(max_depth=2)):
        if n >= MAX_OBJECTS:
            break
        if not isinstance(obj, pdfium.PdfImage):
            continue
        try:
            left, bottom, right, top = obj.get_bounds()
            if max(0.0, right - left) * max(0.0, top - bottom) < SCAN_SHARE * page_area:
                continue
            px_w, px_h = obj.get_px_size()
            if best is None or px_w * px_h > best[0][0] * best[0][1]:
                best = ((int(px_w), int(px_h)), obj, (left, bottom, right, top))
        except pdfium.PdfiumError:
            continue
    if best is None:
        return None
    px, obj, bounds = best
    try:
        meta = obj.get_metadata()
        dpi = min(meta.horizontal_dpi, meta.vertical_dpi)
    except pdfium.PdfiumError:
        dpi = 0
    return px, (round(dpi, 1) if dpi > 0 else None), bounds, obj


def _read_text(page, a: dict, number: int) -> None:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    if not text.strip():
        return
    a["text_layer"] = True
    if a["mrz"] is None:
        a["mrz"] = find_td3(text)
    search_text(a, text, number)
    stated = stated_total(text)
    if stated and (a["stated_pages"] or 0) < stated:
        a["stated_pages"] = stated


def stated_total(text: str) -> int | None:
    """N from "page 2 of N" / "第2页 共N页" / "共N页 第2页" in a page's text."""
    best = None
    for i, rx in enumerate(_PAGE_OF):
        for m in rx.finditer(text):
            page, total = (int(m.group(1)), int(m.group(2))) if i < 2 else (int(m.group(2)), int(m.group(1)))
            if 1 <= page <= total <= 500:
                best = max(best or 0, total)
    return best
