"""Case → Packs (or forms) for the selected cases: choose a folder, then each case is done in
the background (forms.office.batch, the engine's verdict per case) with progress and a line per
case: saved, refused with its blockers, or failed with the reason. Cancel stops after the
case in hand; what is finished stays."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from forms.common import logs

from . import i18n
from .i18n import N_, _

log = logs.get("batch")
STATUS = {"saved": N_("Saved"), "refused": N_("Refused"), "failed": N_("Failed")}


def choose_folder(window, kind: str) -> None:
    """Ask for the folder, then start the batch for the selected cases."""
    from PySide6.QtWidgets import QFileDialog

    ids = window.case_list.selected_ids()
    if not ids:
        return window.notify(_("Select the cases first (Ctrl+A selects all the cases shown)."))
    start = window.settings.value("output/folder") or str(Path.home())
    dialog = QFileDialog(window, _("Save the packs into") if kind == "pack" else _("Save the forms into"), str(start))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.fileSelected.connect(lambda folder: start_batch(window, ids, folder, kind))
    window.dialog = dialog
    dialog.open()


def start_batch(window, ids: list[str], folder: str, kind: str) -> "BatchDialog":
    window.settings.setValue("output/folder", folder)
    if window.session is not None:
        window.session.flush()
    dialog = BatchDialog(window, ids, Path(folder), kind)
    window.dialog = dialog
    dialog.open()
    dialog.start()
    return dialog


class BatchDialog(QDialog):
    def __init__(self, window, ids: list[str], folder: Path, kind: str):
        super().__init__(window)
        self.window_, self.ids, self.folder, self.kind = window, ids, folder, kind
        self.task = None
        self.items = []
        self.setWindowTitle(_("Submission packs") if kind == "pack" else _("Forms"))
        self.setMinimumSize(760, 420)
        self.label = QLabel(_("Into {folder}", folder=str(folder)), self)
        self.label.setWordWrap(True)
        rows = {r.id: r for r in window.case_list.model.all}
        self.table = QTableWidget(len(ids), 3, self)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Result"), _("Details")])
        for col in (0, 1):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for i, cid in enumerate(ids):
            row = rows.get(cid)
            self.table.setItem(i, 0, QTableWidgetItem((row.name if row else "") or _("(no name yet)")))
            self.table.setItem(i, 1, QTableWidgetItem(_("Waiting")))
            self.table.setItem(i, 2, QTableWidgetItem(""))
        self.progress = QProgressBar(self)
        self.progress.setRange(0, len(ids))
        self.button = QPushButton(_("&Cancel"), self)
        self.button.clicked.connect(self.cancel_or_close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.label)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)

    def start(self) -> None:
        from forms.office.batch import run_batch

        root, ids, folder, kind, today = self.window_.store.root, self.ids, self.folder, self.kind, self.window_.today

        def work(progress, cancel, partial):
            from forms.store import CaseStore

            store = CaseStore(root)  # this thread's own connection
            try:
                return run_batch(store.load, ids, today, folder, kind, on_item=partial,
                                 progress=lambda d, t: progress(d, t, ""), cancel=cancel)
            finally:
                store.close()

        self.task = self.window_.runner.start(work, name="batch", on_partial=self.show_item,
                                              on_progress=lambda d, t, _x: self.progress.setValue(d),
                                              on_error=self.failed, on_finished=self.finished_)

    def show_item(self, item) -> None:
        i = len(self.items)
        self.items.append(item)
        self.table.item(i, 1).setText(_(STATUS[item.status]))
        details = "\n".join(item.paths) if item.paths else ""
        if item.reason:
            details = "\n".join(x for x in (details, i18n.text(item.reason)) if x)
        if item.blockers:
            details += "\n" + "\n".join("• " + i18n.text(m) for m in item.blockers)
        cell = self.table.item(i, 2)
        cell.setText(details.splitlines()[0] if details else "")
        cell.setToolTip(details)
        self.progress.setValue(len(self.items))

    def failed(self, exc) -> None:
        log.warning("batch failed: %s", type(exc).__name__)
        self.label.setText(_("The batch stopped: {problem}", problem=logs.redact(str(exc))[:200]))

    def finished_(self) -> None:
        self.task = None
        saved = sum(i.status == "saved" for i in self.items)
        log.info("batch %s: %d of %d saved, %d done", self.kind, saved, len(self.ids), len(self.items))
        for i in range(len(self.items), len(self.ids)):
            self.table.item(i, 1).setText(_("Not done (cancelled)"))
        self.label.setText(_("{saved} of {n} saved into {folder}.", saved=saved, n=len(self.ids), folder=str(self.folder)))
        self.button.setText(_("&Close"))
        self.button.setEnabled(True)

    def cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.button.setEnabled(False)
            self.label.setText(_("Stopping after the case in hand…"))
        else:
            self.accept()
