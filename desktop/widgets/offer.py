"""A value offered for a field, accepted or declined in one click: what is typed is
never rewritten behind the user's back (issue 12, item 6: a name in the passport's form)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from .. import i18n
from ..i18n import N_, _


class OfferRow(QWidget):
    accepted = Signal(str)
    declined = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.value: str | None = None
        self.message = ""
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use = QPushButton(self)
        self.keep = QPushButton(self)
        i18n.bind(self.keep, "setText", N_("Keep as typed"))
        lay.addWidget(self.label, 1)
        lay.addWidget(self.use)
        lay.addWidget(self.keep)
        self.use.clicked.connect(lambda: self.accepted.emit(self.value))
        self.keep.clicked.connect(self.declined.emit)
        i18n.on_change(self, "retranslate")

    def offer(self, message: str, value: str) -> None:
        """`message` is a catalog message with a {value} placeholder."""
        self.message, self.value = message, value
        self.retranslate()

    def retranslate(self) -> None:
        if self.value is None:
            return
        self.label.setText(_(self.message, value=self.value))
        self.use.setText(_("Use {value}", value=self.value))
        self.use.setAccessibleName(self.use.text())
