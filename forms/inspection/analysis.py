"""analyse(path): everything the inspection measures in one file, as plain JSON-able data.

This is the part that touches untrusted bytes, so it runs in a worker process (worker.py)
with a time limit and a memory ceiling. It never raises: every failure becomes a problem
code in the result. It knows nothing of cases or requirements, so its result depends on
the file's content alone and is cached by content hash (cache.py); judge.py turns it into
findings for a given requirement and channel.

An analysis:
    version        INSPECTION_VERSION that made it
    sha256, size   of the content
    type           sniffed type id (sniff.py): pdf, jpeg, png, tiff, heic, docx, ...
    problems       [{"code": "PDF_ENCRYPTED", "params": {...}}]: content problems
    page_count     pages (PDF) or frames (TIFF), or None
    pages          per measured page: width_px, height_px, dpi (PDF: effective resolution of
                   the page's scan image; images: the resolution the file declares, or None),
                   scan (the page is a scanned image), ink, blur, fingerprint, aspect
    encryption     None | "owner" | "user"
    image          format, mode, bits, orientation (EXIF), frames: for images
    text_layer     whether any measured PDF page has text
    mrz            the two TD3 lines found in the text layer, or None
    mrz_read       the best MRZ reading (text layer or OCR of a picture; mrz_ocr.summary_of),
                   valid or not, or None; mrz_searched: whether a picture was searched
    stated_pages   "page 1 of N" found in the text layer: N, or None
    seconds        time taken
"""

from __future__ import annotations

import hashlib
import os
import time

from . import sniff as S
from .settings import limits, settings

# Bump when the analysis changes what it measures: cached results of older versions are
# then ignored.
INSPECTION_VERSION = 2  # 2: the MRZ read from pictures (mrz_read)

# The memory ceiling of the process this runs in (set by worker.py), for the finding.
memory_limit_mb: int | None = None


def new_analysis() -> dict:
    return {
        "version": INSPECTION_VERSION, "sha256": None, "size": None, "type": "unknown",
        "problems": [], "page_count": None, "pages": [], "encryption": None, "image": None,
        "text_layer": False, "mrz": None, "mrz_read": None, "mrz_searched": False, "stated_pages": None,
        "seconds": 0.0,
    }


def problem(analysis: dict, code: str, **params) -> None:
    analysis["problems"].append({"code": code, "params": params})


def failed(code: str, **params) -> dict:
    """An analysis that could not be made (time limit, memory, crashed worker)."""
    a = new_analysis()
    a["type"] = "unknown"
    problem(a, code, **params)
    return a


def file_sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def analyse(path) -> tuple[dict, bytes | None]:
    """(analysis, thumbnail PNG or None) of the file at `path`. Never raises."""
    start = time.monotonic()
    a = new_analysis()
    thumb = None
    try:
        try:  # the file itself: gone, locked, not ours to read
            size = os.stat(path).st_size
            a["size"] = size
            if size == 0:
                a["type"] = "empty"
                problem(a, "FILE_EMPTY")
                return a, None
            head = S.read_head(path)
            a["sha256"] = file_sha256(path)
        except OSError as exc:
            problem(a, "FILE_UNREADABLE", problem=exc.strerror or type(exc).__name__)
            return a, None
        a["type"] = S.sniff(head, path)
        thumb = _by_type(path, a)
    except MemoryError:
        thumb = None
        problem(a, "FILE_TOO_COMPLEX", limit_mb=memory_limit_mb or limits()["memory_mb"])
    except RecursionError:
        problem(a, "FILE_READ_ERROR", problem="nesting too deep")
    except Exception as exc:  # noqa: BLE001 - a reader's failure is a finding, not a crash
        problem(a, "FILE_READ_ERROR", problem=short_error(exc, path))
    finally:
        a["seconds"] = round(time.monotonic() - start, 4)
    return a, thumb


def _by_type(path, a: dict) -> bytes | None:
    if a["type"] == "pdf":
        from .pdf import analyse_pdf
        return analyse_pdf(path, a, settings())
    if a["type"] in ("jpeg", "png", "tiff"):
        from .image import analyse_image
        return analyse_image(path, a, settings())
    if a["type"] in ("gif", "bmp", "webp"):
        from .image import probe_pixels
        problem(a, "TYPE_UNSUPPORTED", type=a["type"])
        probe_pixels(path, a)
    elif a["type"] == "unknown":
        problem(a, "TYPE_UNKNOWN")
    else:
        problem(a, "TYPE_UNSUPPORTED", type=a["type"])
    return None


def short_error(exc: BaseException | str, path=None) -> str:
    """A reader's message, one line, without the file's path (the analysis is cached by
    content, and the same content may sit at another path)."""
    text = str(exc)
    if path is not None:
        text = text.replace(str(path), "").replace(os.path.basename(str(path)), "")
    text = " ".join(text.split()).lstrip(":,; ")
    if isinstance(exc, BaseException):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text[:160]
