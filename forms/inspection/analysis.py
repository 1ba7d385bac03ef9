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

from forms.inspection import sniff as S
from forms.inspection import record
from forms.inspection.record import new_analysis, problem, short_error
from forms.inspection.settings import limits, settings



def file_sha256(path, deadline: float | None = None) -> str:
    """The SHA-256 of a regular file within the size limit (forms.common.untrusted: a FIFO
    or a device is refused, not read). TimeoutError once time.monotonic() passes `deadline`."""
    from forms.common.untrusted import open_regular

    h = hashlib.sha256()
    with open_regular(path, limits()["file_mb"] << 20) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError("hashing took too long")
    return h.hexdigest()


def analyse(path) -> tuple[dict, bytes | None]:
    """(analysis, thumbnail PNG or None) of the file at `path`. Never raises."""
    start = time.monotonic()
    a = new_analysis()
    thumb = None
    try:
        try:  # the file itself: gone, locked, not ours to read
            from forms.common.untrusted import TooLarge, check_regular

            try:
                size = check_regular(path, limits()["file_mb"] << 20).st_size
            except TooLarge:
                a["size"] = os.stat(path).st_size
                problem(a, "FILE_TOO_LARGE", size_mb=a["size"] >> 20, limit_mb=limits()["file_mb"])
                return a, None
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
        problem(a, "FILE_TOO_COMPLEX", limit_mb=record.memory_limit_mb or limits()["memory_mb"])
    except RecursionError:
        problem(a, "FILE_READ_ERROR", problem="nesting too deep")
    except Exception as exc:  # noqa: BLE001 - a reader's failure is a finding, not a crash
        problem(a, "FILE_READ_ERROR", problem=short_error(exc, path))
    finally:
        a["seconds"] = round(time.monotonic() - start, 4)
    return a, thumb


def _broken_heif(path, a: dict) -> bool:
    """A HEIC cut off or corrupted: say so, rather than how to convert it."""
    from forms.inspection.heif import box_problem

    found = box_problem(path)
    if found is None:
        return False
    what, detail = found
    if what == "truncated":
        problem(a, "FILE_TRUNCATED", type=a["type"])
    else:
        problem(a, "IMAGE_DAMAGED", type=a["type"], problem=detail)
    return True


def _by_type(path, a: dict) -> bytes | None:
    if a["type"] == "pdf":
        from forms.inspection.pdf import analyse_pdf
        return analyse_pdf(path, a, settings())
    if a["type"] in ("jpeg", "png", "tiff"):
        from forms.inspection.image import analyse_image
        return analyse_image(path, a, settings())
    if a["type"] in ("gif", "bmp", "webp"):
        from forms.inspection.image import probe_pixels
        problem(a, "TYPE_UNSUPPORTED", type=a["type"])
        probe_pixels(path, a)
    elif a["type"] == "unknown":
        problem(a, "TYPE_UNKNOWN")
    elif a["type"] in ("heic", "avif") and _broken_heif(path, a):
        pass
    else:
        problem(a, "TYPE_UNSUPPORTED", type=a["type"])
    return None
