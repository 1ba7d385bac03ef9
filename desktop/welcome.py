"""The first thing a new user sees while the case store is empty: what the app does, and
the ways to start: a new registration, a new departure, an example case, or a case
imported from a file. The list's own buttons are hidden meanwhile (none has a case to act
on), so each choice is shown once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from . import i18n
from .i18n import N_, _


class Welcome(QWidget):
    new_case = Signal(str)  # "registration" | "departure"
    open_example = Signal(str)  # the example's path
    import_file = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        from .widgets.language_switch import LanguageSwitch

        self.languages = LanguageSwitch(self)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.languages)
        lay.addLayout(top)
        lay.addStretch(1)
        self.heading = QLabel(self)
        i18n.bind(self, "set_heading", N_("Welcome to Shebao Desk"))
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        i18n.bind(self.text, "setText", N_("Prepare the social insurance paperwork of a foreign employee in Shenzhen: "
                                           "registration, or settling the pension account on leaving. It tells you which "
                                           "documents are needed and why, checks the scans, and fills the forms. "
                                           "Everything stays on this PC."))
        for w in (self.heading, self.text):
            w.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            lay.addWidget(w)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons = {}
        # the list's buttons' texts and Alt keys: those buttons are hidden while this page shows
        for key, text in (("registration", N_("New &registration")), ("departure", N_("New &departure")),
                          ("example", N_("&Open an example")), ("import", N_("&Import…"))):
            b = QPushButton(self)
            i18n.bind(b, "setText", text)
            b.setMinimumHeight(b.sizeHint().height() * 3 // 2)
            row.addWidget(b)
            self.buttons[key] = b
        row.addStretch(1)
        lay.addLayout(row)
        self.buttons["registration"].clicked.connect(lambda: self.new_case.emit("registration"))
        self.buttons["departure"].clicked.connect(lambda: self.new_case.emit("departure"))
        self.buttons["example"].clicked.connect(self.show_examples)
        self.buttons["import"].clicked.connect(self.import_file)
        self.menu = None  # made, and the examples read, when asked for: not at start-up
        self.hint = QLabel(self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        i18n.bind(self.hint, "setText", N_("Shortcuts: Ctrl+N new registration, Ctrl+Shift+N new departure, "
                                           "Ctrl+I import a .shebao file or a case JSON."))
        lay.addWidget(self.hint)
        lay.addStretch(2)

    def examples_menu(self):
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        for path, title in examples():
            act = menu.addAction(title)
            act.triggered.connect(lambda _checked=False, p=str(path): self.open_example.emit(p))
        self.menu = menu
        return menu

    def set_heading(self, text: str) -> None:
        # larger and bold through the label's rich text: a QFont made in Python would build
        # PySide's QFont class and its eight enums at start-up (~0.7 ms)
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.heading.setText(f"<span style='font-size:x-large; font-weight:bold'>{escaped}</span>")
        self.heading.setAccessibleName(text)  # what a screen reader (and a test) reads: the words

    def show_examples(self) -> None:
        button = self.buttons["example"]
        self.examples_menu().popup(button.mapToGlobal(button.rect().bottomLeft()))


def examples() -> list[tuple[Path, str]]:
    """(path, menu title) of each example case shipped with the app."""
    from forms.case.model import CaseError, full_name, load_case
    from forms.common.paths import examples_dir

    out = []
    kinds = {"registration": N_("registration"), "departure": N_("settlement upon departure")}
    for path in sorted(examples_dir().glob("*.json")):
        try:
            case = load_case(path)
        except CaseError:
            continue
        out.append((path, f"{full_name(case)} — {_(kinds.get(case.get('procedure'), ''))}"))
    return out
