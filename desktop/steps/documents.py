"""Step 5: the engine's checklist. Each row says why the document is needed (and the
source), what is checked, and whether it is mandatory or recommended from practice; files
are dropped onto a row or picked, copied into the case store off the UI thread, and the
findings about the row and each of its files show beneath it.

The attached files are inspected (forms.inspection.inspect_case) in the task runner
whenever they or the answers their judgement uses change, and when the step is shown for
a case whose files were not inspected: progress and Cancel in the step's status line, a
thumbnail and the file's findings under each file, and the findings join the session's
report (status, review, case list).
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from forms.common.i18n import bi_n

from .. import i18n
from ..i18n import N_, _
from ..widgets.findings import FindingsView
from .base import StepPage, heading_font, wrapped_label

FILE_FILTER = N_("Scans and PDF files (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.pdf);;All files (*)")
THUMB_EM = 6  # thumbnail slot size in text heights: scales with the font at any DPI
INSPECT_DELAY_MS = 400  # inspect after edits pause this long (one run for a burst of edits)
PROGRESS_EMS = 22  # the progress bar's least width, in text widths of "M"


def run_inspection(case: dict, on, progress, cancel):
    """In a pool thread: inspect every attachment of `case` (a copy, plain data)."""
    from forms.inspection import inspect_case

    names = {a["path"]: a.get("label") or Path(a["path"]).name for a in case.get("attachments", [])}
    return inspect_case(case, on, progress=lambda done, total, r: progress(done, total, names.get(r.path, "")),
                        cancel=cancel.is_set)


class FileRow(QWidget):
    """One attached file: its thumbnail, name and what the inspection found about it."""

    remove = Signal(dict)

    def __init__(self, attachment: dict, parent=None):
        super().__init__(parent)
        self.attachment = attachment
        self.setObjectName(f"file:{attachment['path']}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.thumb = QLabel(self)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side = self.fontMetrics().height() * THUMB_EM
        self.thumb.setFixedSize(side, side)
        self.thumb.setVisible(False)
        right = QVBoxLayout()
        top = QHBoxLayout()
        self.name = QLabel(attachment.get("label") or Path(attachment["path"]).name, self)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name.setWordWrap(True)
        self.remove_button = QPushButton(self)
        i18n.bind(self.remove_button, "setText", N_("Remove"))
        i18n.bind(self.remove_button, "setToolTip", N_("Remove this file from the case"))
        self.remove_button.clicked.connect(lambda: self.remove.emit(self.attachment))
        top.addWidget(self.name, 1)
        top.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        self.facts = wrapped_label(self)
        self.facts.setVisible(False)
        self.findings = FindingsView(self)
        right.addLayout(top)
        right.addWidget(self.facts)
        right.addWidget(self.findings)
        right.addStretch(1)
        lay.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(right, 1)
        self.result = None

    def set_thumbnail(self, image) -> None:
        side = self.thumb.width()
        pix = image if isinstance(image, QPixmap) else QPixmap.fromImage(image)
        dpr = self.devicePixelRatioF()
        pix = pix.scaled(int(side * dpr), int(side * dpr), Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)
        pix.setDevicePixelRatio(dpr)
        self.thumb.setPixmap(pix)
        self.thumb.setVisible(True)

    def set_result(self, result) -> None:
        """The inspection's result for this file (forms.inspection.FileResult) or None."""
        if result is self.result:
            return
        self.result = result
        self.retranslate()

    def needs_thumbnail(self) -> bool:
        return self.result is not None and bool(self.result.thumbnail_png) and self.thumb.pixmap().isNull()

    def load_thumbnail(self) -> None:
        image = QImage.fromData(self.result.thumbnail_png, "PNG")
        if not image.isNull():
            self.set_thumbnail(image)

    def retranslate(self) -> None:
        summary = (self.result.facts or {}).get("summary") if self.result is not None else None
        if self.result is not None and any(f.code == "FILE_OK" for f in self.result.findings):
            summary = None  # the "no problems found" note says it already
        self.facts.setText(i18n.text(summary) if summary else "")
        self.facts.setVisible(bool(summary))


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

    def set_state(self, attachments: list[dict], findings: list, results: dict | None = None) -> None:
        """Show the row's files and findings; `results`: the inspection's FileResult by
        attachment path (its thumbnail, facts and "no problems found" note)."""
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
                self.file_rows.append(row)
        paths = {a["path"] for a in attachments}
        results = results or {}
        for row in self.file_rows:
            path = row.attachment["path"]
            result = results.get(path)
            row.set_result(result)
            ok = [f for f in result.findings if f.code == "FILE_OK"] if result is not None else []
            row.findings.set_findings([f for f in findings if f.file == path] + ok)
        self.findings.set_findings([f for f in findings if f.file not in paths])

    def file_row(self, path: str):
        return next((r for r in self.file_rows if r.attachment["path"] == path), None)

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
        self.inspect_status = wrapped_label(self.body)
        texts = QVBoxLayout()
        texts.addWidget(self.summary)
        texts.addWidget(self.inspect_status)
        self.progress = QProgressBar(self.body)
        self.progress.setVisible(False)
        # room for a file's name and the percentage (the name is shortened in the middle to fit)
        self.progress.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * PROGRESS_EMS)
        self.cancel_button = QPushButton(self.body)
        i18n.bind(self.cancel_button, "setText", N_("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_task)
        self.check_button = QPushButton(self.body)
        i18n.bind(self.check_button, "setText", N_("Check the files again"))
        self.check_button.setVisible(False)
        self.check_button.clicked.connect(lambda: self.inspect(force=True))
        status.addLayout(texts, 1)
        status.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignTop)
        status.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        status.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body_layout.addLayout(status)
        self.rows_box = QVBoxLayout()
        self.body_layout.addLayout(self.rows_box)
        self.empty = wrapped_label(self.body)
        self.body_layout.addWidget(self.empty)
        self.task = None  # copying files in
        self.inspect_task = None  # the running inspection
        self.inspect_key = None  # what it runs on
        self.inspect_stopped = False  # the user cancelled it: wait for a change or "Check again"
        self.watched = None
        self.dialog = None
        self._inspect_timer = QTimer(self)
        self._inspect_timer.setSingleShot(True)
        self._inspect_timer.setInterval(INSPECT_DELAY_MS)
        self._inspect_timer.timeout.connect(self.inspect)
        # thumbnails are decoded a few at a time between events: 20 at once stall the window
        self._thumb_timer = QTimer(self)
        self._thumb_timer.setInterval(0)
        self._thumb_timer.timeout.connect(self.load_thumbnails)

    def load(self, session) -> None:
        super().load(session)
        self.rebuild()
        self.scroll.verticalScrollBar().setValue(0)  # the step opens at its top
        self.inspect()  # shown for a case whose files were not inspected (or changed)

    # --- following a case: the editor hands it over when it opens and closes ----------

    def watch(self, session) -> None:
        """Inspect the case's files whenever they, or answers their judgement uses, change."""
        self.unwatch()
        self.watched = session
        self.inspect_stopped = False
        session.changed.connect(self._inspect_timer.start)
        self._inspect_timer.start()

    def unwatch(self) -> None:
        if self.watched is not None:
            self.watched.changed.disconnect(self._inspect_timer.start)
            self.watched = None
        self._inspect_timer.stop()
        if self.inspect_task is not None:
            self.inspect_task.cancel()
        self.inspect_task = None
        self.inspect_key = None
        self.end_progress()

    def rebuild(self) -> None:
        report = self.session.report if self.session else None
        reqs = report.requirements if report else []
        if [r.id for r in reqs] != list(self.rows) or any(self.rows[r.id].req != r for r in reqs):
            for row in self.rows.values():
                row.setParent(None)
                row.deleteLater()
            self.rows = {}
            for req in reqs:
                row = RequirementRow(req, self.body)
                row.files_dropped.connect(self.attach_files)
                row.pick_files.connect(self.pick_files)
                row.remove_file.connect(self.remove_file)
                self.rows_box.addWidget(row)
                self.rows[req.id] = row
        inspection = self.session.inspection if self.session else None
        results = {r.path: r for r in inspection.files} if inspection is not None else {}
        for req in reqs:
            self.rows[req.id].set_state(report.attachments_for(req.id),
                                        [f for f in report.findings if f.requirement == req.id], results)
        # Tab goes as the page reads: the status line's buttons, row by row (a row's files'
        # Remove buttons, then its Add files), then Back and Next as on the other steps.
        # Rows and files made later would otherwise come after the editor's buttons.
        editor = self.editor
        chain = [self.cancel_button, self.check_button,
                 *(w for row in self.rows.values() for w in (*(f.remove_button for f in row.file_rows), row.add_button)),
                 editor.back_button, editor.next_button, editor.list_button]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)
        if report is None:
            self.empty.setText(i18n.text(self.session.rule_date_error) if self.session and self.session.rule_date_error else "")
        elif not reqs:
            self.empty.setText(_("No documents: this case needs none. The review step says why."))
        else:
            self.empty.setText("")
        self.empty.setVisible(bool(self.empty.text()))
        if any(f.needs_thumbnail() for r in self.rows.values() for f in r.file_rows):
            self._thumb_timer.start()
        if report:
            n_att = sum(1 for r in reqs if report.attachments_for(r.id))  # with a problem or not
            self.summary.setText(i18n.text(bi_n("{attached} of {total} document has files attached.",
                                                "{attached} of {total} documents have files attached.",
                                                len(reqs), attached=n_att, total=len(reqs))))
        self.show_inspect_status()

    def refresh(self) -> None:
        if self.session is not None:
            self.rebuild()

    def load_thumbnails(self, budget_ms: float = 12) -> None:
        import time

        end = time.perf_counter() + budget_ms / 1000
        for row in self.rows.values():
            for file_row in row.file_rows:
                if file_row.needs_thumbnail():
                    file_row.load_thumbnail()
                    if time.perf_counter() > end:
                        return  # the timer calls again after pending events
        self._thumb_timer.stop()

    def retranslate(self) -> None:
        for row in self.rows.values():
            row.render_texts()
            for file_row in row.file_rows:
                file_row.retranslate()
        self.refresh()

    def focus_requirement(self, req_id: str, file: str | None = None) -> bool:
        row = self.rows.get(req_id)
        if row is None:
            return False
        file_row = row.file_row(file) if file else None
        target = file_row if file_row is not None else row
        self.scroll.ensureWidgetVisible(target)
        (file_row.remove_button if file_row is not None else row.add_button).setFocus(Qt.FocusReason.OtherFocusReason)
        self.highlight(target)
        return True

    def highlight(self, widget, ms: int = 2500) -> None:
        """Show which row a finding led to: its background in the highlight colour for a
        moment (the keyboard focus is on its button too)."""
        from PySide6.QtCore import QTimer
        from PySide6.QtGui import QPalette

        widget.setProperty("highlighted", True)
        widget.setAutoFillBackground(True)
        pal = widget.palette()
        base = QPalette(pal)
        hl = pal.color(QPalette.ColorRole.Highlight)
        hl.setAlpha(60)
        pal.setColor(QPalette.ColorRole.Window, hl)
        widget.setPalette(pal)

        def back():
            widget.setPalette(base)
            widget.setAutoFillBackground(False)
            widget.setProperty("highlighted", False)
        QTimer.singleShot(ms, widget, back)  # with the widget as context: not run once it is gone

    def first_focus(self):
        return next(iter(self.rows.values())).add_button if self.rows else None

    # --- inspection ------------------------------------------------------------------------

    def inspect(self, force: bool = False) -> None:
        """Inspect the attached files in the runner unless they were inspected as they are
        (or are being inspected now). `force`: the user asked to check again."""
        session = self.session or self.watched
        if session is None or self.editor.main.closed:
            return
        if session.report is None:  # the rules do not cover the date: the step says so
            self.show_inspect_status()
            return
        key = session.inspection_key()
        if force:
            self.inspect_stopped = False
            session.inspected_key = None
        if self.inspect_key == key and self.inspect_task is not None:
            return  # running on exactly this
        if session.inspected_key == key or (self.inspect_stopped and not force):
            self.show_inspect_status()
            return
        if self.inspect_task is not None:
            self.inspect_task.cancel()
        self.inspect_stopped = False
        paths = {a["path"] for a in session.case.get("attachments", [])}
        # findings about files no longer attached go at once, not when the new run ends
        session.set_extra_findings([f for f in session.extra_findings if f.file in paths])
        if not paths:
            session.inspection, session.inspected_key = None, key
            self.show_inspect_status()
            return
        case = copy.deepcopy(session.case)
        self.inspect_key = key
        handle = None

        def done(ci):
            if handle is not self.inspect_task or self.editor.main.closed:
                return  # a newer run replaced this one, or the window closed
            session.inspection = ci
            session.inspected_key = key
            session.set_extra_findings([f for f in ci.all_findings() if f.code != "FILE_OK"])
            if session is self.session:
                self.rebuild()
                from ..prefill import offer
                offer(self, session, ci)  # a passport scan read: fill the person from it?

        def cancelled():
            if handle is not self.inspect_task or self.editor.main.closed:
                return
            self.inspect_stopped = True
            self.show_inspect_status()

        def finished():
            if handle is self.inspect_task:
                self.inspect_task = None
                self.inspect_key = None
                self.end_progress()
                self.show_inspect_status()

        handle = self.editor.runner.start(
            run_inspection, case, session.on, name="inspect", on_result=done, on_progress=self.show_progress,
            on_error=self.inspection_failed, on_cancelled=cancelled, on_finished=finished)
        self.inspect_task = handle
        self.begin_progress(len(paths))

    def inspection_failed(self, exc) -> None:
        if self.editor.main.closed:
            return
        message = getattr(exc, "message", None)
        problem = i18n.text(message) if isinstance(message, dict) else (str(exc) or type(exc).__name__)
        self.inspect_stopped = True
        self.editor.main.notify(_("The attached files could not be checked ({problem}). Your files and answers are kept; use “Check the files again”, or restart Shebao Desk if it happens again.",
                                  problem=problem), error=True)

    def show_inspect_status(self) -> None:
        session = self.session
        if session is None:
            return
        n = len(session.case.get("attachments", []))
        running = self.inspect_task is not None
        if not n:
            text = ""
        elif running:
            text = _("Checking the attached files…")
        elif session.inspected_key == session.inspection_key() and session.inspection is not None:
            from forms.law.findings import counts
            c = counts(session.extra_findings)
            n = len(session.inspection.files)
            text = i18n.text(bi_n("{files} file checked", "{files} files checked", n, files=n)) + ": " + \
                i18n.text(bi_n("{count} blocker", "{count} blockers", c["blocker"], count=c["blocker"])) + ", " + \
                i18n.text(bi_n("{count} warning", "{count} warnings", c["warning"], count=c["warning"])) + "."
        elif self.inspect_stopped:
            text = _("Checking stopped before every file was checked. Use “Check the files again” to finish.")
        else:
            text = _("The attached files will be checked in a moment.")
        self.inspect_status.setText(text)
        self.inspect_status.setVisible(bool(text))
        self.check_button.setVisible(bool(n) and not running)

    # --- progress --------------------------------------------------------------------------

    def begin_progress(self, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.check_button.setVisible(False)

    def end_progress(self) -> None:
        if self.task is None and self.inspect_task is None:
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)

    def show_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if text:
            metrics = self.progress.fontMetrics()
            room = self.progress.contentsRect().width() - metrics.horizontalAdvance(" 100%") - metrics.averageCharWidth() * 4
            text = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, max(room, 0))
        self.progress.setFormat(f"{text} %p%" if text else "%p%")

    # --- files -----------------------------------------------------------------------

    def pick_files(self, req_id: str) -> None:
        dialog = QFileDialog(self, _("Add files to “{document}”", document=self.rows[req_id].req.title))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(_(FILE_FILTER).split(";;"))
        dialog.filesSelected.connect(lambda files: self.attach_files(req_id, files))
        # the keyboard focus comes back to the row's button, not to wherever the window
        # last had it (a keyboard user goes on to the next row from there)
        dialog.finished.connect(lambda _r: req_id in self.rows and self.rows[req_id].add_button.setFocus(
            Qt.FocusReason.OtherFocusReason))
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
        self.begin_progress(len(files))

    def task_failed(self, exc) -> None:
        message = getattr(exc, "message", None)
        if isinstance(message, dict):
            text = i18n.text(message)
        else:
            text = _("The files could not be copied into the case ({problem}). Nothing was attached; check the disk space and that you may read the files, then try again.",
                     problem=str(exc) or type(exc).__name__)
        self.editor.main.notify(text, error=True)

    def task_finished(self) -> None:
        self.task = None
        self.end_progress()
        self.show_inspect_status()

    def cancel_task(self) -> None:
        for task in (self.task, self.inspect_task):
            if task is not None:
                task.cancel()

    def remove_file(self, attachment: dict) -> None:
        self.session.remove_attachment(attachment)

    def set_thumbnail(self, path: str, image) -> None:
        """Show a thumbnail beside the attached file `path`."""
        for row in self.rows.values():
            for file_row in row.file_rows:
                if file_row.attachment["path"] == path:
                    file_row.set_thumbnail(image)
