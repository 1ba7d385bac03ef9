"""The case list: name, procedure, status (ready, or n blockers and n warnings) and the
next deadline, soonest first; search and filter. It reads only the rows' cached summaries
(forms.verdict.summary), so it stays fast with thousands of cases."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QDate, QLocale, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from . import i18n
from .i18n import N_, _
from .theme import GAP

COLUMNS = [N_("Name"), N_("Procedure"), N_("Status"), N_("Next deadline"), N_("Last changed")]
NAME, PROCEDURE, STATUS, DEADLINE, MODIFIED = range(5)
PROCEDURES = {"registration": N_("Registration"), "departure": N_("Departure")}
FILTERS = [("all", N_("All cases")), ("registration", N_("Registrations")), ("departure", N_("Departures")),
           ("ready", N_("Ready")), ("blocked", N_("With blockers")), ("soon", N_("Deadline within 30 days"))]
ID = Qt.ItemDataRole.UserRole + 1
SOON_DAYS = 30


# The list formats its dates and counts with QLocale (CLDR data built into Qt): painting
# the first rows must not wait for Babel to load its locale data (~70 ms at start-up).

def count_text(n: int, one: str, many: str) -> str:
    return _(one) if n == 1 else _(many, n=i18n.qt_locale().toString(n))


def short_date(value: dt.date) -> str:
    loc = i18n.qt_locale()
    return loc.toString(QDate(value.year, value.month, value.day), loc.dateFormat(QLocale.FormatType.ShortFormat))


def status_text(summary: dict | None) -> str:
    if not summary:
        return _("Checking…")
    if "error" in summary:
        return i18n.text(summary["error"])
    parts = []
    if summary.get("ready"):
        parts.append(_("Ready"))
    else:
        parts.append(count_text(summary.get("blocker", 0), N_("1 blocker"), N_("{n} blockers")))
    if summary.get("warning"):
        parts.append(count_text(summary["warning"], N_("1 warning"), N_("{n} warnings")))
    return _(", ").join(parts)


def deadline_kind(d: dict) -> str:
    if d["kind"] == "registration":
        return _("registration deadline")
    return _("{document} expires", document=d["title"])


def deadline_text(d: dict, today: dt.date) -> str:
    date = dt.date.fromisoformat(d["date"])
    left = (date - today).days
    when = short_date(date)
    if left < 0:
        rel = count_text(-left, N_("1 day overdue"), N_("{n} days overdue"))
    elif left == 0:
        rel = _("today")
    else:
        rel = count_text(left, N_("in 1 day"), N_("in {n} days"))
    return _("{date} ({relative}): {what}", date=when, relative=rel, what=deadline_kind(d))


class CaseTableModel(QAbstractTableModel):
    # The model sorts itself, with one key per row: a proxy sort would call back into
    # Python twice per comparison (some 20,000 calls for 1,000 cases).

    def __init__(self, today: dt.date, parent=None):
        super().__init__(parent)
        self.today = today
        self.rows = []
        self.sort_column, self.sort_order = DEADLINE, Qt.SortOrder.AscendingOrder

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = self._sorted(list(rows))
        self.endResetModel()

    def _sorted(self, rows: list) -> list:
        key = {NAME: lambda r: (r.name or "\uffff").casefold(), PROCEDURE: lambda r: r.procedure,
               STATUS: self._status_key, DEADLINE: self._deadline_key, MODIFIED: lambda r: r.modified}[self.sort_column]
        return sorted(rows, key=key, reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    @staticmethod
    def _status_key(row):
        s = row.summary
        return (-s.get("blocker", 0), -s.get("warning", 0)) if s and "error" not in s else (1, 1)

    def _deadline_key(self, row):
        d = self.first_deadline(row)
        return d["date"] if d else "9999-12-31"

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.rows[i.row()].id for i in old]
        self.rows = self._sorted(self.rows)
        pos = {r.id: i for i, r in enumerate(self.rows)}
        self.changePersistentIndexList(old, [self.index(pos[cid], i.column()) for cid, i in zip(old_ids, old)])
        self.layoutChanged.emit()

    def update_row(self, row) -> None:
        for i, r in enumerate(self.rows):
            if r.id == row.id:
                self.rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
                break
        else:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
            self.rows.append(row)
            self.endInsertRows()
        self.sort(self.sort_column, self.sort_order)

    def remove_id(self, case_id: str) -> None:
        for i, r in enumerate(self.rows):
            if r.id == case_id:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self.rows[i]
                self.endRemoveRows()
                return

    def row_for(self, case_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == case_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    @staticmethod
    def first_deadline(row):
        ds = (row.summary or {}).get("deadlines") or []
        return ds[0] if ds else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        s = row.summary
        if role == ID:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NAME:
                return row.name or _("(no name yet)")
            if col == PROCEDURE:
                return _(PROCEDURES.get(row.procedure, row.procedure))
            if col == STATUS:
                return status_text(s)
            if col == DEADLINE:
                d = self.first_deadline(row)
                return deadline_text(d, self.today) if d else ""
            if col == MODIFIED:
                return self._modified(row.modified)
        if role == Qt.ItemDataRole.ToolTipRole and col == STATUS:
            return status_text(s)
        if role == Qt.ItemDataRole.ToolTipRole and col == DEADLINE and s and s.get("deadlines"):
            return "\n".join(deadline_text(d, self.today) for d in s["deadlines"])
        if role == Qt.ItemDataRole.DecorationRole and col == STATUS and s and "error" not in s:
            from .widgets.findings import severity_icon
            if not s.get("ready"):
                return severity_icon("blocker")
            if s.get("warning"):
                return severity_icon("warning")
            return None
        return None

    @staticmethod
    def _modified(stamp: str) -> str:
        try:
            local = dt.datetime.fromisoformat(stamp).astimezone()
        except ValueError:
            return stamp
        return short_date(local.date()) + local.strftime(" %H:%M")


class CaseFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.kind = "all"

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "text", text.casefold().strip()))

    def set_kind(self, kind: str) -> None:
        self._refilter(lambda: setattr(self, "kind", kind))

    def _refilter(self, change) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9 (invalidateFilter is deprecated)
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's (see CaseTableModel.sort); the proxy only filters."""
        self.sourceModel().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        row = model.rows[source_row]
        s = row.summary or {}
        if self.kind in ("registration", "departure") and row.procedure != self.kind:
            return False
        if self.kind == "ready" and not s.get("ready"):
            return False
        if self.kind == "blocked" and not s.get("blocker"):
            return False
        if self.kind == "soon":
            d = model.first_deadline(row)
            if not d or (dt.date.fromisoformat(d["date"]) - model.today).days > SOON_DAYS:
                return False
        if self.text:
            hay = " ".join(model.data(model.index(source_row, c)) or "" for c in range(len(COLUMNS))).casefold()
            if self.text not in hay and self.text not in (row.name or "").casefold():
                return False
        return True


class CaseListPage(QWidget):
    open_case = Signal(str)

    def __init__(self, main, today: dt.date):
        super().__init__(main)
        self.main = main
        self.model = CaseTableModel(today, self)
        self.proxy = CaseFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("search")
        i18n.bind(self.search, "setPlaceholderText", N_("Search names, procedures, status… (Ctrl+F)"))
        self.search.textChanged.connect(self.proxy.set_text)
        self.filter = QComboBox(self)
        for key, _label in FILTERS:
            self.filter.addItem("", key)
        self.filter.currentIndexChanged.connect(lambda i: self.proxy.set_kind(self.filter.itemData(i)))
        # the wheel over it changes the list only once it has the focus; installed just after
        # start-up, which would otherwise pay for the guard's imports before the first window
        QTimer.singleShot(300, self._guard_wheel)
        self.filter_label = filter_label = QLabel(self)
        i18n.bind(filter_label, "setText", N_("&Show:"))
        filter_label.setBuddy(self.filter)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(filter_label)
        top.addWidget(self.filter)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DEADLINE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(DEADLINE, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().horizontalAdvance("M")
        for col, width in ((NAME, 16), (PROCEDURE, 9), (MODIFIED, 12)):
            self.table.setColumnWidth(col, em * width)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)

        from .welcome import Welcome

        self.empty = Welcome(self)  # while there is no case yet

        buttons = QHBoxLayout()
        self.buttons = {}
        for name, text in (("new_registration", N_("New &registration")), ("new_departure", N_("New &departure")),
                           ("open", N_("&Open")), ("duplicate", N_("D&uplicate")), ("delete", N_("De&lete")),
                           ("import", N_("&Import…")), ("export", N_("E&xport…"))):
            b = QPushButton(self)
            i18n.bind(b, "setText", text)
            buttons.addWidget(b)
            self.buttons[name] = b
            if name == "delete":
                buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addLayout(buttons)
        self.proxy.rowsInserted.connect(self.update_empty)
        self.proxy.rowsRemoved.connect(self.update_empty)
        self.proxy.modelReset.connect(self.update_empty)
        i18n.on_change(self, "retranslate")
        self.retranslate()

    def retranslate(self) -> None:
        for i, (_key, label) in enumerate(FILTERS):
            self.filter.setItemText(i, _(label))
        self.model.retranslate()
        self.fit_status_column()

    def fit_status_column(self, keep_wider: bool = False) -> None:
        """The status column as wide as its longest text can be in this language (two-digit
        counts, icon and margins): the deadline column takes the rest, not the counts."""
        metrics = self.table.fontMetrics()
        texts = [status_text({"blocker": 88, "warning": 88}), status_text({"ready": True, "warning": 88}),
                 status_text(None), _(COLUMNS[STATUS])]
        # the icon: a small icon is about a line high (asking the style would load QStyle's
        # enums, some 10 ms, before the first window)
        icon = max(metrics.height(), 16) + GAP
        width = max(metrics.horizontalAdvance(t) for t in texts) + icon + 4 * GAP
        if keep_wider:  # a width the user chose (restored from the settings) if it is wider
            width = max(width, self.table.columnWidth(STATUS))
        self.table.setColumnWidth(STATUS, width)

    def _guard_wheel(self) -> None:
        from .widgets.wheel_guard import guard
        guard(self.filter)

    def update_empty(self, *args) -> None:
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        for w in (self.search, self.filter, self.filter_label):
            w.setVisible(not empty)

    def _activated(self, index) -> None:
        if index.isValid():
            self.open_case.emit(index.data(ID))

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        index = rows[0] if rows else self.table.currentIndex()
        return index.data(ID) if index.isValid() else None

    def select(self, case_id: str) -> None:
        row = self.model.row_for(case_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.selectRow(index.row())
