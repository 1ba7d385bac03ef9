"""Editors for case fields. Each one emits `edited(value)` on a user edit (never when set
from the case) and `committed()` when focus leaves it, which the step turns into a save.
Values are the case's JSON values: str, ISO date str, bool, number, list; None = empty.

Constraints come from the case schema itself (maxLength, pattern), so a widget can never
produce a value the store would refuse. What was typed is never dropped or rewritten
behind the user's back: text the field cannot take stays as typed, is not saved, and
`problem()` says what is wrong (input_check.py). The one normalisation, capitals in
passport and card numbers, is shown in the field when it is left.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QButtonGroup, QCalendarWidget, QCheckBox, QComboBox, QCompleter, QHBoxLayout, QLabel,
                               QLineEdit, QMenu, QPlainTextEdit, QRadioButton, QToolButton, QVBoxLayout, QWidget,
                               QWidgetAction)

from .. import i18n
from ..i18n import N_, _
from . import input_check


@cache
def field_schema(field: str) -> dict:
    from forms.case.model import field_schema as of_case

    return of_case(field)


class TextField(QLineEdit):
    edited = Signal(object)
    committed = Signal()

    def __init__(self, field: str, parent=None, upper: bool = False):
        super().__init__(parent)
        self.field = field
        self.upper = upper
        sch = field_schema(field)
        if "maxLength" in sch:
            self.setMaxLength(sch["maxLength"])
        self._pattern_text = sch.get("pattern")
        self._pattern = re.compile(sch["pattern"]) if "pattern" in sch else None
        self._email = field.endswith(".email")
        if upper:
            i18n.bind(self, "setToolTip", N_("Letters are saved in capitals, as in the document."))
        self._before = None  # the saved value, to go back to while the text cannot be saved
        self.setClearButtonEnabled(True)
        self.textEdited.connect(self._on_edit)
        self.editingFinished.connect(self._finished)

    def _on_edit(self, text: str) -> None:
        # text it cannot take is not saved: the case goes back to the value it had before
        # this edit began (not a valid prefix typed on the way, such as "12" of "12#")
        self.edited.emit(self.value() if self.problem() is None else self._before)

    def _finished(self) -> None:
        if self.upper and self.text() != self.text().upper():
            self.setText(self.text().upper())  # the documented normalisation, shown
        if self.problem() is None:
            self._before = self.value()
        self.committed.emit()

    def problem(self) -> dict | None:
        """What is wrong with the text as typed, or None."""
        text = self.text().strip()
        if self.upper:
            text = text.upper()
        if self._email:
            return input_check.email_problem(self.field, text)
        return input_check.pattern_problem(self.field, text, self._pattern_text)

    def value(self):
        text = self.text().strip()
        if self.upper:
            text = text.upper()
        if not text or self.problem() is not None:
            return None
        return text

    def set_value(self, value) -> None:
        self._before = value
        if self.value() != value:
            self.setText("" if value is None else str(value))

class NumberField(TextField):
    def __init__(self, field: str, parent=None):
        super().__init__(field, parent)
        sch = field_schema(field)
        self._min, self._max = sch.get("minimum"), sch.get("maximum")
        self._integer = sch.get("type") == "integer"  # months: a whole number

    def problem(self) -> dict | None:
        return input_check.number_problem(self.field, self.text(), self._min, self._max, self._integer)

    def value(self):
        text = self.text().strip().replace(",", ".").replace(" ", "")
        if not text or self.problem() is not None:
            return None
        number = float(text)
        return int(number) if number.is_integer() else round(number, 2)

    def set_value(self, value) -> None:
        self._before = value
        if self.value() != value:
            self.setText("" if value is None else (f"{value:g}" if isinstance(value, float) else str(value)))


_DATE_FORMATS = ("yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "d/M/yyyy", "d.M.yyyy", "d-M-yyyy",
                 "yyyy年M月d日")


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in (i18n.qt_locale().dateFormat(i18n.qt_locale().FormatType.ShortFormat),) + _DATE_FORMATS:
        d = QDate.fromString(text, fmt)
        if d.isValid() and 1900 <= d.year() <= 2200:
            return dt.date(d.year(), d.month(), d.day())
    return None


def show_date(value: dt.date) -> str:
    loc = i18n.qt_locale()
    return loc.toString(QDate(value.year, value.month, value.day), loc.dateFormat(loc.FormatType.ShortFormat))


class DateField(QWidget):
    """A date typed in the UI language's short format (or ISO), or picked in a calendar
    (Alt+Down). Empty is a real state: nothing entered yet."""

    edited = Signal(object)
    committed = Signal()

    def __init__(self, field: str, parent=None):
        super().__init__(parent)
        self.field = field
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down opens it from the keyboard
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.calendar = QCalendarWidget(self.menu)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.button.setMenu(self.menu)
        self.calendar.activated.connect(self._picked)
        self.calendar.clicked.connect(self._picked)
        self.menu.aboutToShow.connect(self._prepare_calendar)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(lambda _t: self._emit())
        self.edit.editingFinished.connect(self._finished)
        self.edit.installEventFilter(self)
        self._value: str | None = None
        i18n.bind(self.button, "setToolTip", N_("Pick the date in a calendar (Alt+Down)"))
        self.retranslate()
        i18n.on_change(self, "retranslate")

    def eventFilter(self, obj, event):
        if (obj is self.edit and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.button.showMenu()
            return True
        return super().eventFilter(obj, event)

    def retranslate(self) -> None:
        example = show_date(dt.date(2026, 11, 16))
        self.edit.setPlaceholderText(_("e.g. {date}", date=example))
        if self._value:
            self.edit.setText(show_date(dt.date.fromisoformat(self._value)))

    def _prepare_calendar(self) -> None:
        d = parse_date(self.edit.text()) or dt.date.today()
        self.calendar.setLocale(i18n.qt_locale())
        self.calendar.setSelectedDate(QDate(d.year, d.month, d.day))
        self.calendar.setFocus()

    def _picked(self, qdate: QDate) -> None:
        self.menu.close()
        self.edit.setText(show_date(dt.date(qdate.year(), qdate.month(), qdate.day())))
        self._emit()
        self.edit.setFocus()
        self.committed.emit()

    def _emit(self) -> None:
        d = parse_date(self.edit.text())
        if d is not None or not self.edit.text().strip():
            self._value = d.isoformat() if d else None
            self.edited.emit(self._value)

    def _finished(self) -> None:
        if self._value and parse_date(self.edit.text()):
            self.edit.setText(show_date(dt.date.fromisoformat(self._value)))
        self.committed.emit()

    def value(self):
        return self._value

    def set_value(self, value) -> None:
        self._value = value or None
        text = show_date(dt.date.fromisoformat(value)) if value else ""
        if self.edit.text() != text:
            self.edit.setText(text)

    def problem(self) -> dict | None:
        text = self.edit.text().strip()
        if not text or parse_date(text) is not None:
            return None
        short = i18n.qt_locale().dateFormat(i18n.qt_locale().FormatType.ShortFormat).lower()
        return input_check.date_problem(text, "ymd" if short.startswith("y") else "dmy")


class CountryField(QComboBox):
    """Countries by their CLDR name in the UI language; type any part of the name or the
    two-letter code."""

    edited = Signal(object)
    committed = Signal()

    def __init__(self, field: str, parent=None):
        super().__init__(parent)
        self.field = field
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        completer.activated[str].connect(self._completed)
        completer.popup().installEventFilter(self)
        self._loading = False
        self._unknown: str | None = None  # typed text that names no country: kept, not saved
        self.populate()
        i18n.on_change(self, "populate")
        self.currentIndexChanged.connect(self._changed)
        self.lineEdit().editingFinished.connect(self._finished)

    def populate(self) -> None:
        from PySide6.QtCore import QCollator

        from forms.case import countries

        code = self.value() if self.count() else None
        lang = i18n.lang()
        items = [(countries.name(c, lang), c) for c in countries.codes()]
        collator = QCollator(i18n.qt_locale())
        items.sort(key=lambda item: collator.sortKey(item[0]))
        self._loading = True
        self.clear()
        self.addItem("", None)
        for name, c in items:
            self.addItem(f"{name} ({c})", c)
        self._loading = False
        self.set_value(code)

    def _changed(self, _index: int) -> None:
        if not self._loading:
            self.edited.emit(self.value())

    def _completed(self, text: str) -> None:
        i = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if i >= 0:
            self.setCurrentIndex(i)

    def eventFilter(self, obj, event):
        # Tab in the completion list takes the highlighted (or first) country and moves on,
        # as it would without the list
        if (event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and obj is self.completer().popup()):
            popup = self.completer().popup()
            index = popup.currentIndex()
            model = self.completer().completionModel()
            exact = self._exact(self.lineEdit().text())
            if not index.isValid() and exact < 0 and model.rowCount():
                index = model.index(0, 0)
            popup.hide()
            if not popup.currentIndex().isValid() and exact >= 0:
                self.setCurrentIndex(exact)  # "fr" is France, not the first name containing "fr"
            elif index.isValid():
                self._completed(index.data())
            self._finished()
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
            return True
        return super().eventFilter(obj, event)

    def _finished(self) -> None:
        # text that names no country stays as typed, with a message; the case keeps its value
        text = self.currentText().strip()
        self._unknown = None
        if not text:
            if self.currentIndex() != 0:
                self.setCurrentIndex(0)
        else:
            i = self._exact(text)
            if i < 0:
                i = self.findText(text, Qt.MatchFlag.MatchContains)
            if i >= 0:
                if i != self.currentIndex():
                    self.setCurrentIndex(i)
                else:
                    self.setEditText(self.itemText(i))
            else:
                self._unknown = text
        self.committed.emit()

    def _exact(self, text: str) -> int:
        """The row of a country named exactly (its name, or its two-letter code), or -1."""
        text = text.strip()
        i = self.findText(text, Qt.MatchFlag.MatchFixedString) if text else -1
        if i < 0 and len(text) == 2 and text.isalpha():
            i = self.findData(text.upper())
        return i

    def problem(self) -> dict | None:
        return input_check.country_problem(self._unknown) if self._unknown else None

    def value(self):
        return self.currentData()

    def set_value(self, value) -> None:
        self._loading = True
        self._unknown = None
        i = self.findData(value) if value else 0
        self.setCurrentIndex(max(i, 0))
        self._loading = False


class ChoiceField(QWidget):
    """One of a few values as radio buttons (arrow keys move between them). Option texts
    are catalog messages or the engine's bilingual dicts."""

    edited = Signal(object)
    committed = Signal()

    def __init__(self, field: str, options: list[tuple], parent=None, vertical: bool = False,
                 details: dict | None = None):
        super().__init__(parent)
        self.field = field
        self.group = QButtonGroup(self)
        lay = QVBoxLayout(self) if vertical or details else QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict = {}
        self.details: dict = {}
        self.values: list = []  # by button id (a Qt property holding a bool trips PySide)
        for value, label in options:
            b = QRadioButton(self)
            i18n.bind(b, "setText", label)
            self.group.addButton(b, len(self.values))
            self.values.append(value)
            lay.addWidget(b)
            self.buttons[value] = b
            if details and value in details:
                # radio buttons do not wrap: the long text goes in a label beneath
                d = QLabel(self)
                d.setWordWrap(True)
                d.setIndent(self.style().pixelMetric(self.style().PixelMetric.PM_ExclusiveIndicatorWidth) * 2)
                i18n.bind(d, "setText", details[value])
                d.setBuddy(b)
                lay.addWidget(d)
                self.details[value] = d
        if not (vertical or details):
            lay.addStretch(1)
        self.group.buttonClicked.connect(self._clicked)
        self.setFocusProxy(next(iter(self.buttons.values())))

    def _clicked(self, button) -> None:
        self.edited.emit(self.values[self.group.id(button)])
        self.committed.emit()

    def value(self):
        i = self.group.checkedId()
        return self.values[i] if i >= 0 else None

    def set_value(self, value) -> None:
        b = self.buttons.get(value) if value is not None else None
        if b:
            b.setChecked(True)
        else:
            self.group.setExclusive(False)
            for x in self.buttons.values():
                x.setChecked(False)
            self.group.setExclusive(True)

    def focus_target(self):
        return self.group.checkedButton() or next(iter(self.buttons.values()))


class CheckField(QCheckBox):
    edited = Signal(object)
    committed = Signal()

    def __init__(self, field: str, label: str, parent=None, default: bool = False):
        super().__init__(parent)
        self.field = field
        self.default = default
        i18n.bind(self, "setText", label)
        self.clicked.connect(lambda checked: (self.edited.emit(bool(checked)), self.committed.emit()))

    def value(self):
        return self.isChecked()

    def set_value(self, value) -> None:
        self.setChecked(self.default if value is None else bool(value))


class LinesField(QPlainTextEdit):
    """Several lines of text (the address abroad; the MRZ, with mrz=True). The value is the
    list of non-empty lines."""

    edited = Signal(object)
    committed = Signal()

    def __init__(self, field: str, parent=None, max_lines: int = 10, mrz: bool = False):
        super().__init__(parent)
        self.field = field
        self.max_lines = max_lines
        self.mrz = mrz
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap if mrz else QPlainTextEdit.LineWrapMode.WidgetWidth)
        if mrz:
            self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        lines = max_lines if not mrz else 2
        self.setFixedHeight(self.fontMetrics().lineSpacing() * (min(lines, 4) + 1) + 2 * self.frameWidth() + 8)
        self._loading = False
        self.textChanged.connect(self._changed)

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit(self.value())

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.committed.emit()

    def value(self):
        lines = [ln.strip() for ln in self.toPlainText().splitlines() if ln.strip()]
        if self.mrz:
            lines = ["".join(ln.split()).upper()[:60] for ln in lines][:2]
            if not lines:
                return None
            return (lines + [""])[:2]
        return [ln[:1000] for ln in lines][: self.max_lines] or None

    def set_value(self, value) -> None:
        if self.value() == (value or None):
            return
        self._loading = True
        self.setPlainText("\n".join(x for x in (value or []) if x))
        self._loading = False
