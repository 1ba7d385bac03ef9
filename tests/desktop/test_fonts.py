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
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
app = QApplication([])
from desktop.fonts import ensure_cjk_font
added = ensure_cjk_font()
families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
print(json.dumps({"added": added, "families": families,
                  "glyph": [f for f in families if QFontMetrics(QFont(f)).inFontUcs4(ord("中"))]}))
"""


def system_has_cjk() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        return False
    return bool(out.stdout.strip())


def test_chinese_has_a_font():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["families"], "no font covers Simplified Chinese"
    assert result["glyph"], "中 has no glyph in the fonts Qt lists for Chinese"
    if system_has_cjk():
        assert result["added"] is None  # the desktop's own font is used, nothing added
    else:
        assert result["added"] in result["families"]
        assert result["added"].startswith("WenQuanYi Micro Hei")  # resources/fonts/wqy-microhei.ttc
