"""The refund estimate in the departure step: the contribution history as an editable table
(typed, or pasted from the contribution record), and the engine's estimate shown as a
table, a small bar chart (drawn with QPainter: QtCharts is not part of PySide6 Essentials),
its findings, assumptions and sources. Nothing here computes: the numbers are the engine's
(forms.estimate), formatted by forms.estimate.text as on the page and the command line."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from forms.estimate import text as X

from .. import i18n
from ..i18n import N_, _
from .findings import FindingsView

MONTH = re.compile(r"^(\d{4})-?(0[1-9]|1[0-2])$")
COLUMNS = (N_("From (YYYY-MM)"), N_("To (YYYY-MM)"), N_("Monthly base (RMB)"))


def _month(text: str) -> str | None:
    m = MONTH.match(text.strip())
    return f"{m.group(1)}-{m.group(2)}" if m else None


def _base(text: str):
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return None
    if not 0 <= value <= 10_000_000:
        return None
    return int(value) if value == int(value) else value


def fit_rows(table: QTableWidget, minimum: int = 0) -> None:
    rows = table.rowCount()
    row_h = table.verticalHeader().defaultSectionSize()
    height = sum(table.rowHeight(r) for r in range(rows)) + max(0, minimum - rows) * row_h
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + height + 2 * table.frameWidth() + 2)


class HistoryField(QWidget):
    """The case's `contributions`: one row a period. A row that is not complete is kept
    in the table (and reported as incomplete), never saved half."""

    edited = Signal(object)
    committed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.field = "contributions"
        self._loading = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 3, self)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(self._changed)
        self.table.model().rowsInserted.connect(self._fit)
        self.table.model().rowsRemoved.connect(self._fit)
        lay.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.paste_button = QPushButton(self)
        for button, text in ((self.add_button, N_("&Add a period")), (self.remove_button, N_("&Remove the period")),
                             (self.paste_button, N_("&Paste from the contribution record…"))):
            i18n.bind(button, "setText", text)
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.paste_button.clicked.connect(self.open_paste)
        self.dialog = None
        self.retranslate()
        i18n.on_change(self, "retranslate")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._fit()

    def _fit(self, *_args) -> None:
        """As tall as its rows (at least three), so the page scrolls, not the table."""
        fit_rows(self.table, minimum=3)

    def focus_target(self):
        return self.table

    # --- the value ----------------------------------------------------------------------

    def cells(self) -> list[list[str]]:
        return [[(self.table.item(r, c).text() if self.table.item(r, c) else "") for c in range(3)]
                for r in range(self.table.rowCount())]

    def value(self):
        out = []
        for start, end, base in self.cells():
            row = {"from": _month(start), "to": _month(end), "base": _base(base)}
            if None not in row.values():
                out.append(row)
        return out or None

    def incomplete(self) -> bool:
        return any(any(c.strip() for c in row) and (not _month(row[0]) or not _month(row[1]) or _base(row[2]) is None)
                   for row in self.cells())

    def set_value(self, value) -> None:
        if self.value() == (value or None):  # as the other fields: a half-typed row stays
            return
        self._loading = True
        try:
            self.table.setRowCount(0)
            for row in value or []:
                self._append([row["from"], row["to"], str(row["base"])])
        finally:
            self._loading = False

    def _append(self, texts) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, t in enumerate(texts):
            self.table.setItem(r, c, QTableWidgetItem(t))
        return r

    # --- editing ------------------------------------------------------------------------

    def _changed(self, _item=None) -> None:
        if not self._loading:
            self.edited.emit(self.value())
            self.committed.emit()

    def add_row(self) -> None:
        self._loading = True
        r = self._append(["", "", ""])
        self._loading = False
        self.table.setCurrentCell(r, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # typing starts the first cell

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            self._changed()

    def set_periods(self, rows: list[dict]) -> None:
        """Rows from a pasted record replace the table, as one user edit."""
        self.set_value(rows)
        self._changed()

    def open_paste(self) -> None:
        self.dialog = PasteDialog(self)
        self.dialog.parsed.connect(self.set_periods)
        self.dialog.open()


class PasteDialog(QDialog):
    """Paste the table text of the contribution record; a line that cannot be read is
    named with its number, and the text stays for the user to correct."""

    parsed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Paste the contribution record"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        lay = QVBoxLayout(self)
        hint = QLabel(_("Copy the table from your contribution record (the PDF or web page of the social insurance "
                        "service), with its header line, and paste it here. The period (起止年月 or 缴费年月) and the "
                        "pension base (养老保险缴费基数) columns are read; the others are ignored."), self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.text = QPlainTextEdit(self)
        self.text.setMinimumSize(560, 220)
        lay.addWidget(self.text)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setVisible(False)
        lay.addWidget(self.problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def try_accept(self) -> None:
        from forms.estimate import HistoryError, parse_record, to_case

        try:
            rows = to_case(parse_record(self.text.toPlainText()))
        except HistoryError as exc:
            self.problems.setText(_("Nothing was taken over. Correct these lines and try again:") + "\n"
                                  + i18n.text(exc.message))
            self.problems.setVisible(True)
            return
        self.parsed.emit(rows)
        self.accept()


class BalanceChart(QWidget):
    """The balance at the end of each year as bars, labelled with the year."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: list[tuple[str, float, str]] = []  # (year, balance, formatted balance)
        self.setMinimumHeight(150)
        self.setAccessibleName("balance chart")

    def sizeHint(self) -> QSize:
        return QSize(480, 170)

    def set_bars(self, bars) -> None:
        self.bars = list(bars)
        self.setToolTip("\n".join(f"{y}: {label}" for y, _v, label in self.bars))
        self.update()

    def paintEvent(self, _event) -> None:
        if not self.bars:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = self.fontMetrics()
        w, h = self.width(), self.height()
        text_h = fm.height()
        base_y = h - text_h - 4
        top = max(v for _y, v, _l in self.bars) or 1.0
        pitch = w / len(self.bars)
        bar_w = min(pitch * 0.6, 48)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        p.drawLine(0, int(base_y), w, int(base_y))
        for i, (year, value, label) in enumerate(self.bars):
            cx = pitch * (i + 0.5)
            bh = (base_y - text_h - 6) * value / top
            p.fillRect(QRectF(cx - bar_w / 2, base_y - bh, bar_w, bh), QColor(pal.color(QPalette.ColorRole.Highlight)))
            p.drawText(QRectF(cx - pitch / 2, base_y + 2, pitch, text_h), Qt.AlignmentFlag.AlignCenter, year)
            if fm.horizontalAdvance(label) < pitch - 2:
                p.drawText(QRectF(cx - pitch / 2, base_y - bh - text_h - 2, pitch, text_h),
                           Qt.AlignmentFlag.AlignCenter, label)
        p.end()


class EstimateView(QWidget):
    """The engine's estimate: amount, range, table, chart, findings, assumptions, sources."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.headline = self._label(lay, bold=True)
        self.totals = self._label(lay)
        self.range = self._label(lay)
        self.disclaimer = self._label(lay, bold=True)
        self.table = QTableWidget(0, 6, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table)
        self.legend = self._label(lay)
        self.chart_note = self._label(lay)
        self.chart = BalanceChart(self)
        lay.addWidget(self.chart)
        self.findings = FindingsView(self)
        lay.addWidget(self.findings)
        self.details = self._label(lay)
        row = QHBoxLayout()
        self.save_button = QPushButton(self)
        i18n.bind(self.save_button, "setText", N_("&Save the estimate as PDF…"))
        row.addWidget(self.save_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.status = self._label(lay)
        self.estimate = None

    def _label(self, lay, bold: bool = False) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        lay.addWidget(label)
        return label

    def show_estimate(self, est) -> None:
        self.estimate = est
        lang = i18n.lang()
        for w in (self.totals, self.range, self.disclaimer, self.table, self.legend, self.chart, self.chart_note,
                  self.details, self.save_button):
            w.setVisible(est is not None)
        self.status.clear()
        if est is None:
            return
        self.headline.setText(X.headline(est, lang))
        self.totals.setText(X.totals_line(est, lang))
        self.range.setText(X.range_line(est, lang))
        self.disclaimer.setText(X.disclaimer(lang))
        self.table.setHorizontalHeaderLabels(X.headers(lang))
        rows = X.rows(est, lang)
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        fit_rows(self.table)
        self.legend.setText("\n".join(X.legend(est, lang)))
        self.chart.set_bars([(str(y.year), float(y.balance), X.money(y.balance, lang)) for y in est.years])
        self.chart_note.setText(_("Balance at the end of each year (RMB)"))
        self.findings.set_findings(est.findings)
        items = "".join(f"<li>{escape(a[lang])}</li>" for a in est.assumptions[:-1])
        sources = "".join(f"<li>{escape(s)}</li>" for s in X.source_lines(est, lang))
        self.details.setText(f"<b>{escape(_('Assumptions'))}</b><ul style='margin-top:0'>{items}</ul>"
                             f"<b>{escape(_('Sources'))}</b><ul style='margin-top:0'>{sources}</ul>")

    def show_problem(self, text: str) -> None:
        """No estimate: say why (no history yet, a bad period, a date the rules do not cover)."""
        self.show_estimate(None)
        self.findings.set_findings([])
        self.headline.setText(text)
