"""The packaging files that CI cannot build (Windows) or run (a desktop session) are at
least consistent: the .desktop file is valid, the icons have the sizes they are named
for, the Inno Setup script and the build scripts point at files that exist."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "packaging"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_file_is_valid():
    out = subprocess.run(["desktop-file-validate", str(PKG / "linux" / "shebao-desk.desktop")],
                         capture_output=True, text=True)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr


def test_desktop_file_names_the_program_and_the_icon():
    text = (PKG / "linux" / "shebao-desk.desktop").read_text()
    assert re.search(r"^Exec=shebao-desk$", text, re.M) and re.search(r"^Icon=shebao-desk$", text, re.M)
    assert "Exec=shebao-desk --kiosk" in text and "StartupWMClass=shebao-desk" in text


def test_icons_have_their_sizes():
    pngs = sorted((ROOT / "resources" / "icons").glob("shebao-desk-*.png"))
    assert len(pngs) == 8
    for png in pngs:
        size = int(png.stem.rsplit("-", 1)[1])
        with Image.open(png) as im:
            assert im.size == (size, size) and im.mode == "RGBA"
            assert im.getpixel((size // 2, size // 2))[3] == 255 and im.getpixel((0, 0))[3] == 0
    with Image.open(PKG / "windows" / "shebao-desk.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_inno_setup_script_points_at_what_the_build_makes():
    iss = (PKG / "windows" / "shebao-desk.iss").read_text(encoding="utf-8")
    icon = re.search(r"^SetupIconFile=(.+)$", iss, re.M).group(1).strip()
    assert (PKG / "windows" / icon).is_file()
    assert '#define Bundle "..\\..\\dist\\shebao-desk"' in iss
    assert 'Filename: "{app}\\shebao-desk.exe"; Parameters: "--kiosk"' in iss
    ps1 = (PKG / "build-windows.ps1").read_text()
    assert "packaging\\shebao-desk.spec" in ps1 and "packaging\\windows\\shebao-desk.iss" in ps1
    sh = (PKG / "build-linux.sh").read_text()
    assert "packaging/shebao-desk.spec" in sh and "--self-test" in sh
    spec = (PKG / "shebao-desk.spec").read_text()
    assert 'name="shebao-desk"' in spec and 'name="shebao"' in spec
    for entry in ("shebao_desk.py", "shebao_cli.py"):
        assert (PKG / entry).is_file() and entry in spec
