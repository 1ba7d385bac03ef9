"""Chinese text has glyphs in the window on a system with no CJK font (this one, CI): the
shipped font is added through fontconfig on Linux, or through Qt where fontconfig cannot be
used. Each case runs in a fresh process, since Qt reads its font database once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import ctypes, json, sys
if sys.argv[1] == "no-fontconfig":  # a system without a usable libfontconfig
    def refuse(*args, **kwargs):
        raise OSError("libfontconfig.so.1: cannot open shared object file")
    ctypes.CDLL = refuse
from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
app = QApplication([])
from desktop.fonts import ensure_cjk_font
added = ensure_cjk_font()
label = QLabel("中文 English")
label.show()
app.processEvents()
families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
print(json.dumps({"added": added, "families": families,
                  "glyph": [f for f in families if QFontMetrics(QFont(f)).inFontUcs4(ord("中"))],
                  "qt_app_font": QFontDatabase.applicationFontFamilies(0)}))
"""


def run(mode: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SCRIPT, mode], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def system_has_cjk() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        return False
    return bool(out.stdout.strip())


@pytest.mark.parametrize("mode", ["fontconfig", "no-fontconfig"])
def test_chinese_has_a_font(mode):
    result = run(mode)
    assert result["families"], "no font covers Simplified Chinese"
    assert result["glyph"], "中 has no glyph in the fonts Qt lists for Chinese"
    if system_has_cjk():
        assert result["added"] is None  # the desktop's own font is used, nothing added
        return
    assert result["added"] in result["families"]
    assert result["added"].startswith("WenQuanYi Micro Hei")  # resources/fonts/wqy-microhei.ttc
    if mode == "fontconfig" and sys.platform.startswith("linux"):
        # a fontconfig font, not a Qt application font: Qt would read the 5 MB file in full
        # at every start, where fontconfig reads what it cached of the folder
        assert result["qt_app_font"] == []
    else:
        assert result["added"] in result["qt_app_font"]
