"""Step 5: the engine's checklist. Each row says why the document is needed (and the
source), what is checked, and whether it is mandatory or recommended from practice; files
are dropped onto a row or picked, copied into the case store off the UI thread, and the
findings about the row and each of its files show beneath it.

Phase 2 (scan inspection) plugs in here: its findings go to session.set_extra_findings()
and appear under their row and file like the data checks; its thumbnails go to
DocumentsStep.set_thumbnail(attachment path, image).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from .. import i18n
from ..i18n import N_, _
from ..widgets.findings import FindingsView
from .base import StepPage, heading_font, wrapped_label

FILE_FILTER = N_("Scans and PDF files (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.pdf);;All files (*)")
THUMB_EM = 8  # thumbnail slot size in text heights: scales with the font at any DPI


class FileRow(QWidget):
    remove = Signal(dict)

    def __init__(self, attachment: dict, parent=None):
        super().__init__(parent)
        self.attachment = attachment
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.thumb = QLabel(self)  # filled by the inspection (phase 2)
        self.thumb.setVisible(False)
        self.name = QLabel(attachment.get("label") or Path(attachment["path"]).name, self)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.remove_button = QPushButton(self)
        i18n.bind(self.remove_button, "setText", N_("Remove"))
        i18n.bind(self.remove_button, "setToolTip", N_("Remove this file from the case"))
        self.remove_button.clicked.connect(lambda: self.remove.emit(self.attachment))
        lay.addWidget(self.thumb)
        lay.addWidget(self.name, 1)
        lay.addWidget(self.remove_button)
        self.findings = FindingsView(self)

    def set_thumbnail(self, image) -> None:
        side = self.fontMetrics().height() * THUMB_EM
        pix = image if isinstance(image, QPixmap) else QPixmap.fromImage(image)
        self.thumb.setPixmap(pix.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation))
        self.thumb.setVisible(True)


class RequirementRow(QFrame):
    """One document of the checklist; files can be dropped on it."""

    files_dropped = Signal(str, list)
    pick_files = Signal(str)
    remove_file = Signal(dict)

    def __init__(self, req, parent=None):
        super().__init__(parent)
        self.req = req
        self.setObjectName(f"req:{req.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = wrapped_label(self)
        self.title.setFont(heading_font(self, 1.0))
        self.tag = QLabel(self)
        top.addWidget(self.title, 1)
        top.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        self.details = wrapped_label(self, selectable=True)
        lay.addWidget(self.details)
        self.files_box = QVBoxLayout()
        lay.addLayout(self.files_box)
        self.findings = FindingsView(self)
        lay.addWidget(self.findings)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self)
        i18n.bind(self.add_button, "setText", N_("Add files…"))
        self.add_button.clicked.connect(lambda: self.pick_files.emit(self.req.id))
        self.drop_hint = QLabel(self)
        i18n.bind(self.drop_hint, "setText", N_("or drop files here"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.drop_hint)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.file_rows: list[FileRow] = []
        self.render_texts()

    def render_texts(self) -> None:
        req = self.req
        self.title.setText(i18n.text(req.title))
        if req.practice:
            tag = _("Recommended (practice, not in the guideline)")
        elif req.mandatory:
            tag = _("Mandatory")
        else:
            tag = _("Recommended")
        self.tag.setText(tag)
        lines = [_("Why: {because}", because=req.because)]
        lines += [i18n.text(r) for r in req.remarks]
        lines += [i18n.text(n) for n in req.notes]
        if req.checks:
            lines.append(_("Checked: {checks}", checks=[c["title"] for c in req.checks]))
        if req.form:
            lines.append(_("Shebao Desk fills this form from the case; it is then signed or sealed."))
        lines.append(_("Source: {sources}", sources=" · ".join(i18n.text(s["title"]) for s in req.sources)))
        self.details.setText("\n".join(lines))

    def set_state(self, attachments: list[dict], findings: list) -> None:
        known = [r.attachment for r in self.file_rows]
        if known != attachments:
            for row in self.file_rows:
                row.setParent(None)
                row.deleteLater()
            self.file_rows = []
            for att in attachments:
                row = FileRow(att, self)
                row.remove.connect(self.remove_file)
                self.files_box.addWidget(row)
                self.files_box.addWidget(row.findings)
                self.file_rows.append(row)
        paths = {a["path"] for a in attachments}
        for row in self.file_rows:
            row.findings.set_findings([f for f in findings if f.file == row.attachment["path"]])
        self.findings.set_findings([f for f in findings if f.file not in paths])

    # drag and drop from the file manager
    def _local_files(self, event) -> list[str]:
        md = event.mimeData()
        if not md.hasUrls():
            return []
        return [u.toLocalFile() for u in md.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]

    def dragEnterEvent(self, event) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
            self.setFrameShadow(QFrame.Shadow.Sunken)
            self.setLineWidth(2)

    def dragLeaveEvent(self, event) -> None:
        self.setFrameShadow(QFrame.Shadow.Plain)
        self.setLineWidth(1)

    def dropEvent(self, event) -> None:
        self.dragLeaveEvent(event)
        files = self._local_files(event)
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(self.req.id, files)


class DocumentsStep(StepPage):
    key = "documents"
    title = N_("Documents")
    intro = N_("What this case needs, and why. Drop scans onto a row from the file manager, or use Add files. Files are copied into the case, so moving the originals loses nothing.")

    def build(self) -> None:
        self.rows: dict[str, RequirementRow] = {}
        status = QHBoxLayout()
        self.summary = wrapped_label(self.body)
        self.progress = QProgressBar(self.body)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.body)
        i18n.bind(self.cancel_button, "setText", N_("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_task)
        status.addWidget(self.summary, 1)
        status.addWidget(self.progress)
        status.addWidget(self.cancel_button)
        self.body_layout.addLayout(status)
        self.rows_box = QVBoxLayout()
        self.body_layout.addLayout(self.rows_box)
        self.empty = wrapped_label(self.body)
        self.body_layout.addWidget(self.empty)
        self.task = None
        self.dialog = None

    def load(self, session) -> None:
        super().load(session)
        self.rebuild()

    def rebuild(self) -> None:
        report = self.session.report if self.session else None
        reqs = report.requirements if report else []
        if [r.id for r in reqs] != list(self.rows) or any(self.rows[r.id].req != r for r in reqs):
            for row in self.rows.values():
                row.setParent(None)
                row.deleteLater()
            self.rows = {}
            previous = None
            for req in reqs:
                row = RequirementRow(req, self.body)
                row.files_dropped.connect(self.attach_files)
                row.pick_files.connect(self.pick_files)
                row.remove_file.connect(self.remove_file)
                self.rows_box.addWidget(row)
                self.rows[req.id] = row
                if previous is not None:
                    QWidget.setTabOrder(previous, row.add_button)
                previous = row.add_button
        for req in reqs:
            self.rows[req.id].set_state(report.attachments_for(req.id),
                                        [f for f in report.findings if f.requirement == req.id])
        if report is None:
            self.empty.setText(i18n.text(self.session.rule_date_error) if self.session and self.session.rule_date_error else "")
        elif not reqs:
            self.empty.setText(_("No documents: this case needs none. The review step says why."))
        else:
            self.empty.setText("")
        self.empty.setVisible(bool(self.empty.text()))
        if report:
            n_att = sum(1 for r in reqs if report.status(r) == "attached")
            self.summary.setText(_("{attached} of {total} documents have files attached.", attached=n_att, total=len(reqs)))

    def refresh(self) -> None:
        if self.session is not None:
            self.rebuild()

    def retranslate(self) -> None:
        for row in self.rows.values():
            row.render_texts()
        self.refresh()

    def focus_requirement(self, req_id: str) -> bool:
        row = self.rows.get(req_id)
        if row is None:
            return False
        self.scroll.ensureWidgetVisible(row)
        row.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def first_focus(self):
        return next(iter(self.rows.values())).add_button if self.rows else None

    # --- files -----------------------------------------------------------------------

    def pick_files(self, req_id: str) -> None:
        dialog = QFileDialog(self, _("Add files to “{document}”", document=self.rows[req_id].req.title))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(_(FILE_FILTER).split(";;"))
        dialog.filesSelected.connect(lambda files: self.attach_files(req_id, files))
        self.dialog = dialog
        dialog.open()

    def attach_files(self, req_id: str, files: list) -> None:
        """Copy the files into the store off the UI thread, then attach them."""

        blobs = self.session.store.blobs
        session = self.session

        def copy_in(paths, progress, cancel):
            out = []
            for i, p in enumerate(paths):
                if cancel.is_set():
                    break
                progress(i, len(paths), Path(p).name)
                out.append((p, *blobs.add(Path(p))))
            progress(len(paths), len(paths), "")
            return out

        def done(results):
            if session is not self.session:
                return
            atts = session.case.setdefault("attachments", [])
            for path, sha, rel in results:
                if not any(a.get("sha256") == sha and a["requirement"] == req_id for a in atts):
                    atts.append({"requirement": req_id, "path": rel, "sha256": sha, "label": Path(path).name[:200]})
            session.set_many({})
            session.flush()

        self.task = self.editor.runner.start(
            copy_in, list(files), name="attach", on_result=done, on_progress=self.show_progress,
            on_error=self.task_failed, on_finished=self.task_finished)
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)

    def show_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{text} %p%" if text else "%p%")

    def task_failed(self, exc) -> None:
        message = getattr(exc, "message", None)
        self.editor.main.notify(i18n.text(message) if isinstance(message, dict) else str(exc), error=True)

    def task_finished(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.task = None

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def remove_file(self, attachment: dict) -> None:
        self.session.remove_attachment(attachment)

    def set_thumbnail(self, path: str, image) -> None:
        """Phase 2: show the inspection's thumbnail beside the attached file `path`."""
        for row in self.rows.values():
            for file_row in row.file_rows:
                if file_row.attachment["path"] == path:
                    file_row.set_thumbnail(image)
