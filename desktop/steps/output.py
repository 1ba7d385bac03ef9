"""Step 7: the filled forms and the submission pack. Preview each form and the pack (QtPdf),
sign in the app (drawn or typed, placed in the applicant's box of each form) or leave the
boxes empty to sign on paper, save the pack, the forms as PDF or as DOCX, and print.

Rendering, packing, saving and printing run in the task runner, with progress and Cancel;
the window never waits for them. A case with blockers gets a draft (DRAFT / 草稿 on every
page) after saying why. Files written are owner-only (forms.fill.write.write_private). A failure
(disk full, no permission, a scan that cannot be read) is a message, never a traceback,
and the case itself is untouched by it.
"""

from __future__ import annotations

import copy
import errno
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QProgressBar,
                               QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget)

from forms.case.model import full_name
from forms.office.batch import safe_name  # one rule for file names, the batch's too

from forms.common.i18n import bi_n

from .. import i18n
from ..dialogs import save_file_dialog
from ..i18n import N_, _
from ..widgets.section import Section
from .base import StepPage, wrapped_label

PREVIEW_DELAY_MS = 300
PRINT_MAX_DPI = 600  # a page at 1200 DPI is a 560 MB image; 600 DPI prints as sharp on paper
PDF_FILTER = N_("PDF files (*.pdf)")


def os_error_text(exc: OSError, path: str) -> str:
    """What went wrong writing `path`, and what to do, in the UI language."""
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC:
        why = _("the disk is full. Free some space, or choose another drive")
    elif code in (errno.EACCES, errno.EPERM):
        why = _("you may not write there. Choose a folder of your own, such as Documents")
    elif code == errno.EROFS:
        why = _("the drive is read-only. Choose another drive")
    elif code == errno.ENOTDIR:
        why = _("part of that path is a file, not a folder. Choose another folder")
    elif code == errno.ENOENT:
        why = _("the folder does not exist any more. Choose another folder")
    else:
        why = _("{problem}. Choose another place, or try again", problem=exc.strerror or str(exc))
    return _("Could not save {path}: {why}. Nothing was lost: your answers are kept, and you can save again.",
             path=path, why=why)


def error_text(exc, path: str = "") -> str:
    message = getattr(exc, "message", None)
    if isinstance(message, dict):
        return i18n.text(message)
    if isinstance(exc, OSError):
        return os_error_text(exc, path)
    return _("Could not make the document ({problem}). Nothing was lost: your answers are kept; check the findings in the review, and try again.",
             problem=str(exc) or type(exc).__name__)


# --- work done in the runner (pool threads): plain data in, plain data out ------------------

def make_preview(case: dict, on, target: str, draft: bool, signature, extra, folder, progress, cancel) -> bytes:
    """The PDF bytes of one form, or of the whole pack (written to a temporary folder in
    `folder`, the store's own, and removed at once; if the app is killed meanwhile, the
    next start removes it)."""
    import tempfile

    from ..tasks import Cancelled

    if target != "pack":
        from forms.fill.render_pdf import render_form

        progress(0, 1, "")
        return render_form(case, target, on, None, draft, signature)
    from forms.pack.build import build_pack

    def step(done, total, _what):
        if cancel.is_set():
            raise Cancelled()
        progress(done, total, "")

    with tempfile.TemporaryDirectory(prefix="preview-", dir=folder) as tmp:
        out = Path(tmp) / "pack.pdf"
        build_pack(case, on, out, draft=draft, progress=step, extra_findings=extra, signature=signature)
        return out.read_bytes()


def save_pack(case: dict, on, path: str, draft: bool, signature, extra, progress, cancel):
    from forms.pack.build import build_pack

    from ..tasks import Cancelled

    def step(done, total, what):
        if cancel.is_set():
            raise Cancelled()
        progress(done, total, "")

    return build_pack(case, on, path, draft=draft, progress=step, extra_findings=extra, signature=signature)


def save_forms(case: dict, on, folder: str, fmt: str, draft: bool, signature, progress, cancel):
    from forms.fill.write import fill_forms

    from ..tasks import Cancelled

    def step(done, total, _what):
        if cancel.is_set():
            raise Cancelled()
        progress(done, total, "")

    return fill_forms(case, on, folder, formats=(fmt,), draft=draft and fmt == "pdf",
                      signature=signature if fmt == "pdf" else None, progress=step)


def print_pdf(data: bytes, printer, progress, cancel) -> int:
    """Render each page of the PDF at the printer's resolution (at most PRINT_MAX_DPI) and
    paint it onto the printer page, fitted and centred. QPainter may paint on a QPrinter in
    any thread; the document is opened here, in this thread."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from ..tasks import Cancelled

    buf = QBuffer()
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buf)
    n = doc.pageCount()
    if n == 0:
        raise ValueError(_("the document has no pages"))
    pages = range(n)
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        pages = range(printer.fromPage() - 1, min(printer.toPage(), n))
    dpi = min(printer.resolution(), PRINT_MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(errno.EIO, _("the printer could not be opened"))
    try:
        for k, i in enumerate(pages):
            if cancel.is_set():
                printer.abort()
                raise Cancelled()
            if k:
                printer.newPage()
            size = doc.pagePointSize(i)
            image = doc.render(i, QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi)))
            target = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            scale = min(target.width() / image.width(), target.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF((target.width() - w) / 2, (target.height() - h) / 2, w, h), image)
            progress(k + 1, len(pages), "")
    finally:
        painter.end()
    return len(pages)


class OutputStep(StepPage):
    key = "output"
    title = N_("Output")
    intro = N_("Preview the filled forms and the submission pack, sign them here or on paper, then save or print. The case itself is saved automatically as you type.")
    fill_height = True

    def build(self) -> None:
        self.status = wrapped_label(self.body)
        self.body_layout.addWidget(self.status)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.body)
        # the buttons scroll on their own, so the preview keeps the page's whole height
        self.left_scroll = QScrollArea(self.splitter)
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QWidget()
        self.left_scroll.setWidget(left)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)

        # signing
        sign_box = Section(left)
        i18n.bind(sign_box, "setTitle", N_("Signature"))
        sl = QVBoxLayout(sign_box)
        self.sign_text = wrapped_label(sign_box)
        self.sign_image = QLabel(sign_box)
        self.sign_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sign_image.setAutoFillBackground(True)
        pal = self.sign_image.palette()
        pal.setColor(self.sign_image.backgroundRole(), Qt.GlobalColor.white)
        self.sign_image.setPalette(pal)
        self.sign_image.setVisible(False)
        i18n.bind(self.sign_image, "setAccessibleName", N_("Your signature"))
        self.sign_button = QPushButton(sign_box)
        i18n.bind(self.sign_button, "setText", N_("Si&gn in the app…"))
        self.sign_button.clicked.connect(self.open_signature_dialog)
        self.unsign_button = QPushButton(sign_box)
        i18n.bind(self.unsign_button, "setText", N_("Sign on &paper instead"))
        i18n.bind(self.unsign_button, "setToolTip", N_("Remove the signature: the boxes stay empty, to sign by hand after printing"))
        self.unsign_button.clicked.connect(self.remove_signature)
        sl.addWidget(self.sign_text)
        sl.addWidget(self.sign_image)
        sl.addWidget(self.sign_button)
        sl.addWidget(self.unsign_button)
        ll.addWidget(sign_box)

        # saving and printing
        save_box = Section(left)
        i18n.bind(save_box, "setTitle", N_("Save and print"))
        vl = QVBoxLayout(save_box)
        self.pack_button = QPushButton(save_box)
        i18n.bind(self.pack_button, "setText", N_("Save the &pack (forms and scans)…"))
        self.pack_button.clicked.connect(self.save_pack)
        self.forms_button = QPushButton(save_box)
        i18n.bind(self.forms_button, "setText", N_("Save the &forms as PDF…"))
        self.forms_button.clicked.connect(lambda: self.save_forms("pdf"))
        self.docx_button = QPushButton(save_box)
        i18n.bind(self.docx_button, "setText", N_("Save the forms as &Word (DOCX)…"))
        self.docx_button.clicked.connect(lambda: self.save_forms("docx"))
        self.print_button = QPushButton(save_box)
        i18n.bind(self.print_button, "setText", N_("P&rint the preview…"))
        self.print_button.clicked.connect(self.print_preview)
        for b in (self.pack_button, self.forms_button, self.docx_button, self.print_button):
            vl.addWidget(b)
        task_row = QHBoxLayout()
        self.task_progress = QProgressBar(save_box)
        self.task_progress.setVisible(False)
        self.task_cancel = QPushButton(save_box)
        i18n.bind(self.task_cancel, "setText", N_("Cancel"))
        self.task_cancel.setVisible(False)
        self.task_cancel.clicked.connect(self.cancel_task)
        task_row.addWidget(self.task_progress, 1)
        task_row.addWidget(self.task_cancel)
        vl.addLayout(task_row)
        self.result_label = wrapped_label(save_box, selectable=True)
        self._result_text = None  # makes the shown result again after a language switch
        self.result_label.setVisible(False)
        vl.addWidget(self.result_label)
        ll.addWidget(save_box)

        # the case itself
        case_box = Section(left)
        i18n.bind(case_box, "setTitle", N_("The case"))
        cl = QVBoxLayout(case_box)
        self.saved = wrapped_label(case_box)
        self.save_button = QPushButton(case_box)
        i18n.bind(self.save_button, "setText", N_("&Save now"))
        self.save_button.clicked.connect(self.save_now)
        self.export_button = QPushButton(case_box)
        i18n.bind(self.export_button, "setText", N_("E&xport as .shebao file…"))
        self.export_button.clicked.connect(lambda: self.editor.main.export_case(self.session.id))
        cl.addWidget(self.saved)
        cl.addWidget(self.save_button)
        cl.addWidget(self.export_button)
        ll.addWidget(case_box)
        ll.addStretch(1)

        # the preview
        right = QWidget(self.splitter)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        label = QLabel(right)
        i18n.bind(label, "setText", N_("Pre&view:"))
        self.choice = QComboBox(right)
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(16)
        label.setBuddy(self.choice)
        self.choice.currentIndexChanged.connect(lambda _i: self.schedule_preview())
        self.page_label = QLabel(right)
        top.addWidget(label)
        top.addWidget(self.choice, 1)
        top.addWidget(self.page_label)
        rl.addLayout(top)
        self.preview_state = wrapped_label(right)
        rl.addWidget(self.preview_state)
        self.preview_progress = QProgressBar(right)
        self.preview_progress.setVisible(False)
        rl.addWidget(self.preview_progress)
        self.view = None  # QPdfView, made on first use (QtPdf loads when a case reaches this step)
        self.preview_box = rl
        # holds the preview's place until then, so that nothing above it moves when it comes
        self.placeholder = QFrame(right)
        self.placeholder.setFrameShape(QFrame.Shape.StyledPanel)
        rl.addWidget(self.placeholder, 1)
        self.splitter.addWidget(self.left_scroll)
        self.splitter.addWidget(right)
        self.left = left
        self.fit_left()
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        em = self.fontMetrics().horizontalAdvance("M")
        self.splitter.setSizes([em * 20, em * 44])
        self.body_layout.addWidget(self.splitter, 1)
        self.order = [self.sign_button, self.unsign_button, self.pack_button, self.forms_button, self.docx_button,
                      self.print_button, self.save_button, self.export_button, self.choice]

        self.document = None
        self.shown_session = None
        self.buffer = None
        self.preview_bytes: bytes | None = None
        self.preview_key = None  # what the preview shows
        self.preview_task = None
        self.pending_key = None
        self.task = None  # saving or printing
        self.dialog = None
        self.printer = None
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)

    # --- the case ------------------------------------------------------------------------

    def load(self, session) -> None:
        if session is not self.shown_session:  # another case: nothing of the last one stays
            self.shown_session = session
            self.preview_key = None
            self.preview_bytes = None
            self.result_label.setVisible(False)
            if self.document is not None:
                self.document.close()
            self.page_label.setText("")
        super().load(session)
        if not getattr(session, "_output_connected", False):
            session._output_connected = True
            session.saved.connect(self.show_saved)
            session.save_failed.connect(self.show_saved)
        self.fill_choices()
        self.schedule_preview()

    def first_focus(self):
        return self.sign_button if self.sign_button.isEnabled() else self.pack_button

    def form_ids(self) -> list[str]:
        report = self.session.report if self.session else None
        return [r.form for r in report.requirements if r.form] if report else []

    def fill_choices(self) -> None:
        from forms.fill.render_pdf import layout

        wanted = [(f, i18n.text(layout(f).form.title)) for f in self.form_ids()]
        wanted += [("pack", _("Submission pack (forms and scans)"))]
        current = [(self.choice.itemData(i), self.choice.itemText(i)) for i in range(self.choice.count())]
        if current == wanted:
            return
        keep = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        for key, text in wanted:
            self.choice.addItem(text, key)
            self.choice.setItemData(self.choice.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        index = self.choice.findData(keep)
        self.choice.setCurrentIndex(index if index >= 0 else 0)
        self.choice.blockSignals(False)

    def refresh(self) -> None:
        if self.session is None:
            return
        report = self.session.report
        if report is None:
            self.status.setText(i18n.text(self.session.rule_date_error or {}))
        elif report.ready:
            self.status.setText(_("Ready to submit: no blockers."))
        else:
            from forms.law.findings import counts
            self.status.setText(_("Not ready: {blockers} blockers to resolve. What you save or print now is a draft, marked DRAFT on every page; the review step lists the blockers.",
                                  blockers=counts(report.findings)["blocker"]))
        self.show_saved()
        self.show_signature()
        self.fill_choices()
        self.schedule_preview()
        has_forms = bool(self.form_ids())
        self.forms_button.setEnabled(has_forms)
        self.docx_button.setEnabled(has_forms)

    def fit_left(self) -> None:
        """The buttons' column as wide as its widest button in this language, and room for
        its scroll bar: it never cuts a label off."""
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self.left.layout().activate()
        self.left_scroll.setMinimumWidth(self.left.minimumSizeHint().width() + bar + 6)

    def retranslate(self) -> None:
        self.fit_left()
        self.refresh()  # the choices get their new names and keep the one chosen
        if self._result_text is not None:
            self.result_label.setText(self._result_text())

    def save_now(self) -> None:
        self.session.dirty = True  # write even if nothing changed: the user asked for it
        self.session.flush()

    def show_saved(self) -> None:
        if self.session and self.session.dirty and self.session.failure:  # never "saved" when not
            self.saved.setText(_("Your latest edits are not saved yet: they are kept in this window."))
        elif self.session and self.session.last_saved:
            self.saved.setText(_("Saved at {time}.", time=self.session.last_saved.strftime("%H:%M:%S")))
        else:
            self.saved.setText(_("Every answer is saved as you type."))

    def draft(self) -> bool:
        report = self.session.report
        return report is None or not report.ready

    # --- signing -------------------------------------------------------------------------

    def signature(self):
        return getattr(self.session, "signature", None) if self.session else None

    def show_signature(self) -> None:
        sig = self.signature()
        forms = self.form_ids()
        self.sign_button.setEnabled(bool(forms))
        self.unsign_button.setVisible(sig is not None)
        if not forms:
            self.sign_text.setText(_("This case has no form to sign."))
            self.sign_image.setVisible(False)
            return
        if sig is None:
            self.sign_text.setText(_("The signature boxes are left empty: print the forms and sign by hand, or sign them digitally. Or sign here in the app."))
            self.sign_image.setVisible(False)
            return
        self.sign_text.setText(_("Your signature goes into the applicant's box of each form, dated {date}. It is kept only while this case is open.",
                                 date=i18n.format_date(sig.signed_on, i18n.lang())))
        image = QImage.fromData(sig.png, "PNG")
        em = self.fontMetrics().height()
        pix = QPixmap.fromImage(image).scaled(em * 11, em * 3, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)
        self.sign_image.setPixmap(pix)
        self.sign_image.setVisible(True)

    def open_signature_dialog(self) -> None:
        from ..widgets.signature import SignatureDialog

        dialog = SignatureDialog(full_name(self.session.case) or "", self)
        dialog.accepted.connect(lambda: self.set_signature(dialog.result_png))
        self.dialog = dialog
        dialog.open()

    def set_signature(self, png: bytes | None) -> None:
        from forms.fill.signature import Signature

        if self.session is None or not png:
            return
        self.session.signature = Signature(png, self.session.today)
        self.show_signature()
        self.schedule_preview()

    def remove_signature(self) -> None:
        if self.session is not None:
            self.session.signature = None
            self.show_signature()
            self.schedule_preview()
            self.sign_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- preview ---------------------------------------------------------------------------

    def ensure_view(self):
        if self.view is None:
            from PySide6.QtPdf import QPdfDocument
            from PySide6.QtPdfWidgets import QPdfView

            self.document = QPdfDocument(self)
            self.view = QPdfView(self)
            self.view.setDocument(self.document)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            i18n.bind(self.view, "setAccessibleName", N_("Preview"))
            self.view.pageNavigator().currentPageChanged.connect(lambda _p: self.show_page())
            self.preview_box.replaceWidget(self.placeholder, self.view)
            self.placeholder.deleteLater()
        return self.view

    def current_key(self):
        sig = self.signature()
        import json

        case = json.dumps(self.session.case, sort_keys=True, default=str)  # every answer shows on a form
        return (self.choice.currentData(), case, id(sig), self.draft())

    def schedule_preview(self) -> None:
        if self.session is not None:
            self._preview_timer.start()

    def update_preview(self) -> None:
        session = self.session
        if (session is None or self.editor.main.closed or self.choice.currentData() is None
                or self.editor.current_page() is not self):  # rendered when the step is shown
            return
        if session.report is None:
            self.preview_state.setText(i18n.text(session.rule_date_error or {}))
            return
        key = self.current_key()
        if key == self.preview_key or key == self.pending_key:
            return
        if self.preview_task is not None:
            self.preview_task.cancel()
        self.pending_key = key
        target = key[0]
        handle = None

        def done(data: bytes):
            if handle is not self.preview_task or self.session is not session:
                return
            self.show_pdf(data)
            self.preview_key = key

        def failed(exc):
            if handle is self.preview_task and not self.editor.main.closed:
                self.preview_state.setText(error_text(exc))
                self.preview_state.setVisible(True)

        def finished():
            if handle is self.preview_task:
                self.preview_task = None
                self.pending_key = None
                self.preview_progress.setVisible(False)
                self.update_actions()

        self.preview_state.setText(_("Preparing the preview…"))
        self.preview_state.setVisible(True)
        self.preview_progress.setRange(0, 0)
        self.preview_progress.setVisible(True)
        handle = self.editor.runner.start(
            make_preview, copy.deepcopy(session.case), session.on, target, self.draft(), self.signature(),
            list(session.extra_findings), str(session.store.temp_dir()), name="preview", on_result=done, on_error=failed,
            on_progress=self._preview_progress, on_finished=finished)
        self.preview_task = handle
        self.update_actions()

    def _preview_progress(self, done: int, total: int, _text: str) -> None:
        self.preview_progress.setRange(0, max(total, 1))
        self.preview_progress.setValue(done)

    def show_pdf(self, data: bytes) -> None:
        self.ensure_view()
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self.buffer is not None:
            self.buffer.deleteLater()
        self.buffer = buffer
        self.preview_bytes = data
        self.preview_state.setVisible(False)
        # after the view has laid the new document out
        QTimer.singleShot(0, self, self.scroll_to_start)
        self.show_page()

    def scroll_to_start(self) -> None:
        """Scroll the preview to start_location() (QPdfView's own jump goes to a page only)."""
        if self.document is None or not self.document.pageCount():
            return
        page, point = self.start_location()
        m = self.view.documentMargins()
        width = self.document.pagePointSize(0).width() or 1
        per_point = (self.view.viewport().width() - m.left() - m.right()) / width  # fit to width
        y = m.top() + sum(self.document.pagePointSize(i).height() * per_point + self.view.pageSpacing()
                          for i in range(page))
        self.view.verticalScrollBar().setValue(int(y + point.y() * per_point))

    def start_location(self):
        """Where the preview opens: a signed form at its signature box, so that the user
        sees where the signature went; else the first page."""
        from PySide6.QtCore import QPointF

        target = self.choice.currentData()
        if self.signature() is not None and target != "pack":
            from forms.fill.render_pdf import person_boxes

            boxes = person_boxes(target)
            if boxes:
                box = boxes[0]
                height = self.document.pagePointSize(box["page"]).height()
                return box["page"], QPointF(0, max(0.0, height - box["frame"][3] - 24))
        return 0, QPointF(0, 0)

    def show_page(self) -> None:
        if self.document is None or not self.document.pageCount():
            self.page_label.setText("")
            return
        self.page_label.setText(_("Page {page} of {pages}", page=self.view.pageNavigator().currentPage() + 1,
                                  pages=self.document.pageCount()))

    def update_actions(self) -> None:
        busy = self.task is not None
        for b in (self.pack_button, self.forms_button, self.docx_button):
            b.setEnabled(not busy and (b is self.pack_button or bool(self.form_ids())))
        self.print_button.setEnabled(not busy and self.preview_bytes is not None and self.preview_task is None)

    # --- saving ------------------------------------------------------------------------------

    def folder(self) -> Path:
        saved = self.editor.main.settings.value("output/folder")
        if saved and Path(saved).is_dir():
            return Path(saved)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def remember_folder(self, folder: Path) -> None:
        self.editor.main.settings.setValue("output/folder", str(folder))

    def person(self) -> str:
        return safe_name(full_name(self.session.case) or _("(no name yet)"))

    def confirm_draft(self, then) -> None:
        """A case with blockers: say what a draft is, then go on only if the user agrees."""
        if not self.draft():
            return then(False)
        from forms.law.findings import counts

        report = self.session.report
        n = counts(report.findings)["blocker"] if report else 0
        box = QMessageBox(QMessageBox.Icon.Warning, _("Save a draft?"),
                          _("This case has {blockers} blockers, so it is not ready to submit. You can save a draft to check the forms: every PDF page is marked DRAFT / 草稿, and a counter will not accept it. The review step lists what to fix.",
                            blockers=n), QMessageBox.StandardButton.Cancel, self)
        go = box.addButton(_("Save a &draft"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda b: then(True) if b is go else None)
        self.dialog = box
        box.open()

    def save_pack(self) -> None:
        def ask(draft: bool) -> None:
            label = _("submission pack") if not draft else _("submission pack - draft")
            name = f"{self.person()} - {label}.pdf"
            self.dialog = save_file_dialog(self, _("Save the submission pack"), str(self.folder() / safe_name(name)),
                                           _(PDF_FILTER), "pdf", lambda path: self.write_pack(path, draft))

        self.confirm_draft(ask)

    def destination_refused(self, path: str, folder: bool = False) -> bool:
        """Check where it goes before the work starts: the reason, at once, if it cannot."""
        from forms.common.untrusted import destination_problem

        problem = destination_problem(path, folder=folder)
        if problem is not None:
            self.show_result(i18n.text(problem))
            self.editor.main.notify(i18n.text(problem), error=True)
        return problem is not None

    def write_pack(self, path: str, draft: bool) -> None:
        if self.destination_refused(path):
            return
        session = self.session
        self.remember_folder(Path(path).parent)

        def done(result):
            def text():
                out = i18n.text(bi_n("Saved the pack ({pages} page) to {path}.", "Saved the pack ({pages} pages) to {path}.",
                                     result.pages, pages=result.pages, path=str(result.path)))
                if result.problems:
                    out += " " + _("{count} attached files could not be included; a page in the pack says why for each: {problems}",
                                   count=len(result.problems), problems=" ".join(i18n.text(p) for p in result.problems))
                return out
            if result.problems:
                self.editor.main.notify(text(), error=True)
            self.show_result(text)

        self.run(save_pack, copy.deepcopy(session.case), session.on, path, draft, self.signature(),
                 list(session.extra_findings), on_result=done, path=path, button=self.pack_button)

    def save_forms(self, fmt: str) -> None:
        def ask(draft: bool) -> None:
            title = _("Choose a folder for the forms (PDF)") if fmt == "pdf" else _("Choose a folder for the forms (Word)")
            dialog = QFileDialog(self, title, str(self.folder()))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
            dialog.fileSelected.connect(lambda folder: self.write_forms(folder, fmt, draft))
            self.dialog = dialog
            dialog.open()

        self.confirm_draft(ask)

    def write_forms(self, folder: str, fmt: str, draft: bool) -> None:
        if self.destination_refused(folder, folder=True):
            return
        session = self.session
        self.remember_folder(Path(folder))

        def done(paths):
            self.show_result(lambda: i18n.text(bi_n("Saved {count} file in {folder}: {files}.", "Saved {count} files in {folder}: {files}.",
                                                    len(paths), count=len(paths), folder=folder,
                                                    files=", ".join(Path(p).name for p in paths))))

        self.run(save_forms, copy.deepcopy(session.case), session.on, folder, fmt, draft, self.signature(),
                 on_result=done, path=folder, button=self.forms_button if fmt == "pdf" else self.docx_button)

    def run(self, fn, *args, on_result, path: str = "", button=None) -> None:
        """Run `fn` off the UI thread; `button` started it: it is disabled meanwhile, the
        keyboard focus waits on Cancel and comes back to it after (not to whatever
        enabled button follows it)."""
        if self.task is not None:
            return

        def failed(exc):
            if not self.editor.main.closed:
                text = error_text(exc, path)
                self.show_result(text)
                self.editor.main.notify(text, error=True)

        def cancelled():
            if not self.editor.main.closed:
                self.show_result(_("Cancelled: nothing was saved."))

        def finished():
            self.task = None
            focus_back = button is not None and self.window().focusWidget() is self.task_cancel
            self.task_progress.setVisible(False)
            self.task_cancel.setVisible(False)
            self.update_actions()
            if focus_back:
                button.setFocus(Qt.FocusReason.OtherFocusReason)

        self.task = self.editor.runner.start(fn, *args, name=fn.__name__, on_result=on_result, on_error=failed,
                                             on_cancelled=cancelled, on_finished=finished,
                                             on_progress=self._task_progress)
        self.task_progress.setRange(0, 0)
        self.task_progress.setVisible(True)
        self.task_cancel.setVisible(True)
        self.result_label.setVisible(False)
        self.update_actions()
        if button is not None:
            self.task_cancel.setFocus(Qt.FocusReason.OtherFocusReason)

    def _task_progress(self, done: int, total: int, _text: str) -> None:
        self.task_progress.setRange(0, max(total, 1))
        self.task_progress.setValue(done)

    def show_result(self, text) -> None:
        """`text`: a string, or a function giving it in the current language (so that it
        follows a language switch)."""
        self._result_text = text if callable(text) else (lambda: text)
        self.result_label.setText(self._result_text())
        self.result_label.setVisible(True)

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # --- printing ------------------------------------------------------------------------------

    def print_preview(self) -> None:
        if self.preview_bytes is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        from PySide6.QtWidgets import QDialog

        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(f"{self.person()} - {self.choice.currentText()}")
        dialog = QPrintDialog(self.printer, self)
        data = self.preview_bytes
        dialog.accepted.connect(lambda: self.run(print_pdf, data, self.printer, on_result=self.printed,
                                                 button=self.print_button))
        self.dialog = dialog
        QDialog.open(dialog)  # QPrintDialog.open() in PySide wants a receiver

    def printed(self, pages: int) -> None:
        self.show_result(_("Sent {pages} pages to the printer.", pages=pages))
