"""`shebao-desk --self-test`: is this installation whole? Opens the main window offscreen,
switches it to Chinese (Qt's own translations), builds the example departure pack in a
temporary folder and checks it: page count, the empty signature fields, text, and the
JPEG scans byte for byte. Prints one line per check and exits 0, or 1 naming what failed.

Runs the same in the frozen bundle and in an installed package; touches no user data (its
store, settings, log and cache live in the temporary folder, removed at the end).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from forms.common.i18n import N_, tr

ON = dt.date(2026, 11, 29)  # a date the example case and the rule data are valid for
EXAMPLE = "departure-refund.json"


class Failed(Exception):
    pass


def _lang() -> str:
    from forms.cli import default_lang

    return default_lang()


def check(condition: bool, message: str, **params) -> None:
    if not condition:
        raise Failed(tr(message, _lang(), **params))


def check_window(app, window) -> str:
    from . import i18n

    check(window.isVisible(), N_("the main window did not open"))
    pixmap = window.grab()
    check(not pixmap.isNull() and pixmap.width() > 100, N_("the main window cannot be drawn"))
    window.set_language("zh")
    translated = i18n.qt_translator_loaded()
    window.set_language("en")
    check(translated, N_("Qt's Chinese translations (qtbase_zh_CN) are missing"))
    return f"window {pixmap.width()}x{pixmap.height()} ({app.platformName()}), qtbase_zh_CN"


def check_pack(folder: Path) -> str:
    import hashlib

    from pypdf import PdfReader

    from forms.case.model import attachment_path, load_case
    from forms.pack.build import build_pack
    from forms.common.paths import examples_dir

    source = examples_dir() / EXAMPLE
    check(source.is_file(), N_("the example case {path} is missing"), path=str(source))
    case = load_case(source)
    out = folder / "pack.pdf"
    result = build_pack(case, ON, out)
    reader = PdfReader(out)
    check(len(reader.pages) == result.pages and result.pages >= 5,
          N_("the pack has {count} pages, expected {expected}"), count=len(reader.pages), expected=result.pages)
    forms = [s for s in result.sections if s.kind == "form"]
    sigs = {k: v for k, v in (reader.get_fields() or {}).items() if v.get("/FT") == "/Sig"}
    check(len(sigs) >= len(forms) >= 3, N_("the pack has {count} signature fields, expected one per form"),
          count=len(sigs))
    check(all(v.get("/V") is None for v in sigs.values()), N_("a signature field of the pack is not empty"))
    cover = reader.pages[0].extract_text() or ""
    check("HARRIS" in cover and "2026" in cover, N_("the cover of the pack does not show the case"))
    embedded = set()
    for page in reader.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image" and obj.get("/Filter") == "/DCTDecode":
                embedded.add(hashlib.sha256(obj._data).hexdigest())
    jpegs = [att for att in case["attachments"] if att["path"].lower().endswith(".jpg")]
    for att in jpegs:
        digest = hashlib.sha256(attachment_path(case, att).read_bytes()).hexdigest()
        check(digest in embedded, N_("the scan {file} is not in the pack byte for byte"), file=att["path"])
    return f"pack {result.pages} pages, {len(sigs)} empty signature fields, {len(jpegs)} JPEG scans unchanged"


def check_inspection() -> str:
    """The scan inspection reads the example's scans in its worker processes (in a frozen
    bundle these start the executable again: freeze_support)."""
    from forms.case.model import load_case
    from forms.inspection import inspect_case
    from forms.common.paths import examples_dir

    case = load_case(examples_dir() / EXAMPLE)
    result = inspect_case(case, ON)
    check(len(result.files) == len(case["attachments"]) and all(f.facts.get("type") for f in result.files),
          N_("the scan inspection did not read every scan"))
    blockers = [f for f in result.all_findings() if f.severity == "blocker"]
    check(not blockers, N_("the scan inspection found a problem in the example: {problem}"),
          problem=blockers[0].message["en"] if blockers else "")
    thumbs = sum(1 for f in result.files if f.thumbnail_png)
    check(thumbs == len(result.files), N_("the scan inspection made no thumbnail"))
    passport = next((f for f in result.files if f.requirement.endswith(".passport")), None)
    mrz = (passport.facts.get("mrz") or {}) if passport else {}
    check(bool(mrz.get("valid")) and mrz.get("surname") == case["person"]["surname"],
          N_("the MRZ of the example passport scan was not read"))
    return f"inspection: {len(result.files)} scans read, {thumbs} thumbnails, passport MRZ read ({mrz.get('format')})"


def check_preview(folder: Path) -> str | None:
    """The pack preview (QtPdf, from PySide6-Addons) opens the pack, where it is installed."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None
    doc = QPdfDocument()
    doc.load(str(folder / "pack.pdf"))
    check(doc.status() == QPdfDocument.Status.Ready and doc.pageCount() >= 5,
          N_("the pack preview (QtPdf) cannot open the pack"))
    return f"QtPdf opens it ({doc.pageCount()} pages)"


def run(build, shutdown) -> int:
    """Check the installation with the app's own `build` and `shutdown` (desktop.app hands
    them over, so this module does not import it back)."""
    start = time.monotonic()
    lang = _lang()
    folder = Path(tempfile.mkdtemp(prefix="shebao-selftest-"))
    saved = {k: os.environ.get(k) for k in ("SHEBAO_DATA_DIR", "SHEBAO_CACHE_DIR", "QT_QPA_PLATFORM")}
    os.environ["SHEBAO_DATA_DIR"] = str(folder / "data")
    os.environ["SHEBAO_CACHE_DIR"] = str(folder / "cache")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the check needs no display, and shows nothing
    window = None
    lines = []
    try:
        app, window = build([], today=ON, kiosk=False)
        app.processEvents()
        lines.append(check_window(app, window))
        lines.append(check_pack(folder))
        lines.append(check_inspection())
        preview = check_preview(folder)
        if preview:
            lines.append(preview)
        window.close()
        app.processEvents()
    except Failed as exc:
        print(tr(N_("Self-test failed: {problem}."), lang, problem=str(exc)), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a broken installation: say what broke, exit 1
        print(tr(N_("Self-test failed: {problem}."), lang, problem=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1
    finally:
        if window is not None:
            shutdown(window)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)
    for line in lines:
        print(f"  ok  {line}")
    frozen = tr(N_("bundle"), lang) if getattr(sys, "frozen", False) else tr(N_("installed package"), lang)
    print(tr(N_("Self-test passed ({kind}, {seconds} s)."), lang, kind=frozen, seconds=round(time.monotonic() - start, 1)))
    return 0
