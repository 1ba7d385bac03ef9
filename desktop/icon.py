"""The app's icon, from the PNGs rendered from resources/icons/shebao-desk.svg (PNG: no
SVG plugin needed at run time)."""

from __future__ import annotations


def app_icon():
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from forms.paths import resource

    icon = QIcon()
    folder = resource("icons")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):  # sized: read only when drawn
        icon.addFile(str(folder / f"shebao-desk-{size}.png"), QSize(size, size))
    return icon
