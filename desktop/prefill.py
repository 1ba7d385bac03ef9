"""Offer to fill the person's fields from the MRZ read on an attached passport scan.

The inspection (forms.inspection, off the UI thread) reads the MRZ; forms.law.prefill says
which fields it would change. This dialog shows each value read beside the current one,
each with a check box; only the checked ones are written, and only when the user says so.
Each scan is offered once per open case, whatever the answer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout)

from forms.law import prefill

from . import i18n
from .i18n import _


def shown(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return "\n".join(value)
    return str(value)


class PrefillDialog(QDialog):
    def __init__(self, file_name: str, proposals: list[dict], parent=None):
        super().__init__(parent)
        self.proposals = proposals
        self.setWindowTitle(_("Fill in from the passport scan"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("The machine-readable zone of {file} was read, and every check digit holds. Check the values read against the passport, then fill in the ones you tick. Nothing else is changed.",
                         file=file_name))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        for col, head in enumerate((_("Field"), _("Now in the case"), _("Read from the scan"))):
            label = QLabel(f"<b>{head}</b>")
            grid.addWidget(label, 0, col)
        self.boxes: list[QCheckBox] = []
        for row, p in enumerate(proposals, 1):
            box = QCheckBox(i18n.text(p["label"]))
            box.setChecked(True)
            self.boxes.append(box)
            grid.addWidget(box, row, 0)
            current, value = QLabel(shown(p["current"])), QLabel(shown(p["value"]))
            mono = value.font()
            mono.setFamily("monospace")
            if p["field"] == "person.passport.mrz":
                current.setFont(mono)
                value.setFont(mono)
            for w in (current, value):
                w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(current, row, 1)
            grid.addWidget(value, row, 2)
        layout.addLayout(grid)
        buttons = QDialogButtonBox()
        self.fill_button = buttons.addButton(_("Fill in the ticked fields"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button = buttons.addButton(_("Keep the case as it is"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.keep_button.setDefault(True)  # nothing is written by pressing Enter alone

    def accepted_proposals(self) -> list[dict]:
        return [p for p, box in zip(self.proposals, self.boxes) if box.isChecked()]


def offer(page, session, inspection) -> PrefillDialog | None:
    """After an inspection of `session`'s files: open the dialog for the first passport scan
    not offered yet whose reading would change the case. Returns the dialog, or None."""
    offered = session.prefill_offered
    report = session.report
    mrz_reqs = {r.id for r in (report.requirements if report else []) if any(c["id"] == "mrz" for c in r.checks)}
    names = {a["path"]: a.get("label") or a["path"] for a in session.case.get("attachments", [])}
    for result in inspection.files:
        analysis = result.analysis or {}
        key = analysis.get("sha256")
        if result.requirement not in mrz_reqs or not key or key in offered:
            continue
        proposals = prefill.proposals(session.case, analysis.get("mrz_read"))
        if not proposals:
            continue
        offered.add(key)
        dialog = PrefillDialog(names.get(result.path, result.path), proposals, page)

        def answered(code, dialog=dialog):
            if code == QDialog.DialogCode.Accepted and session.case is not None:
                values = prefill.values(dialog.accepted_proposals())
                if values:
                    session.set_many(values)
                    session.flush()
            dialog.deleteLater()

        dialog.finished.connect(answered)
        page.prefill_dialog = dialog
        dialog.open()
        return dialog
    return None
