"""The case list: name, procedure, status (ready, or n blockers and n warnings) and the
next deadline, soonest first; search and filter, and what is due (forms.law.due) with its
counts above the list, one click to filter. It reads only the rows' cached summaries
(forms.verdict.summary), so it stays fast with thousands of cases; refreshed summaries arrive in
batches (update_summaries), each applied with one sort."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QDate, QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from forms.law.due import TAGS as DUE_TAGS
from forms.law.due import what_text

from . import i18n
from .i18n import N_, _
from .theme import GAP

COLUMNS = [N_("Name"), N_("Procedure"), N_("Status"), N_("Next deadline"), N_("Last changed")]
NAME, PROCEDURE, STATUS, DEADLINE, MODIFIED = range(5)
PROCEDURES = {"registration": N_("Registration"), "departure": N_("Departure")}
FILTERS = [("all", N_("All cases")), ("registration", N_("Registrations")), ("departure", N_("Departures")),
           ("ready", N_("Ready")), ("blocked", N_("With blockers")), ("soon", N_("Deadline within 30 days")),
           *(t for t in DUE_TAGS if t[0] != "departure")]
DUE_KINDS = {tag for tag, _label in DUE_TAGS} - {"departure"}  # "departure" is the procedure filter
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
    return what_text(d, i18n.lang())  # the engine's words, as in `shebao due` and the reminders


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
    # The model sorts and filters itself, with one key per row. A QSortFilterProxyModel
    # calls back into Python for every row on each change (rowCount/columnCount through
    # index(), then the filter): ~90 ms per reset at 10,000 cases, against ~3 ms here.

    def __init__(self, today: dt.date, parent=None):
        super().__init__(parent)
        self.today = today
        self.soon_date = (today + dt.timedelta(days=SOON_DAYS)).isoformat()
        self.all = []  # every case's row, sorted
        self._by_id: dict = {}  # case id -> its row in `all` (made again when `all` changes size)
        self.rows = []  # the rows shown: `all` through the filter, in the same order
        self._pos: dict[str, int] = {}  # case id -> index in rows
        self._hay: dict[str, str] = {}  # case id -> its text for the search, made on first search
        self.kind, self.text = "all", ""
        self.sort_column, self.sort_order = DEADLINE, Qt.SortOrder.AscendingOrder

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.all = self._sorted(list(rows))
        self._by_id = {r.id: r for r in self.all}
        self._hay.clear()
        self.rows = self._visible()
        self._index()
        self.endResetModel()

    def _index(self) -> None:
        self._pos = {r.id: i for i, r in enumerate(self.rows)}

    def _key(self):
        return {NAME: lambda r: (r.name or "\uffff").casefold(), PROCEDURE: lambda r: r.procedure,
                STATUS: self._status_key, DEADLINE: self._deadline_key, MODIFIED: lambda r: r.modified}[self.sort_column]

    def _sorted(self, rows: list) -> list:
        return sorted(rows, key=self._key(), reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    # Sort keys and the filter read the row's summary columns (CaseRow), never the parsed summary.
    @staticmethod
    def _status_key(row):
        return (-row.blocker, -row.warning) if row.key and not row.error else (1, 1)

    @staticmethod
    def _deadline_key(row):
        return row.next_date or "9999-12-31"

    # --- filter ----------------------------------------------------------------------------

    def set_kind(self, kind: str) -> None:
        self.kind = kind
        self._relayout()

    def set_text(self, text: str) -> None:
        self.text = text.casefold().strip()
        self._relayout()

    def _visible(self) -> list:
        if self.kind == "all" and not self.text:
            return list(self.all)
        return [r for r in self.all if self.accepts(r)]

    def accepts(self, row) -> bool:
        kind = self.kind
        if kind in ("registration", "departure") and row.procedure != kind:
            return False
        if kind == "ready" and not row.ready:
            return False
        if kind == "blocked" and not row.blocker:
            return False
        if kind == "soon" and (not row.next_date or row.next_date > self.soon_date):
            return False
        if kind in DUE_KINDS and kind not in row.due.split():
            return False
        if self.text:
            hay = self._hay.get(row.id)
            if hay is None:
                hay = self._hay[row.id] = " ".join(self.display(row, c) for c in range(len(COLUMNS))).casefold()
            if self.text not in hay:
                return False
        return True

    def _relayout(self) -> None:
        """Show `all` through the filter again: a layout change when as many rows are
        shown (the selection follows its cases), else a reset (the page keeps the selection)."""
        new = self._visible()
        if len(new) != len(self.rows):
            self.beginResetModel()
            self.rows = new
            self._index()
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.rows[i.row()].id if i.row() < len(self.rows) else None for i in old]
        self.rows = new
        self._index()
        self.changePersistentIndexList(old, [self.index(self._pos[cid], i.column()) if cid in self._pos else QModelIndex()
                                             for cid, i in zip(old_ids, old)])
        self.layoutChanged.emit()

    # --- sort and changes ------------------------------------------------------------------

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == (self.sort_column, self.sort_order) and self._is_sorted():
            return  # e.g. the header's saved state, restored at start-up: nothing to do
        self.sort_column, self.sort_order = column, order
        self.all = self._sorted(self.all)
        self._relayout()

    def _is_sorted(self) -> bool:
        return all(a is b for a, b in zip(self._sorted(self.all), self.all))

    def update_row(self, row) -> None:
        """A case saved, created or restored: its row replaces the old one, then one sort."""
        self._hay.pop(row.id, None)
        self.all = self._sorted([r for r in self.all if r.id != row.id] + [row])
        self._by_id[row.id] = row
        self._relayout()

    def update_summaries(self, results) -> None:
        """Apply a batch of refreshed summaries [(case id, summary)]: the rows change in
        place, then one sort and one layout change if the order or the filter may have
        changed, else one signal per run of changed rows."""
        if len(self._by_id) != len(self.all):
            self._by_id = {r.id: r for r in self.all}
        sort_key, moved, touched = self._key(), False, []
        for cid, summary in results:
            row = self._by_id.get(cid)
            if row is None:
                continue
            before = sort_key(row)
            row.set_summary(summary)
            self._hay.pop(cid, None)
            moved = moved or sort_key(row) != before
            if cid in self._pos:
                touched.append(self._pos[cid])
        if moved:
            self.all = self._sorted(self.all)
        if moved or self.kind != "all" or self.text:
            return self._relayout()
        if touched:  # one signal: the view repaints only the rows it shows
            self.dataChanged.emit(self.index(min(touched), 0), self.index(max(touched), len(COLUMNS) - 1))

    def remove_id(self, case_id: str) -> None:
        self.all = [r for r in self.all if r.id != case_id]
        self._by_id.pop(case_id, None)
        self._hay.pop(case_id, None)
        i = self._pos.get(case_id, -1)
        if i >= 0:
            self.beginRemoveRows(QModelIndex(), i, i)
            del self.rows[i]
            self._index()
            self.endRemoveRows()

    def row_for(self, case_id: str) -> int:
        """The case's row as shown, or -1 (no such case, or filtered out)."""
        return self._pos.get(case_id, -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def retranslate(self) -> None:
        self._hay.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    @staticmethod
    def first_deadline(row):
        ds = (row.summary or {}).get("deadlines") or []
        return ds[0] if ds else None

    def display(self, row, col: int) -> str:
        if col == NAME:
            return row.name or _("(no name yet)")
        if col == PROCEDURE:
            return _(PROCEDURES.get(row.procedure, row.procedure))
        if col == STATUS:
            return status_text(row.summary)
        if col == DEADLINE:
            d = self.first_deadline(row)
            return deadline_text(d, self.today) if d else ""
        return self._modified(row.modified)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == ID:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        s = row.summary
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


class CaseListPage(QWidget):
    open_case = Signal(str)
    selection_changed = Signal()

    def __init__(self, main, today: dt.date, parent=None):
        super().__init__(parent if parent is not None else main)  # made in its place: no reparenting
        self.main = main
        self.model = CaseTableModel(today, self)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("search")
        i18n.bind(self.search, "setPlaceholderText", N_("Search names, procedures, status… (Ctrl+F)"))
        self.search.textChanged.connect(self.model.set_text)
        self.search.returnPressed.connect(self._search_entered)
        self.filter = QComboBox(self)
        for key, _label in FILTERS:
            self.filter.addItem("", key)
        self.filter.currentIndexChanged.connect(lambda i: self.model.set_kind(self.filter.itemData(i)))
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
        # what is due, with counts: made when there is something to count (not at an empty start)
        self.due_layout = QHBoxLayout()
        self.due_buttons: dict[str, QPushButton] = {}
        self.due_counts: dict[str, int] = {}
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.timeout.connect(self.update_counts)
        for signal in (self.model.modelReset, self.model.layoutChanged, self.model.dataChanged,
                       self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(lambda *a: self._count_timer.start(0))
        self.filter.currentIndexChanged.connect(self._check_due_button)

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
        lay.addLayout(self.due_layout)
        self._table = None  # made when there is a case to list (an empty store shows the welcome page)
        self.header_state = None  # the columns as the user left them, for the table once made
        lay.addWidget(self.empty)
        lay.addLayout(buttons)
        # Enter presses the welcome page's and the list's buttons: installed just after
        # start-up (a Python event filter would see every event of the first window)
        self.enter_ready = False
        QTimer.singleShot(300, self, self._press_on_enter)
        self.model.rowsInserted.connect(self.update_empty)
        self.model.rowsRemoved.connect(self.update_empty)
        self.model.modelReset.connect(self.update_empty)
        self._kept: list[str] = []  # the selection across a reset (a filter that shows more or fewer rows)
        i18n.on_change(self, "retranslate")
        self.retranslate()

    @property
    def table(self):
        """The list of cases, made on first use: an empty store's first window needs none."""
        if self._table is None:
            self._build_table()
        return self._table

    def _build_table(self) -> None:
        # PySide makes the view classes when first imported, ~2.5 ms: not for the welcome page
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

        table = self._table = QTableView(self)
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.sortByColumn(DEADLINE, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several for a batch
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(DEADLINE, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().horizontalAdvance("M")
        for col, width in ((NAME, 16), (PROCEDURE, 9), (MODIFIED, 12)):
            table.setColumnWidth(col, em * width)
        table.activated.connect(self._activated)
        table.doubleClicked.connect(self._activated)
        table.selectionModel().selectionChanged.connect(lambda *_a: self.selection_changed.emit())
        # after the view's own: a reset clears the view's selection, then this restores it
        self.model.modelAboutToBeReset.connect(lambda: setattr(self, "_kept", self.selected_ids()))
        self.model.modelReset.connect(self._restore_selection)
        lay = self.layout()
        lay.insertWidget(lay.indexOf(self.empty), table, 1)
        QWidget.setTabOrder(self.filter, table)  # where it stands, not last in the Tab chain
        if self.header_state is not None:
            header.restoreState(self.header_state)
        self.fit_status_column(keep_wider=self.header_state is not None)

    def retranslate(self) -> None:
        for i, (_key, label) in enumerate(FILTERS):
            self.filter.setItemText(i, _(label))
        self.model.retranslate()
        self._label_due_buttons()
        self.fit_status_column()

    def update_counts(self) -> None:
        """The counts of what is due, in the buttons above the list (one click filters)."""
        from forms.law.due import count_tags

        self.due_counts = count_tags(self.model.all)
        if not self.due_buttons and not any(self.due_counts.values()):
            return
        if not self.due_buttons:
            for tag, _label in DUE_TAGS:
                b = QPushButton(self)
                b.setCheckable(True)
                b.setAccessibleName(f"due:{tag}")
                b.clicked.connect(lambda _c=False, tag=tag: self.show_due(tag))
                self.due_layout.addWidget(b)
                self.due_buttons[tag] = b
            self.due_layout.addStretch(1)
            self._check_due_button()
        self._label_due_buttons()

    def _label_due_buttons(self) -> None:
        from forms.law.due import SHORT

        for tag, label in DUE_TAGS:
            if tag in self.due_buttons:
                n = self.due_counts.get(tag, 0)
                self.due_buttons[tag].setText(_("{what}: {n}", what=_(SHORT[tag]), n=i18n.qt_locale().toString(n)))
                self.due_buttons[tag].setToolTip(_(label))

    def show_due(self, tag: str) -> None:
        """Filter the list to what a due button counts; a second click shows all again."""
        current = self.filter.itemData(self.filter.currentIndex())
        self.filter.setCurrentIndex(self.filter.findData("all" if current == tag else tag))

    def _check_due_button(self, *args) -> None:
        current = self.filter.itemData(self.filter.currentIndex())
        for tag, b in self.due_buttons.items():
            b.setChecked(tag == current)

    def fit_status_column(self, keep_wider: bool = False) -> None:
        """The status column as wide as its longest text can be in this language (two-digit
        counts, icon and margins): the deadline column takes the rest, not the counts."""
        if self._table is None:  # measured when the table is made
            return
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

    def _press_on_enter(self) -> None:
        from .widgets.enter_key import press_on_enter
        press_on_enter(self)
        self.enter_ready = True

    def _guard_wheel(self) -> None:
        from .widgets.wheel_guard import guard
        guard(self.filter)

    def update_empty(self, *args) -> None:
        empty = not self.model.all  # no case at all (a filter showing none keeps the table)
        # with no case, the welcome page offers what the list's buttons do (one of each)
        listing = [self.search, self.filter, self.filter_label, *self.buttons.values()]
        if not empty or self._table is not None:
            listing.append(self.table)  # made with the first case
        lost_focus = empty and any(w.hasFocus() for w in listing)  # e.g. Delete on the last case
        self.empty.setVisible(empty)
        for w in listing:
            w.setVisible(not empty)
        if lost_focus:  # to the welcome page's first choice, not wherever the Tab chain wraps
            self.empty.buttons["registration"].setFocus()

    def _activated(self, index) -> None:
        if index.isValid():
            self.open_case.emit(index.data(ID))

    def _search_entered(self) -> None:
        """Enter in the search: one case found is opened; several: the first is selected and
        the list takes the keyboard (arrows, Enter)."""
        if self.model.rowCount() == 1:
            self.open_case.emit(self.model.index(0, 0).data(ID))
        elif self.model.rowCount() > 1:
            self.table.selectRow(0)
            self.table.setFocus()

    def selected_id(self) -> str | None:
        if self._table is None:
            return None
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        index = rows[0] if rows else self.table.currentIndex()
        return index.data(ID) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        """The selected cases, in the list's order."""
        if self._table is None:
            return []
        model = self.table.selectionModel()
        rows = sorted(model.selectedRows(), key=lambda i: i.row()) if model else []
        return [index.data(ID) for index in rows]

    def select(self, case_id: str) -> None:
        row = self.model.row_for(case_id)
        if row < 0:
            return
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.selectRow(row)

    def _restore_selection(self) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        rows = [self.model.row_for(cid) for cid in self._kept]
        selection = QItemSelection()
        for row in (r for r in rows if r >= 0):
            selection.select(self.model.index(row, 0), self.model.index(row, len(COLUMNS) - 1))
        if not selection.isEmpty():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().select(selection, flags)
