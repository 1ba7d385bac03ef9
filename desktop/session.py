"""One open case: its data, the engine's report on it, and saving as it is edited.

Every edit goes into the case dict at once and is written to the store after a short
pause (SAVE_DELAY_MS) or at once on flush() (focus leaving a field, a step change, closing
the case or the app): a crash or a kill loses at most the field being typed.
The report is rebuilt from the engine after each edit; the app computes no rule itself.

A save that fails keeps the edit in memory (dirty): a full disk or a busy store is retried
every RETRY_MS (and on "Save now"); a case changed or removed by another window or program
is never overwritten: the window asks (conflict / removed), and saving waits for the answer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from forms.store import CaseStore
from forms.store.conflicts import CaseRemoved, NotSaved, SaveConflict

SAVE_DELAY_MS = 300
RETRY_MS = 5000


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
    save_failed = Signal(object)  # NotSaved: the edit is kept and retried
    conflict = Signal(object)  # SaveConflict: another window saved first; saving waits
    removed = Signal()  # the case was removed for good elsewhere; nothing is saved again

    def __init__(self, store: CaseStore, case: dict, today: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.case = store.prepare(case)
        self.today = today or dt.date.today()
        self.extra_findings: list = []  # findings of the scan inspection
        self.inspection = None  # its last result (forms.inspection.CaseInspection)
        self.inspected_key: str | None = None  # inspection_key() it was made for
        self.signature = None  # forms.fill.signature.Signature made in the app; never stored
        self.stash: dict = {}  # answers set aside when an earlier answer hides them
        # Calm validation for a case started here: a field is called missing only once the
        # user has left it (touched) or pressed Next on its step (attempted). A case opened
        # from the list has been worked on before: everything is said at once.
        self.calm = False
        self.touched: set[str] = set()
        self.attempted: set[str] = set()
        self.prefill_offered: set[str] = set()  # passport scans (sha256) offered to fill the person
        self.dirty = False
        self.last_saved: dt.datetime | None = None
        self.failure: NotSaved | None = None  # why the last save failed (None: it did not)
        self.pending: SaveConflict | CaseRemoved | None = None  # waits for the user's answer
        self._report = None
        self.rule_date_error = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)

    @property
    def id(self) -> str:
        return self.case["id"]

    def may_say_missing(self, field: str, step: str) -> bool:
        return not self.calm or field in self.touched or step in self.attempted

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

    def flush(self) -> bool:
        """Write the case now if it changed (one committed transaction). True if nothing
        is left unsaved."""
        self._timer.stop()
        self._retry.stop()
        if not self.dirty:
            return True
        if self.pending is not None:  # the user has not answered yet
            return False
        from forms.common.logs import remember_case
        from forms.verdict.summary import case_summary

        remember_case(self.case)  # values typed since: kept out of the log too
        try:
            self.store.save(self.case, case_summary(self.case, self.today, self.report))
        except NotSaved as exc:
            self.failure = exc
            self._retry.start()
            self.save_failed.emit(exc)
            return False
        except (SaveConflict, CaseRemoved) as exc:
            self.pending = exc
            (self.conflict.emit(exc) if isinstance(exc, SaveConflict) else self.removed.emit())
            return False
        self.dirty = False
        self.failure = None
        self.last_saved = dt.datetime.now()
        self.saved.emit()
        return True

    def discard(self) -> None:
        """Forget the unsaved edits (removed elsewhere, or the user quits without them)."""
        self._timer.stop()
        self._retry.stop()
        self.dirty = False

    # --- answers to a conflict -------------------------------------------------------

    def keep_mine(self) -> bool:
        """Save this window's case over the other version (the one just shown)."""
        conflict, self.pending = self.pending, None
        self.case["_version"] = conflict.version
        return self.flush()

    def take_theirs(self) -> None:
        """Drop this window's edits for the stored case."""
        conflict, self.pending = self.pending, None
        self.discard()
        self.failure = None
        self.case = self.store.prepare(conflict.theirs)
        self._report = None
        self.changed.emit("")
        self.report_changed.emit()

    def split_off_copy(self) -> dict:
        """This window's case, saved as a new case; the stored one stays as the other
        window left it. Returns the copy (this session is done)."""
        from forms.store.cases import new_id

        self.pending = None
        copy = {**self.case, "id": new_id()}
        copy.pop("_version", None)
        self.store.save(copy)
        self.discard()
        return copy
    # --- attachments -----------------------------------------------------------------

    def attach(self, requirement: str, paths) -> list[dict]:
        added = []
        try:
            for p in paths:
                added.append(self.store.attach(self.case, requirement, Path(p)))
        finally:  # those copied in before a failure are attached
            if added:
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
        from forms.law.deadlines import evaluation_date

        return evaluation_date(self.case, self.today)

    @property
    def law(self):
        """The law on the case's date (RuleDateError when the rule data does not cover it)."""
        from forms.law.ruleset import law_on

        return law_on(self.on)

    @property
    def report(self):
        """The engine's report for the case (None if the rules do not cover the date)."""
        if self._report is None:
            from forms.verdict.report import build_report
            from forms.law.ruleset import RuleDateError

            try:
                self._report = build_report(self.case, self.law, self.extra_findings)
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
        from forms.verdict.summary import case_summary

        try:  # a cache beside the case, of this version only: a failure loses no edit
            self.store.set_summary(self.id, case_summary(self.case, self.today, self.report), self.case.get("_version"))
        except NotSaved:
            return
        self.summary_changed.emit()

    def inspection_key(self) -> str:
        """What the scan inspection depends on: the files, what each is attached for, and
        the answers its judgement uses (the channel's upload limit, the MRZ comparison,
        which requirements apply). Another key: inspect again."""
        import json

        keys = ("procedure", "channel", "person", "employment", "departure", "attachments")
        return json.dumps({k: self.case.get(k) for k in keys}, sort_keys=True, default=str)
