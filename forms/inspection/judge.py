"""Findings and facts from an analysis (analysis.py), for one attached file and the
requirement it is attached to. Pure and fast: the thresholds come from the data
(resources/data/inspection.toml, the channel's upload limit from the rules), so a cached
analysis is judged again with whatever the data says now.
"""

from __future__ import annotations

from pathlib import PurePath

from forms.law.findings import BLOCKER, INFO, WARNING, Finding
from forms.common.i18n import LANGS, N_, bi, format_size, tr
from forms.inspection import settings as S
from forms.inspection.sniff import LABELS, claimed_type
from forms.inspection import mrz_judge


_EXTENSION = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "tiff": ".tif", "gif": ".gif", "bmp": ".bmp",
              "webp": ".webp", "heic": ".heic", "avif": ".avif", "jp2": ".jp2", "jxl": ".jxl", "doc": ".doc",
              "docx": ".docx", "xls": ".xls", "xlsx": ".xlsx", "ppt": ".ppt", "pptx": ".pptx", "odt": ".odt",
              "ofd": ".ofd", "rtf": ".rtf", "html": ".html", "text": ".txt", "zip": ".zip", "postscript": ".ps"}

# How to turn an unsupported type into a PDF or JPEG.
_CONVERT = {
    "heic": N_("export the photo as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible)"),
    "avif": N_("open it in an image program and save it as JPEG"),
    "gif": N_("open it in an image program and save it as JPEG"),
    "bmp": N_("open it in an image program and save it as JPEG"),
    "webp": N_("open it in an image program and save it as JPEG"),
    "jp2": N_("open it in an image program and save it as JPEG"),
    "jxl": N_("open it in an image program and save it as JPEG"),
    "zip": N_("take the scans out of the archive and attach each one"),
    "archive": N_("take the scans out of the archive and attach each one"),
    "ofd": N_("open it in an OFD reader and print it to PDF"),
    "video": N_("take a photo or a scan of the document instead"),
}
_CONVERT_DEFAULT = N_("open it and save or print it as PDF")


SCAN_SOURCES = ("guideline-VI", "guideline-IX")


def label(type_id: str) -> dict:
    return bi(LABELS.get(type_id, LABELS["unknown"]))


def kind_title(kind: str) -> dict:
    return S.kinds()[kind]["title"]


def _where(file: str, page: int | None, pages: int | None) -> dict:
    if page is None or not pages or pages <= 1:
        return {lang: file for lang in LANGS}
    return bi(N_("page {page} of {file}"), page=page, file=file)


def file_findings(a: dict, file: str, requirement=None, channel: dict | None = None,
                  case: dict | None = None, name: str | None = None) -> list[Finding]:
    """The findings for the attached `file` (its path as attached) whose analysis is `a`.
    `name`: how the messages name the file (its original file name), default `file`.
    `requirement`: the Requirement it is attached to, or None; `channel`: the channel's rule
    row (its upload limit), or None; `case`: to compare a passport MRZ with, or None."""
    req_id = getattr(requirement, "id", None)
    kind = getattr(requirement, "kind", None)
    # a scan stands for a document of the guideline's lists (VI, IX): without a requirement,
    # those lists are what the file is judged against
    sources = tuple(s["id"] for s in getattr(requirement, "sources", ())) or SCAN_SOURCES
    out: list[Finding] = []
    shown = name or file

    def add(severity, code, message, **kw):
        out.append(Finding(severity, code, message, requirement=req_id, file=file,
                           sources=kw.pop("sources", sources), **kw))

    for p in a["problems"]:
        _problem(add, p["code"], p["params"], shown, a)
    _name(add, a, shown)
    _converted(add, a, shown)
    if not any(f.severity == BLOCKER and f.code in _UNUSABLE for f in out):
        _resolution(add, a, shown, kind)
        _blank(add, a, shown)
        _blur(add, a, shown, kind)
        _stated_pages(add, a, shown)
    _size(add, a, shown, channel)
    if requirement is not None and any(c["id"] == "mrz" for c in requirement.checks) \
            and not any(f.severity == BLOCKER and f.code in _UNUSABLE for f in out):
        out += mrz_judge.findings(a, file, shown, requirement, case)
    if not any(f.severity in (BLOCKER, WARNING) for f in out):
        add(INFO, "FILE_OK", bi(N_("{file}: {summary}. No problems found."), file=shown, summary=summary(a, kind)))
    return out


# Problems after which nothing else about the file can be judged, and nothing of it is
# copied into a pack (a draft shows a page saying why instead).
_UNUSABLE = {"FILE_EMPTY", "FILE_TRUNCATED", "FILE_UNREADABLE", "TYPE_UNSUPPORTED", "TYPE_UNKNOWN",
             "PDF_ENCRYPTED", "PDF_DAMAGED", "PDF_NO_PAGES", "IMAGE_PIXEL_LIMIT", "IMAGE_DAMAGED",
             "FILE_TIMEOUT", "FILE_TOO_COMPLEX", "FILE_CRASHED", "FILE_READ_ERROR", "FILE_TOO_LARGE", "PDF_XFA"}
UNUSABLE = frozenset(_UNUSABLE)


def _converted(add, a: dict, file: str) -> None:
    from forms.inspection.packing import converted_for_pack

    img = a.get("image") or {}
    if a["type"] in ("png", "tiff") and img and converted_for_pack(img.get("mode"), img.get("bits")):
        add(INFO, "IMAGE_CONVERTED", bi(N_("{file} goes into the pack converted to 8 bits per colour channel: the PDF tool cannot embed {bits}-bit colours with transparency as they are. What it shows stays legible; to send it unchanged, save it as an 8-bit PNG or as JPEG."),
                                        file=file, bits=img.get("bits") or 32))


def _problem(add, code: str, params: dict, file: str, a: dict) -> None:
    kind_label = label(params.get("type") or a["type"])
    if code == "FILE_EMPTY":
        add(BLOCKER, code, bi(N_("{file} is empty (0 bytes): the copy or download failed. Attach the file again from the original."), file=file))
    elif code == "FILE_TRUNCATED":
        add(BLOCKER, code, bi(N_("{file} is cut off: it ends before the {type} does, as after an interrupted download or copy. Copy or download it again, or scan the document again."), file=file, type=kind_label))
    elif code == "FILE_UNREADABLE":
        add(BLOCKER, code, bi(N_("{file} cannot be read ({problem}): close any program that has it open and check that you may read it, then attach it again."), file=file, problem=params.get("problem", "")))
    elif code == "TYPE_UNSUPPORTED":
        how = bi(_CONVERT.get(params.get("type"), _CONVERT_DEFAULT))
        add(BLOCKER, code, bi(N_("{file} is a {type}, which counters and the online system do not take. Convert it to PDF or JPEG and attach that: {how}."), file=file, type=kind_label, how=how))
    elif code == "TYPE_UNKNOWN":
        add(BLOCKER, code, bi(N_("{file} is neither a PDF nor an image: it may be damaged, or not the document at all. Attach the scan again as PDF or JPEG."), file=file))
    elif code == "PDF_ENCRYPTED":
        add(BLOCKER, code, bi(N_("{file} needs a password to open, so the counter or the online system cannot open it: open it with the password, print it to a new PDF without one, and attach that."), file=file))
    elif code == "PDF_RESTRICTED":
        add(WARNING, code, bi(N_("{file} carries usage restrictions (an owner password): it opens, but some systems refuse such files. If the upload refuses it, print it to a new PDF and attach that."), file=file))
    elif code == "PDF_DAMAGED":
        add(BLOCKER, code, bi(N_("The structure of {file} is damaged ({problem}): programs may show it differently or not at all. Make a new PDF from the original: scan the document again, or export it again from the program that made it."), file=file, problem=params.get("problem", "")))
    elif code == "PDF_REPAIRED":
        add(WARNING, code, bi(N_("{file} has small structural errors that were repaired while reading it ({problem}). Most programs cope; if the upload refuses it, print it to a new PDF and attach that."), file=file, problem=params.get("problem", "")))
    elif code == "PDF_XFA":
        add(BLOCKER, code, bi(N_("{file} is an XFA form (made with Adobe LiveCycle): most programs, and the counter's, show only a page saying that Adobe Reader is needed, not the document. Open it in Adobe Acrobat Reader, print it to PDF (Microsoft Print to PDF, or Save as PDF), and attach that."), file=file))
    elif code == "PDF_NO_PAGES":
        add(BLOCKER, code, bi(N_("{file} has no pages: attach the PDF that contains the document."), file=file))
    elif code == "IMAGE_PIXEL_LIMIT":
        size = f"{params['width']} × {params['height']}" if params.get("width") else "?"
        add(BLOCKER, code, bi(N_("{file} declares an image of {size} pixels, more than Shebao Desk opens safely ({limit} pixels): it is damaged or made to overload programs. Scan the document at 300 DPI and attach that."), file=file, size=size, limit=params.get("limit") or 0))
    elif code == "IMAGE_DAMAGED" and params.get("page"):
        add(BLOCKER, code, bi(N_("The scanned image on page {page} of {file} is damaged and cannot be decoded ({problem}): programs show it blank or as noise. Scan the document again, or export the PDF again from the program that made it."), file=file, page=params["page"], problem=params.get("problem", "")))
    elif code == "IMAGE_DAMAGED":
        add(BLOCKER, code, bi(N_("{file} is a damaged {type} that cannot be decoded ({problem}): scan or export the document again."), file=file, type=kind_label, problem=params.get("problem", "")))
    elif code == "IMAGE_CMYK":
        add(WARNING, code, bi(N_("{file} is a CMYK JPEG (printing colours): some systems and viewers show it wrongly or refuse it. Save it as an RGB JPEG."), file=file))
    elif code == "IMAGE_16BIT":
        add(INFO, code, bi(N_("{file} stores {bits} bits per colour channel: that makes the file large without making it easier to read. Save it with 8 bits per channel if it is too large to upload."), file=file, bits=params.get("bits", 16)))
    elif code == "EXIF_ROTATED":
        add(INFO, code, bi(N_("{file} is stored turned or mirrored and shown upright by its orientation tag; it was checked upright. If a system shows it turned, rotate it in an image program and save it."), file=file))
    elif code == "TIFF_MULTIPAGE":
        add(INFO, code, bi(N_("{file} is a TIFF with {pages} pages; each page was checked. If the upload does not take TIFF, combine the pages into one PDF."), file=file, pages=params.get("pages", 0)))
    elif code == "FILE_TIMEOUT":
        add(BLOCKER, code, bi(N_("Checking {file} did not finish within {seconds} seconds and was stopped: the file may be damaged or needlessly complex. Make a new PDF or JPEG of the document (a 300-DPI scan) and attach that."), file=file, seconds=params.get("seconds", 0)))
    elif code == "FILE_TOO_COMPLEX":
        add(BLOCKER, code, bi(N_("{file} needs more memory to read than Shebao Desk allows ({limit} MB): it may be damaged or made to overload programs. Make a new PDF or JPEG of the document (a 300-DPI scan) and attach that."), file=file, limit=params.get("limit_mb", 0)))
    elif code == "FILE_TOO_LARGE":
        add(BLOCKER, code, bi(N_("{file} is {size} MB, more than the {limit} MB Shebao Desk reads: it is not a scan, or it is damaged. Attach a PDF or JPEG of the document (a 300-DPI scan)."), file=file, size=params.get("size_mb", 0), limit=params.get("limit_mb", 0)))
    elif code == "FILE_CRASHED":
        add(BLOCKER, code, bi(N_("The reader stopped on {file}: it may be damaged or made to overload programs. Make a new PDF or JPEG of the document (a 300-DPI scan) and attach that."), file=file))
    elif code == "FILE_READ_ERROR":
        add(BLOCKER, code, bi(N_("{file} could not be checked ({problem}): it may be damaged. Make a new PDF or JPEG of the document and attach that."), file=file, problem=params.get("problem", "")))


def _name(add, a: dict, file: str) -> None:
    claimed, actual = claimed_type(file), a["type"]
    if not claimed or actual in ("empty", "unknown") or claimed == actual:
        return
    suggested = PurePath(file).stem + _EXTENSION.get(actual, "")
    add(WARNING, "NAME_TYPE_MISMATCH",
        bi(N_("{file} is named as a {claimed} but is a {actual}: rename it to “{suggested}” so that other programs open it correctly."),
           file=file, claimed=label(claimed), actual=label(actual), suggested=suggested))


def page_dpis(a: dict, kind: str | None) -> list[tuple[int, float]]:
    """(page number, effective DPI) of each measured scanned page. Images are mapped onto
    the document kind's size (the smallest kind when it is not known: an upper bound);
    a PDF's scan has its own resolution on the page."""
    out = []
    is_image = a["type"] != "pdf"
    basis = kind if S.kind_size_inches(kind or "") else S.smallest_kind()
    for p in a["pages"]:
        if not p.get("scan") or not p.get("width_px"):
            continue
        mapped = is_image or not physical_page(p)
        dpi = S.mapped_dpi(p["width_px"], p["height_px"], basis) if mapped else p.get("dpi")
        if dpi is not None:
            out.append((p["index"] + 1, dpi))
    return out


# A page longer than this (in points) is no paper a scanner takes (A3 is 1191 pt).
_MAX_PAPER_PT = 1300


def physical_page(p: dict) -> bool:
    """Whether a PDF page's size is the size of the paper scanned, so that its scan's
    resolution can be read off the page. Images-to-PDF tools make the page one point per
    pixel (a 300-DPI A4 scan becomes a 2480 × 3508 pt page, "72 DPI"): such a page says
    nothing of the document's size, and the scan is judged as an image is."""
    dpi, long_pt = p.get("dpi"), max(p.get("width_pt") or 0, p.get("height_pt") or 0)
    if long_pt > _MAX_PAPER_PT:
        return False
    return not (dpi and abs(dpi - 72) < 0.5 and not _paper_sized(p))


def _paper_sized(p: dict) -> bool:
    """A page within 3 % of a kind's size (either way round): an A4 page is an A4 page
    even when its scan has 72 DPI."""
    w, h = sorted((p.get("width_pt") or 0, p.get("height_pt") or 0))
    for kind in S.kinds():
        long_in, short_in = S.kind_size_inches(kind)
        if abs(h - long_in * 72) <= 0.03 * long_in * 72 and abs(w - short_in * 72) <= 0.03 * short_in * 72:
            return True
    return False


def _resolution(add, a: dict, file: str, kind: str | None) -> None:
    dpis = page_dpis(a, kind)
    if not dpis:
        return
    page, dpi = min(dpis, key=lambda x: x[1])
    res = S.settings()["resolution"]
    if dpi >= res["warn_below_dpi"]:
        return
    basis = kind if S.kind_size_inches(kind or "") else S.smallest_kind()
    where = _where(file, page, a.get("page_count"))
    if a["type"] == "pdf" and physical_page(next((p for p in a["pages"] if p["index"] == page - 1), {})):
        size = bi(N_("on the page"))
    else:
        size = bi(N_("at the size of an {kind}"), kind=kind_title(basis))
    if dpi < res["block_below_dpi"]:
        add(BLOCKER, "RESOLUTION_TOO_LOW",
            bi(N_("{where} has about {dpi} DPI {size}: too coarse to read. Scan the document again at 300 DPI."),
               where=where, dpi=round(dpi), size=size))
    else:
        add(WARNING, "RESOLUTION_LOW",
            bi(N_("{where} has about {dpi} DPI {size}: small print may not be legible. Scan it at 300 DPI if you can."),
               where=where, dpi=round(dpi), size=size))


def blank_pages(a: dict) -> list[int]:
    cfg = S.settings()["blank"]
    out = []
    for p in a["pages"]:
        if p.get("ink") is None:
            continue
        limit = cfg["scan_below_share"] if p.get("scan") else cfg["drawn_below_share"]
        if p["ink"] < limit:
            out.append(p["index"] + 1)
    return out


def _blank(add, a: dict, file: str) -> None:
    blank = blank_pages(a)
    if not blank:
        return
    pages = a.get("page_count") or 1
    if pages <= 1:
        msg = bi(N_("{file} is blank or nearly blank: scan the document again, printed side on the glass."), file=file)
    elif len(blank) == pages:
        msg = bi(N_("Every page of {file} is blank or nearly blank: scan the document again, printed side on the glass."), file=file)
    elif len(blank) == 1:
        msg = bi(N_("Page {page} of {file} is blank or nearly blank: remove the empty page, or scan that page again."),
                 page=blank[0], file=file)
    else:
        msg = bi(N_("Pages {pages} of {file} are blank or nearly blank: remove the empty pages, or scan them again."),
                 pages=", ".join(map(str, blank)), file=file)
    add(BLOCKER, "PAGE_BLANK", msg)


def page_blur(p: dict, kind: str | None) -> float | None:
    blur = p.get("blur")
    if isinstance(blur, dict):
        return blur.get(kind if kind in blur else "a4")
    return blur


def _blur(add, a: dict, file: str, kind: str | None) -> None:
    blank = set(blank_pages(a))
    limit = S.settings()["blur"]["warn_above"]
    scores = [(p["index"] + 1, page_blur(p, kind)) for p in a["pages"] if p["index"] + 1 not in blank]
    scores = [(n, b) for n, b in scores if b is not None and b > limit]
    if not scores:
        return
    page, score = max(scores, key=lambda x: x[1])
    add(WARNING, "IMAGE_BLURRED",
        bi(N_("{where} looks blurred (blur {score} where sharp scans measure under {limit}): scan it again, or photograph it in good light with the camera held still."),
           where=_where(file, page, a.get("page_count")), score=round(score, 2), limit=limit))


def _stated_pages(add, a: dict, file: str) -> None:
    stated, count = a.get("stated_pages"), a.get("page_count")
    if stated and count and count < stated:
        add(BLOCKER, "PAGES_MISSING",
            bi(N_("{file} says it has {stated} pages (“page … of {stated}”) but contains {pages}: scan or attach the missing pages."),
               file=file, stated=stated, pages=count))


def upload_limit(channel: dict | None) -> int | None:
    return (channel or {}).get("upload_max_bytes")


def _size(add, a: dict, file: str, channel: dict | None) -> None:
    limit = upload_limit(channel)
    if not limit or not a.get("size") or a["size"] <= limit:
        return
    sizes = {lang: (format_size(a["size"], lang), format_size(limit, lang)) for lang in LANGS}
    msg = {lang: tr(N_("{file} is {size}; uploads through “{channel}” take files up to {limit}: make it smaller than {limit} (a 300-DPI scan saved as JPEG of quality 85, or a PDF made from such scans)."),
                    lang, file=file, size=sizes[lang][0], channel=channel["title"], limit=sizes[lang][1])
           for lang in LANGS}
    for note in channel.get("uncertain", []):
        msg = {lang: msg[lang] + " " + tr(N_("Not certain: {note}"), lang, note=note) for lang in LANGS}
    add(WARNING, "FILE_TOO_BIG", msg, sources=tuple(channel.get("source", ())))


def page_findings(requirement, files: list[tuple[str, dict, int | None]]) -> list[Finding]:
    """Page count against the requirement, over all files attached to it:
    files = [(file as attached, analysis, pages the user says the document has or None
    [, the name the message gives the file])]."""
    if requirement is None or not files:
        return []
    analyses = [f[1] for f in files]
    if any(a.get("page_count") is None or any(p["code"] in _UNUSABLE for p in a["problems"]) for a in analyses):
        return []  # a file whose pages cannot be counted or used has its own blocker
    total = sum(a["page_count"] for a in analyses)
    declared = max((f[2] for f in files if f[2]), default=None)
    needed = max(requirement.min_pages or 0, declared or 0)
    if not needed or total >= needed:
        return []
    file = ", ".join((f[3] if len(f) > 3 else None) or f[0] for f in files)
    if declared and declared >= (requirement.min_pages or 0):
        msg = bi(N_("“{document}” has {needed} pages, as entered, but {file} has {pages}: scan and attach every page."),
                 document=requirement.title, needed=needed, file=file, pages=total)
    else:
        msg = bi(N_("“{document}” needs at least {needed} pages, but {file} has {pages}: attach every page."),
                 document=requirement.title, needed=needed, file=file, pages=total)
    return [Finding(BLOCKER, "PAGES_TOO_FEW", msg, requirement=requirement.id,
                    file=files[0][0], sources=tuple(s["id"] for s in requirement.sources))]


def summary(a: dict, kind: str | None = None) -> dict:
    """One line about the file, for the info finding and the app: type, pages, pixels, DPI."""
    out = {}
    dpis = page_dpis(a, kind)
    first = next((p for p in a["pages"] if p.get("width_px")), None)
    for lang in LANGS:
        parts = [tr(LABELS.get(a["type"], LABELS["unknown"]), lang)]
        if a.get("page_count") and (a["type"] == "pdf" or a["page_count"] > 1):
            parts.append(tr(N_("1 page"), lang) if a["page_count"] == 1
                         else tr(N_("{pages} pages"), lang, pages=a["page_count"]))
        if first and a["type"] != "pdf":
            parts.append(tr(N_("{width} × {height} px"), lang, width=str(first["width_px"]), height=str(first["height_px"])))
        if dpis and (a["type"] == "pdf" or S.kind_size_inches(kind or "")):  # else only a bound
            parts.append(tr(N_("about {dpi} DPI"), lang, dpi=round(min(d for _, d in dpis))))
        if a.get("size"):
            parts.append(format_size(a["size"], lang))
        out[lang] = ("，" if lang == "zh" else ", ").join(parts)
    return out


def facts(a: dict, requirement=None) -> dict:
    """What the app shows beside a file: plain JSON values."""
    kind = getattr(requirement, "kind", None)
    dpis = page_dpis(a, kind)
    blurs = [b for b in (page_blur(p, kind) for p in a["pages"]) if b is not None]
    first = next((p for p in a["pages"] if p.get("width_px")), None)
    img = a.get("image") or {}
    return {
        "type": a["type"],
        "type_label": label(a["type"]),
        "size_bytes": a.get("size"),
        "sha256": a.get("sha256"),
        "pages": a.get("page_count"),
        "width_px": first["width_px"] if first else None,
        "height_px": first["height_px"] if first else None,
        "dpi": round(min(d for _, d in dpis)) if dpis else None,
        "dpi_basis": ("page" if a["type"] == "pdf" and all(physical_page(p) for p in a["pages"] if p.get("scan")) else (kind if S.kind_size_inches(kind or "") else S.smallest_kind())) if dpis else None,
        "blur": round(max(blurs), 3) if blurs else None,
        "blank_pages": blank_pages(a),
        "encryption": a.get("encryption"),
        "text_layer": a.get("text_layer", False),
        "mrz_in_text": bool(a.get("mrz")),
        "mrz": a.get("mrz_read"),
        "orientation": img.get("orientation"),
        "mode": img.get("mode"),
        "bits": img.get("bits"),
        "summary": summary(a, kind),
        "seconds": a.get("seconds"),
    }
