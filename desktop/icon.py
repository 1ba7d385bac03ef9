"""The app's icon, from the PNGs rendered from resources/icons/shebao-desk.svg (PNG: no
SVG plugin needed at run time)."""

from __future__ import annotations


def app_icon():
    from PySide6.QtGui import QIcon

    from forms.paths import resource

    icon = QIcon()
    for png in sorted(resource("icons").glob("shebao-desk-*.png")):
        icon.addFile(str(png))
    return icon
