"""Render resources/icons/shebao-desk.svg to the PNG sizes the desktops use and to the
Windows .ico (run after editing the SVG; the outputs are committed).

    QT_QPA_PLATFORM=offscreen python tools/make_icon.py
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "shebao-desk.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


def main() -> None:
    _app = QGuiApplication([])
    pngs = {}
    for size in SIZES:
        pngs[size] = render(size)
        (SVG.parent / f"shebao-desk-{size}.png").write_bytes(pngs[size])
    ico = ROOT / "packaging" / "windows" / "shebao-desk.ico"
    ico.parent.mkdir(parents=True, exist_ok=True)
    big = Image.open(io.BytesIO(pngs[256]))
    big.save(ico, format="ICO", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    print("wrote", len(SIZES), "PNGs and", ico.relative_to(ROOT))


if __name__ == "__main__":
    main()
