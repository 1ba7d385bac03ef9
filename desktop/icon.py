"""The app's icon, from the PNGs rendered from resources/icons/shebao-desk.svg (PNG: no
SVG plugin needed at run time)."""

from __future__ import annotations


def app_icon():
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from forms.common.paths import resource

    icon = QIcon()
    folder = str(resource("icons"))
    # Sized entries are read only when drawn; the sizes a title bar and a task bar use.
    for size in (16, 32, 64, 256):
        icon.addFile(f"{folder}/shebao-desk-{size}.png", QSize(size, size))
    return icon
