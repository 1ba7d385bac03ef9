"""Raster image analysis with Pillow: JPEG, PNG and TIFF (every page of a multi-page TIFF).

Pillow's pixel limit (Image.MAX_IMAGE_PIXELS) is honoured for every frame and reported
as a finding. A JPEG is decoded at a reduced scale (libjpeg's DCT scaling), which is both
the reduced copy the measures need and a large saving of time and memory. EXIF
orientation is applied before anything is measured, so the thumbnail is upright.
"""

from __future__ import annotations

import warnings

from forms.inspection.record import problem, short_error
from forms.inspection.quality import blur_effect, measure, reduced, rounded, to_gray8
from forms.inspection.thumbnail import thumbnail_png
from forms.inspection.mrz_ocr import search_image

_ORIENTATION = 0x0112
_TRANSPOSED = (5, 6, 7, 8)  # orientations that swap width and height


def analyse_image(path, a: dict, cfg: dict) -> bytes | None:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            _pixel_limit(a, exc, path)
            return None
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure of a decoder means a damaged file
            _damaged(a, exc, path)
            return None
        with img:
            thumb = _frames_of(img, path, a, cfg)
    if a["type"] == "jpeg" and all(p["code"] in _HANDLED for p in a["problems"]):
        _check_jpeg_data(path, a)
    return thumb


# Problems of a readable JPEG after which its data is still checked in full.
_HANDLED = {"IMAGE_CMYK", "EXIF_ROTATED"}


def _check_jpeg_data(path, a: dict) -> None:
    from forms.inspection.jpeg import dct_damage

    if a["type"] != "jpeg":
        return
    with open(path, "rb") as fh:
        damage = dct_damage(fh.read())
    if damage:
        text = damage.lower()
        if "premature end" in text or "truncated" in text:
            problem(a, "FILE_TRUNCATED", type="jpeg")
        else:
            problem(a, "IMAGE_DAMAGED", type="jpeg", problem=damage)


def _frames_of(img, path, a: dict, cfg: dict) -> bytes | None:
    from PIL import Image, ImageOps

    # The blur is measured on a copy at the document's measuring DPI, for each kind of
    # document the picture may show (which one it shows is the requirement's business).
    targets = {kind: round(max(row["width_mm"], row["height_mm"]) / 25.4 * cfg["blur"]["measure_dpi"])
               for kind, row in cfg["kind"].items()}
    blur_px = max(targets.values())
    orientation = _orientation(img)
    frames = _frames(img)
    info = {"format": img.format, "mode": img.mode, "bits": bits_per_channel(img, path),
            "orientation": orientation, "frames": frames}
    a["image"] = info
    a["page_count"] = frames
    if img.mode == "CMYK":
        problem(a, "IMAGE_CMYK")
    if info["bits"] and info["bits"] > 8:
        problem(a, "IMAGE_16BIT", bits=info["bits"])
    if orientation and orientation != 1:
        problem(a, "EXIF_ROTATED", orientation=orientation)
    if frames > 1:
        problem(a, "TIFF_MULTIPAGE", pages=frames)
    thumb = None
    for index in range(min(frames, cfg["limits"]["max_pages_measured"])):
        try:
            frame, (full_w, full_h) = _decoded_frame(img, index, blur_px)
            frame = reduced(frame, blur_px)  # all the measures need, and little memory
            if orientation and orientation != 1:
                frame = ImageOps.exif_transpose(frame)
            gray = to_gray8(frame)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            _pixel_limit(a, exc, path)
            break
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - a decoder's failure: the file is damaged
            _damaged(a, exc, path)
            break
        if orientation in _TRANSPOSED:
            full_w, full_h = full_h, full_w
        entry = {"index": index, "width_px": full_w, "height_px": full_h,
                 "dpi": _declared_dpi(img), "scan": True}
        entry.update(measure(gray, ink_level=cfg["blank"]["ink_level"]))
        entry["blur"] = {kind: rounded(blur_effect(gray, target)) for kind, target in targets.items()}
        a["pages"].append(entry)
        if index == 0:
            thumb = thumbnail_png(frame)
            search_image(a, gray, 1)
    return thumb


def _damaged(a: dict, exc: BaseException, path) -> None:
    text = str(exc).lower()
    if isinstance(exc, EOFError) or "truncated" in text or "premature end" in text:
        problem(a, "FILE_TRUNCATED", type=a["type"])
    elif "cannot identify" in text:
        problem(a, "IMAGE_DAMAGED", type=a["type"], problem="not decodable")
    else:
        problem(a, "IMAGE_DAMAGED", type=a["type"], problem=short_error(exc, path))


def _decoded_frame(img, index: int, blur_px: int):
    """(frame `index` decoded, its full size): a JPEG at the smallest DCT scale that keeps
    its long side at least `blur_px`. Raises on a frame over the pixel limit."""
    from PIL import Image

    if index:
        img.seek(index)
    w, h = img.size
    if w * h > Image.MAX_IMAGE_PIXELS:  # Pillow checks the first frame only
        raise Image.DecompressionBombError(f"Image size ({w * h} pixels) exceeds limit")
    if img.format == "JPEG":
        scale = min(1.0, blur_px / max(w, h))
        img.draft(None, (max(1, int(w * scale)), max(1, int(h * scale))))
    img.load()
    return (img if img.format != "TIFF" else img.copy()), (w, h)


def probe_pixels(path, a: dict) -> None:
    """For a type that is not checked (GIF, BMP, WebP): only say if it is a pixel bomb."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as img:
                a["page_count"] = 1
                a["pages"].append({"index": 0, "width_px": img.width, "height_px": img.height, "dpi": None,
                                   "scan": True, "ink": None, "blur": None, "fingerprint": None, "aspect": None})
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            _pixel_limit(a, exc, path)
        except Exception:  # noqa: BLE001 - the type is already the finding
            pass


def _pixel_limit(a: dict, exc, path) -> None:
    from PIL import Image

    import re
    m = re.search(r"\((\d+) pixels\)", str(exc))
    pixels = int(m.group(1)) if m else None
    width = height = None
    try:  # the header says how large; read it without the limit, without decoding
        saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            with Image.open(path) as img:
                width, height = img.size
        finally:
            Image.MAX_IMAGE_PIXELS = saved
    except Exception:  # noqa: BLE001
        pass
    problem(a, "IMAGE_PIXEL_LIMIT", width=width, height=height,
            pixels=pixels or ((width or 0) * (height or 0)) or None, limit=Image.MAX_IMAGE_PIXELS)


def _orientation(img) -> int | None:
    try:
        value = img.getexif().get(_ORIENTATION)
    except Exception:  # noqa: BLE001 - a broken EXIF block is not the user's problem
        return None
    return int(value) if isinstance(value, int) and 1 <= value <= 8 else None


def _frames(img) -> int:
    try:
        return max(1, int(getattr(img, "n_frames", 1)))
    except Exception:  # noqa: BLE001 - a broken frame chain: check the first frame
        return 1


def bits_per_channel(img, path) -> int | None:
    """Bits per channel as stored (Pillow may already have reduced 16-bit RGB to 8)."""
    if img.mode.startswith("I;16"):
        return 16
    if img.mode in ("I", "F"):
        return 32
    if img.format == "PNG":
        with open(path, "rb") as fh:
            header = fh.read(26)
        return header[24] if len(header) >= 26 else None
    if img.format == "TIFF":
        bits = getattr(img, "tag_v2", {}).get(258)
        if isinstance(bits, (tuple, list)) and bits:
            return int(max(bits))
        return int(bits) if isinstance(bits, int) else None
    return 8 if img.mode != "1" else 1


def _declared_dpi(img) -> float | None:
    dpi = img.info.get("dpi")
    try:
        value = float(min(dpi)) if dpi else None
    except (TypeError, ValueError):
        return None
    return round(value, 1) if value and value > 1 else None

