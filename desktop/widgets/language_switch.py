"""中文 / English: two buttons, each in its own language, that switch the app's language.
On the first screen (the welcome page) and, in service-center mode, in the status bar: a
visitor who reads only one of the two finds it without opening a menu."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from .. import i18n

LANGUAGES = (("zh", "中文"), ("en", "English"))


class LanguageSwitch(QWidget):
    chosen = Signal(str)  # "zh" | "en"

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.buttons = {}
        for code, label in LANGUAGES:
            button = QPushButton(label, self)
            button.setCheckable(True)
            button.setAutoExclusive(True)  # siblings: one checked (no QButtonGroup to load at start-up)
            button.setAccessibleName(f"{label} (language / 语言)")
            lay.addWidget(button)
            self.buttons[code] = button
            button.clicked.connect(lambda _c=False, code=code: self.chosen.emit(code))
        self.retranslate()
        i18n.on_change(self, "retranslate")

    def retranslate(self) -> None:
        button = self.buttons.get(i18n.lang())
        if button is not None:
            button.setChecked(True)
