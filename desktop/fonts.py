"""Chinese glyphs everywhere: desktops have a CJK font, but a bare system (a server
running the app offscreen or under Xvfb) may not. Then a CJK font shipped in
resources/fonts, or a known system one, is added for the app."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

CANDIDATES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")


def ensure_cjk_font() -> str | None:
    """Add a CJK font if no installed family covers Simplified Chinese. Returns the family
    added, or None if none was needed or found. Call it before any text is laid out: on
    Linux the font is added through fontconfig, which Qt reads when it first needs a font."""
    if sys.platform.startswith("linux"):
        try:
            return _through_fontconfig()
        except (OSError, AttributeError, ValueError):  # no usable libfontconfig: Qt's way below
            pass
    return _through_qt()


def _through_qt() -> str | None:
    from PySide6.QtGui import QFontDatabase

    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return None
    from forms.common.paths import resource

    shipped = sorted(resource("fonts").glob("*.tt[fc]")) if resource("fonts").is_dir() else []
    for path in [*shipped, *map(Path, CANDIDATES)]:
        if path.is_file():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                return families[0]
    return None


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


def _through_fontconfig() -> str | None:
    """The shipped fonts' folder as a fontconfig application font folder. Qt's own
    addApplicationFont reads the whole 5 MB file on every start (~3 ms, its character map
    walked twice, once per face); fontconfig keeps what it learnt of a folder in its cache
    (font metadata, nothing of the user's), so later starts read a few kilobytes.
    Caveat: Qt's QFontDatabase.removeApplicationFont clears fontconfig's application fonts,
    this one too; the app removes none."""
    from forms.common.paths import resource

    # the library Qt has loaded (QtGui is imported by now), so both see one configuration
    fc = ctypes.CDLL("libfontconfig.so.1")
    fc.FcNameParse.restype = ctypes.c_void_p
    fc.FcNameParse.argtypes = [ctypes.c_char_p]
    fc.FcObjectSetBuild.restype = ctypes.c_void_p
    fc.FcFontList.restype = ctypes.POINTER(_FontSet)
    fc.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    fc.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                      ctypes.POINTER(ctypes.c_char_p)]
    fc.FcFontSetDestroy.argtypes = [ctypes.POINTER(_FontSet)]
    fc.FcObjectSetDestroy.argtypes = fc.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    fc.FcConfigAppFontAddDir.argtypes = [ctypes.c_void_p, ctypes.c_char_p]

    def chinese_family() -> str | None:
        pattern = fc.FcNameParse(b":lang=zh-cn")
        fields = fc.FcObjectSetBuild(b"family", None)
        found = fc.FcFontList(None, pattern, fields)
        fc.FcObjectSetDestroy(fields)
        fc.FcPatternDestroy(pattern)
        if not found:
            raise OSError("fontconfig listed nothing")
        try:
            family = ctypes.c_char_p()
            for i in range(found.contents.nfont):
                if fc.FcPatternGetString(found.contents.fonts[i], b"family", 0, ctypes.byref(family)) == 0:
                    return family.value.decode("utf-8", "replace")
            return None
        finally:
            fc.FcFontSetDestroy(found)

    if chinese_family():
        return None
    folder = resource("fonts")
    if folder.is_dir() and fc.FcConfigAppFontAddDir(None, str(folder).encode()):
        family = chinese_family()
        if family:
            return family
    return _through_qt()  # nothing shipped, or fontconfig would not take it: the system candidates
