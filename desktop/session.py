"""One open case: its data, the engine's report on it, and saving as it is edited.

Every edit goes into the case dict at once and is written to the store after a short
pause (SAVE_DELAY_MS) or at once on flush() (focus leaving a field, a step change, closing
the case or the app): a crash or a kill loses at most the field being typed.
The report is rebuilt from the engine after each edit; the app computes no rule itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from forms.store import CaseStore

SAVE_DELAY_MS = 300


def get_path(case: dict, dotted: str):
    node = case
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_path(case: dict, dotted: str, value) -> None:
    """Set a dotted field; None or "" removes it (and empty parents), so that a half-filled
    case stays valid against the schema."""
    parts = dotted.split(".")
    if value is None or value == "" or value == []:
        chain = [case]
        for part in parts[:-1]:
            nxt = chain[-1].get(part)
            if not isinstance(nxt, dict):
                return
            chain.append(nxt)
        chain[-1].pop(parts[-1], None)
        for parent, part in zip(reversed(chain[:-1]), reversed(parts[:-1])):
            if parent.get(part) == {}:
                parent.pop(part)
        return
    node = case
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


class CaseSession(QObject):
    changed = Signal(str)  # the field that changed ("" for many)
    report_changed = Signal()
    saved = Signal()
    summary_changed = Signal()  # the stored status summary changed without an edit

    def __init__(self, store: CaseStore, case: dict, today: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.case = store.prepare(case)
        self.today = today or dt.date.today()
        self.extra_findings: list = []  # findings of the scan inspection
        self.inspection = None  # its last result (forms.inspection.CaseInspection)
        self.inspected_key: str | None = None  # inspection_key() it was made for
        self.signature = None  # forms.signature.Signature made in the app; never stored
        self.stash: dict = {}  # answers set aside when an earlier answer hides them
        self.prefill_offered: set[str] = set()  # passport scans (sha256) offered to fill the person
        self.dirty = False
        self.last_saved: dt.datetime | None = None
        self._report = None
        self.rule_date_error = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def id(self) -> str:
        return self.case["id"]

    # --- editing -------------------------------------------------------------------

    def get(self, field: str):
        return get_path(self.case, field)

    def set(self, field: str, value) -> None:
        if get_path(self.case, field) == value:
            return
        set_path(self.case, field, value)
        self._edited(field)

    def set_many(self, values: dict) -> None:
        for field, value in values.items():
            set_path(self.case, field, value)
        self._edited("")

    def _edited(self, field: str) -> None:
        self.dirty = True
        self._report = None
        self._timer.start()
        self.changed.emit(field)
        self.report_changed.emit()

    def flush(self) -> None:
        """Write the case now if it changed (one committed transaction)."""
        self._timer.stop()
        if not self.dirty:
            return
        from forms.logs import remember_case
        from forms.summary import case_summary

        remember_case(self.case)  # values typed since: kept out of the log too
        self.store.save(self.case, case_summary(self.case, self.today, self.report))
        self.dirty = False
        self.last_saved = dt.datetime.now()
        self.saved.emit()

    # --- attachments -----------------------------------------------------------------

    def attach(self, requirement: str, paths) -> list[dict]:
        added = [self.store.attach(self.case, requirement, Path(p)) for p in paths]
        self._edited("attachments")
        self.flush()
        return added

    def remove_attachment(self, attachment: dict) -> None:
        atts = self.case.get("attachments", [])
        if attachment in atts:
            atts.remove(attachment)
            if not atts:
                self.case.pop("attachments")
            self._edited("attachments")
            self.flush()

    def attachment_path(self, attachment: dict) -> Path:
        return self.store.blobs.path(attachment["path"])

    # --- the engine's view -------------------------------------------------------------

    @property
    def on(self) -> dt.date:
        from forms.deadlines import evaluation_date

        return evaluation_date(self.case, self.today)

    @property
    def report(self):
        """The engine's report for the case (None if the rules do not cover the date)."""
        if self._report is None:
            from forms.report import build_report
            from forms.rules import RuleDateError

            try:
                self._report = build_report(self.case, self.on, self.extra_findings)
            except RuleDateError as exc:
                self.rule_date_error = exc.message
                return None
            self.rule_date_error = None
        return self._report

    def set_extra_findings(self, findings) -> None:
        """Findings from the scan inspection join the data checks, and the case list's
        status."""
        findings = list(findings)
        if findings == self.extra_findings:
            return
        self.extra_findings = findings
        self._report = None
        self.report_changed.emit()
        if self.dirty:
            self.flush()
            return
        from forms.summary import case_summary

        self.store.set_summary(self.id, case_summary(self.case, self.today, self.report))
        self.summary_changed.emit()

    def inspection_key(self) -> str:
        """What the scan inspection depends on: the files, what each is attached for, and
        the answers its judgement uses (the channel's upload limit, the MRZ comparison,
        which requirements apply). Another key: inspect again."""
        import json

        keys = ("procedure", "channel", "person", "employment", "departure", "attachments")
        return json.dumps({k: self.case.get(k) for k in keys}, sort_keys=True, default=str)
