"""A titled group drawn as the steps' section headings are (bold text, no frame): a stand-in
for QGroupBox, with the same setTitle / title and any layout set on it."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from ..theme import GAP

HEADING_SCALE = 1.1  # the steps' section headings (desktop/steps/base.py) use the same


def heading_font(widget: QWidget, scale: float = HEADING_SCALE) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font


class Section(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setFont(heading_font(self))
        self._place()

    def setTitle(self, text: str) -> None:
        self.heading.setText(text)
        self._place()

    def title(self) -> str:
        return self.heading.text()

    def _place(self) -> None:
        """The heading on top; the layout's contents below it (layouts keep to contentsRect)."""
        self.setContentsMargins(0, self.heading.sizeHint().height() + GAP, 0, 0)
        self.heading.setGeometry(0, 0, max(self.width(), self.heading.sizeHint().width()),
                                 self.heading.sizeHint().height())

    def resizeEvent(self, event) -> None:
        self._place()
        super().resizeEvent(event)
