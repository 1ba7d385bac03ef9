"""Chinese text has glyphs in the window on a system with no CJK font (this one, CI): the
shipped font (resources/fonts) is added for the app. A fresh process, since Qt reads its
font database once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json
from PySide6.QtWidgets import QApplication
from PySide6.QtGui import QFont, QFontDatabase, QRawFont
app = QApplication([])
CHINESE = QFontDatabase.WritingSystem.SimplifiedChinese
system = QFontDatabase.families(CHINESE)  # before anything is added
from desktop.fonts import ensure_cjk_font
added = ensure_cjk_font()
families = QFontDatabase.families(CHINESE)
# the family's own glyphs (QRawFont: one font file, no fallback to another family)
own = [f for f in families if QRawFont.fromFont(QFont(f)).supportsCharacter("中")]
print(json.dumps({"system": system, "added": added, "families": families, "own": own}))
"""


def test_chinese_has_a_font_with_its_glyphs():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["own"], f"no font Qt lists for Chinese has a glyph for 中: {result}"
    if result["system"]:
        assert result["added"] is None  # the desktop's own font is used, nothing added
    else:
        assert result["added"] in result["own"]
        assert result["added"].startswith("WenQuanYi Micro Hei")  # resources/fonts/wqy-microhei.ttc
