"""Step 7: what can be done with the case now. The case is saved as it is edited; here it
can be saved at once and exported as a .shebao file to carry to another PC.

Phase 2 adds the filled forms and the pack here (preview, signing, save, print); they
build on the same session and its report."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from .. import i18n
from ..i18n import N_, _
from .base import StepPage, wrapped_label


class OutputStep(StepPage):
    key = "output"
    title = N_("Output")
    intro = N_("The case is saved automatically as you type. Export it to carry it to another PC on a USB stick.")

    def build(self) -> None:
        self.status = wrapped_label(self.body)
        self.body_layout.addWidget(self.status)
        self.saved = wrapped_label(self.body)
        self.body_layout.addWidget(self.saved)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.body)
        i18n.bind(self.save_button, "setText", N_("&Save now"))
        self.save_button.clicked.connect(self.save_now)
        self.export_button = QPushButton(self.body)
        i18n.bind(self.export_button, "setText", N_("E&xport as .shebao file…"))
        self.export_button.clicked.connect(lambda: self.editor.main.export_case(self.session.id))
        row.addWidget(self.save_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        self.body_layout.addLayout(row)
        self.order = [self.save_button, self.export_button]

    def load(self, session) -> None:
        super().load(session)
        session.saved.connect(self.show_saved)

    def first_focus(self):
        return self.save_button

    def save_now(self) -> None:
        self.session.dirty = True  # write even if nothing changed: the user asked for it
        self.session.flush()

    def show_saved(self) -> None:
        if self.session and self.session.last_saved:
            self.saved.setText(_("Saved at {time}.", time=self.session.last_saved.strftime("%H:%M:%S")))

    def refresh(self) -> None:
        if self.session is None:
            return
        report = self.session.report
        if report is None:
            self.status.setText(i18n.text(self.session.rule_date_error or {}))
        elif report.ready:
            self.status.setText(_("Ready to submit: no blockers."))
        else:
            from forms.findings import counts
            self.status.setText(_("Not ready: {blockers} blockers to resolve.", blockers=counts(report.findings)["blocker"]))
        self.show_saved()

    def retranslate(self) -> None:
        self.refresh()
