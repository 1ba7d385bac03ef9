"""Case → Import roster: an employee list (CSV or .xlsx) into cases, one per row
(forms.office.roster). The dialog shows each column of the file with its first value and the case
field it fills (guessed from the header, or as the user chose last time for that header:
remembered in the settings), imports in the background with progress and Cancel, then
lists what was created and updated and every refused row with its column, problem and fix."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from forms.common import logs
from forms.case.fields import label
from forms.office.roster import FIELDS, RosterError, guess_mapping, read_table

from . import i18n
from .i18n import N_, _

log = logs.get("roster")
MAPPING_KEY = "roster/mapping"
ROSTER_FILTER = N_("Rosters (*.xlsx *.csv)")


class RosterDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.table_data = None
        self.task = None
        self.result = None
        self.setWindowTitle(_("Import a roster"))
        self.setMinimumSize(820, 560)
        self.file_label = QLabel(_("Choose a roster: a CSV or Excel (.xlsx) file, one employee per row."), self)
        self.file_label.setWordWrap(True)
        self.choose = QPushButton(_("&Choose file…"), self)
        self.template = QPushButton(_("Save a &template…"), self)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose)
        top.addWidget(self.template)

        self.columns = QTableWidget(0, 3, self)
        self.columns.setHorizontalHeaderLabels([_("Column in the file"), _("First value"), _("Case field")])
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().setVisible(False)
        self.report = QTableWidget(0, 4, self)
        self.report.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem"), _("Fix")])
        self.report.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.report.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.report.verticalHeader().setVisible(False)
        self.report.hide()
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.import_button = QPushButton(_("&Import"), self)
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(_("&Close"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.columns, 2)
        lay.addWidget(self.summary)
        lay.addWidget(self.report, 2)
        lay.addLayout(buttons)

        self.choose.clicked.connect(self.choose_file)
        self.template.clicked.connect(self.save_template)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.cancel_or_close)
        self.file_dialog = None

    # --- the file and its columns -------------------------------------------------------

    def choose_file(self) -> None:
        dialog = QFileDialog(self, _("Import a roster"), str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_(ROSTER_FILTER), _("All files (*)")])
        dialog.fileSelected.connect(self.load)
        self.file_dialog = dialog
        dialog.open()

    def save_template(self) -> None:
        from .dialogs import save_file_dialog

        def save(path: str) -> None:
            from forms.office.roster import save_template

            try:
                save_template(Path(path))
            except OSError as exc:
                return self.summary.setText(_("Cannot save {path}: {problem}", path=path,
                                              problem=exc.strerror or str(exc)))
            self.summary.setText(_("Template saved to {path}.", path=path))

        self.file_dialog = save_file_dialog(self, _("Save a template"), str(Path.home() / "roster.xlsx"),
                                            _("Excel workbook (*.xlsx)"), "xlsx", save)

    def remembered(self) -> dict:
        try:
            value = json.loads(self.window_.settings.value(MAPPING_KEY, "{}") or "{}")
        except (TypeError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def load(self, path: str) -> None:
        """Read the file and show its columns with the guessed (or remembered) fields."""
        try:
            table = read_table(Path(path))
        except RosterError as exc:
            self.table_data = None
            self.columns.setRowCount(0)
            self.import_button.setEnabled(False)
            return self.summary.setText(i18n.text(exc.message))
        self.table_data, self.path = table, path
        mapping = guess_mapping(table.headers, self.remembered())
        first = table.rows[0][1] if table.rows else []
        self.columns.setRowCount(len(table.headers))
        self.combos = []
        for i, head in enumerate(table.headers):
            self.columns.setItem(i, 0, QTableWidgetItem(head))
            sample = first[i] if i < len(first) and first[i] is not None else ""
            if isinstance(sample, dt.datetime) and sample.time() == dt.time():  # an Excel date cell
                sample = sample.date()
            self.columns.setItem(i, 1, QTableWidgetItem(str(sample)))
            combo = QComboBox(self.columns)
            combo.addItem(_("(not imported)"), "")
            for fld in FIELDS:
                combo.addItem(i18n.text(label(fld)), fld)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(i, ""))))
            combo.setAccessibleName(f"field for {head}")
            self.columns.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self.file_label.setText(_("{path}: {n} rows", path=path, n=len(table.rows)))
        self.summary.setText("")
        self.report.hide()
        self.import_button.setEnabled(True)

    def mapping(self) -> dict[int, str]:
        out = {}
        for i, combo in enumerate(self.combos):
            fld = combo.currentData()
            if fld and fld not in out.values():
                out[i] = fld
        return out

    # --- the import ------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.table_data is None or self.task is not None:
            return
        mapping = self.mapping()
        remembered = self.remembered()
        remembered.update({self.table_data.headers[i]: f for i, f in mapping.items()})
        for i, combo in enumerate(self.combos):  # "not imported" is remembered too: it drops the old choice
            if not combo.currentData():
                remembered.pop(self.table_data.headers[i], None)
        self.window_.settings.setValue(MAPPING_KEY, json.dumps(remembered, ensure_ascii=False))
        if self.window_.session is not None:
            self.window_.session.flush()
        root, table, today = self.window_.store.root, self.table_data, self.window_.today

        def work(progress, cancel):
            from forms.office.roster import import_roster
            from forms.store import CaseStore

            store = CaseStore(root)  # this thread's own connection
            try:
                return import_roster(store, table, mapping, today, progress=progress, cancel=cancel)
            finally:
                store.close()

        self.progress.setRange(0, max(1, len(table.rows)))
        self.progress.setValue(0)
        self.progress.show()
        self.import_button.setEnabled(False)
        self.close_button.setText(_("&Cancel"))
        self.task = self.window_.runner.start(
            work, name="roster import", on_progress=lambda done, total, _t: self.progress.setValue(done),
            on_result=self.show_result, on_error=self.failed, on_cancelled=self.cancelled, on_finished=self.finished_)

    def cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        else:
            self.reject()

    def finished_(self) -> None:
        self.task = None
        self.progress.hide()
        self.close_button.setText(_("&Close"))
        self.import_button.setEnabled(self.table_data is not None)

    def cancelled(self) -> None:
        self.summary.setText(_("Import cancelled: nothing was imported."))

    def failed(self, exc) -> None:
        log.warning("roster import failed: %s", type(exc).__name__)
        self.summary.setText(_("The import failed: {problem}. Nothing was imported.", problem=logs.redact(str(exc))[:200]))

    def show_result(self, result) -> None:
        self.result = result
        log.info("roster import: %d created, %d updated, %d unchanged, %d rows refused", len(result.created),
                 len(result.updated), len(result.unchanged), len(result.refused_rows))
        lines = [_("{created} created, {updated} updated, {unchanged} unchanged, {refused} rows refused.",
                   created=len(result.created), updated=len(result.updated), unchanged=len(result.unchanged),
                   refused=len(result.refused_rows))]
        for entry in result.updated[:20]:
            lines.append(_("Row {row}: {name}: {fields}", row=entry["row"], name=entry["name"],
                           fields=", ".join(i18n.text(label(c["field"])) for c in entry["changes"])))
        if len(result.updated) > 20:
            lines.append(_("… and {n} more updated.", n=len(result.updated) - 20))
        self.summary.setText("\n".join(lines))
        self.report.setRowCount(len(result.problems))
        for r, p in enumerate(result.problems):
            for c, text in enumerate((str(p.row) if p.row else "", p.column, i18n.text(p.message), i18n.text(p.fix))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.report.setItem(r, c, item)
        self.report.setVisible(bool(result.problems))
        self.window_.reload_rows()
