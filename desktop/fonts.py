"""Chinese glyphs everywhere: desktops have a CJK font, but a bare system (a server
running the app offscreen or under Xvfb) may not. Then a CJK font shipped in
resources/fonts, or a known system one, is added for the app."""

from __future__ import annotations

from pathlib import Path

CANDIDATES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")


def ensure_cjk_font() -> str | None:
    """Add a CJK font if no installed family covers Simplified Chinese. Returns the family
    added, or None if none was needed or found."""
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
