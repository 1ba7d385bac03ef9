"""The open case: a step sidebar, the step pages and Back/Next. Free movement: any step can
be opened at any time, in any order, and every answer stays where it was put."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from forms.case.model import full_name

from . import i18n
from .case_list import status_text
from .i18n import N_, _
from .steps import FALLBACK, STEPS
from .steps.base import heading_font
from .widgets.enter_key import press_on_enter


# Each step's state in the sidebar: an icon, and the words screen readers and tooltips give.
STEP_STATES = {"todo": N_("not started"), "progress": N_("in progress"), "done": N_("done"),
               "problem": N_("has problems")}


class CaseEditor(QWidget):
    def __init__(self, main, runner, today):
        super().__init__(main)
        self.main = main
        self.runner = runner
        self.today = today
        self.session = None
        self.pages = {}
        for key, module, cls in STEPS:
            mod = importlib.import_module(f"{__package__}.steps.{module}")
            self.pages[key] = getattr(mod, cls)(self)

        self.sidebar = QListWidget(self)
        self.sidebar.setAccessibleName("steps")
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # as wide as its titles
        for key, page in self.pages.items():
            item = QListWidgetItem(self.sidebar)
            item.setData(Qt.ItemDataRole.UserRole, key)
        self.sidebar.currentRowChanged.connect(self._sidebar_changed)
        self.stack = QStackedWidget(self)
        for page in self.pages.values():
            self.stack.addWidget(page)

        self.name = QLabel(self)
        self.name.setFont(heading_font(self, 1.15))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.saved_label = QLabel(self)
        header = QHBoxLayout()
        header.addWidget(self.name)
        header.addWidget(self.status, 1)
        header.addWidget(self.saved_label)

        self.back_button = QPushButton(self)
        i18n.bind(self.back_button, "setText", N_("&Back"))
        self.back_button.clicked.connect(self.previous)
        self.next_button = QPushButton(self)
        i18n.bind(self.next_button, "setText", N_("&Next"))
        self.next_button.clicked.connect(self.next)
        self.list_button = QPushButton(self)
        i18n.bind(self.list_button, "setText", N_("Case &list"))
        self.list_button.clicked.connect(main.close_case)
        nav = QHBoxLayout()
        nav.addWidget(self.list_button)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.addLayout(header)
        rl.addWidget(self.stack, 1)
        rl.addLayout(nav)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        em = self.fontMetrics().horizontalAdvance("M")
        self.splitter.setSizes([em * 12, em * 70])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        press_on_enter(self)  # Back, Next, "Add files…", "Save the pack…": Enter presses them

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self._moving = False
        i18n.on_change(self, "retranslate")
        self.retranslate()

    # --- the case ------------------------------------------------------------------

    def open(self, session, step: str | None = None) -> None:
        if self.session is not None:
            self.session.flush()
            self.session.report_changed.disconnect(self._refresh_timer.start)
            self.session.saved.disconnect(self.show_saved)
        self.session = session
        session.report_changed.connect(self._refresh_timer.start)
        session.saved.connect(self.show_saved)
        for page in self.pages.values():
            page.session = session
        self.pages["documents"].watch(session)
        self.saved_label.setText("")
        self.refresh_sidebar()
        self.go(step if step in self.pages and self.pages[step].applies(session.case) else "procedure")

    def clear(self) -> None:
        """The case was closed: forget it (its session is going away)."""
        if self.session is not None:
            self.session.report_changed.disconnect(self._refresh_timer.start)
            self.session.saved.disconnect(self.show_saved)
        self.pages["documents"].unwatch()
        self.session = None
        for page in self.pages.values():
            page.session = None

    def refresh(self) -> None:
        if self.session is None:
            return
        self.refresh_sidebar()
        self.current_page().refresh()
        self.refresh_header()

    def refresh_header(self) -> None:
        case = self.session.case
        self.name.setText(full_name(case) or _("(no name yet)"))
        report = self.session.report
        if report is None:
            self.status.setText(i18n.text(self.session.rule_date_error or {}))
        elif self.session.calm and self.current_key() not in ("review", "output"):
            self.status.setText(self.progress_text())  # a new case: where the user is, not blockers
        else:
            from forms.law.findings import counts
            self.status.setText(status_text({**counts(report.findings), "ready": report.ready}))
        self.main.setWindowTitle(f"{self.name.text()} — Shebao Desk")

    def progress_text(self) -> str:
        """"Step 3 of 7 · 5 of 14 answers given": the answers the engine asks for."""
        from forms.common.i18n import bi_n
        from forms.law.requirements import required_fields

        visible = self.visible_keys()
        n = visible.index(self.current_key()) + 1 if self.current_key() in visible else 1
        try:
            fields = [f for f, _row in required_fields(self.session.case, self.session.law)]
        except ValueError:  # RuleDateError: the header says so instead
            fields = []
        given = sum(1 for f in fields if self.session.get(f) not in (None, "", []))
        return i18n.text(bi_n("Step {step} of {count}", "Step {step} of {count}", len(visible), step=n, count=len(visible))) + \
            " · " + i18n.text(bi_n("{given} of {count} answer given", "{given} of {count} answers given", len(fields),
                                   given=given, count=len(fields)))

    def show_saved(self) -> None:
        self.saved_label.setStyleSheet("")
        if self.session and self.session.dirty and self.session.failure:
            self.show_unsaved()
        elif self.session and self.session.last_saved:
            self.saved_label.setText(_("Saved {time}", time=self.session.last_saved.strftime("%H:%M:%S")))

    def show_unsaved(self) -> None:
        """A save failed: never "Saved" while the latest edits are not in the store."""
        self.saved_label.setText(_("Not saved"))
        self.saved_label.setStyleSheet("color: #b00020; font-weight: bold")

    # --- steps ---------------------------------------------------------------------

    def visible_keys(self) -> list[str]:
        case = self.session.case if self.session else {}
        return [k for k, p in self.pages.items() if p.applies(case)]

    def refresh_sidebar(self) -> None:
        visible = self.visible_keys()
        self._moving = True
        for row in range(self.sidebar.count()):
            item = self.sidebar.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setHidden(key not in visible)
            if key in visible:
                title = f"{visible.index(key) + 1}. {_(self.pages[key].title)}"
                item.setText(title)
                state = self.step_state(key)
                item.setData(Qt.ItemDataRole.UserRole + 1, state)
                item.setIcon(self._state_icon(state))
                words = f"{title}, {_(STEP_STATES[state])}" if state else title
                item.setData(Qt.ItemDataRole.AccessibleTextRole, words)
                item.setToolTip(words)
        self._moving = False
        # every step's title whole, in this language (the widest item, with its icon, and the frame)
        from .theme import GAP

        self.sidebar.setMinimumWidth(self.sidebar.sizeHintForColumn(0) + 2 * self.sidebar.frameWidth() + GAP)

    def step_state(self, key: str) -> str | None:
        """todo | progress | done | problem for a step with answers or documents, from the
        engine's report (None for the review and output steps, which ask nothing)."""
        if self.session is None or key in ("review", "output"):
            return None
        report = self.session.report
        findings = report.findings if report else []
        case = self.session.case
        if key == "documents":
            reqs = report.requirements if report else []
            blockers = [f for f in findings if f.severity == "blocker" and (f.requirement or f.file)]
            # "nothing attached for X" waits, in a new case, until Next was pressed here
            shown = [f for f in blockers if f.code != "ATTACHMENT_MISSING" or self.session.may_say_missing("", key)]
            if shown:
                return "problem"
            if blockers:
                return "progress" if case.get("attachments") else "todo"
            return "done" if case.get("attachments") or not any(r.mandatory for r in reqs) else "todo"
        page = self.pages[key]
        fields = set(page.fields)
        mine = [f for f in findings if f.field in fields and f.severity == "blocker"]
        shown = [f for f in mine if f.code != "FIELD_MISSING" or self.session.may_say_missing(f.field, key)]
        if shown:
            return "problem"
        answered = any(self.session.get(f) not in (None, "", []) for f in fields)
        if key == "procedure":
            answered = answered or bool(case.get("procedure"))
        if not mine and answered:
            return "done"
        return "progress" if answered else "todo"

    def _state_icon(self, state: str | None):
        from PySide6.QtGui import QIcon

        from .theme import status_icon

        name = {"todo": "not_started", "progress": "in_progress", "done": "ok", "problem": "blocker"}.get(state)
        if name:
            return status_icon(name)
        # a step that asks nothing (review, output): an empty icon keeps its title in line
        from PySide6.QtGui import QPixmap

        blank = QPixmap(32, 32)
        blank.fill(Qt.GlobalColor.transparent)
        return QIcon(blank)

    def current_page(self):
        return self.stack.currentWidget()

    def current_key(self) -> str:
        return self.current_page().key

    def go(self, key: str, focus: bool = True) -> None:
        if self.session is None or key not in self.pages:
            return
        self.session.flush()
        page = self.pages[key]
        if not page.applies(self.session.case):
            return
        page.load(self.session)
        page.refresh()
        self.stack.setCurrentWidget(page)
        self.refresh_sidebar()  # a Next may have changed what a step's state may say
        self._moving = True
        self.sidebar.setCurrentRow(list(self.pages).index(key))
        self._moving = False
        visible = self.visible_keys()
        self.back_button.setEnabled(visible.index(key) > 0)
        self.next_button.setEnabled(visible.index(key) < len(visible) - 1)
        self.refresh_header()
        if focus:
            target = page.first_focus()
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_index(self, n: int) -> None:
        visible = self.visible_keys()
        if 0 <= n < len(visible):
            self.go(visible[n])

    def _sidebar_changed(self, row: int) -> None:
        if not self._moving and row >= 0:
            self.go(self.sidebar.item(row).data(Qt.ItemDataRole.UserRole), focus=False)

    def next(self) -> None:
        if self.session is not None:  # Next on a step: now its empty fields may be called missing
            self.session.attempted.add(self.current_key())
            self.current_page().refresh()
        visible = self.visible_keys()
        i = visible.index(self.current_key()) if self.current_key() in visible else 0
        if i + 1 < len(visible):
            self.go(visible[i + 1])

    def previous(self) -> None:
        visible = self.visible_keys()
        i = visible.index(self.current_key()) if self.current_key() in visible else 0
        if i > 0:
            self.go(visible[i - 1])

    # --- from a finding to the widget that fixes it ------------------------------------

    def step_for_field(self, field: str):
        case = self.session.case if self.session else {}
        for page in self.pages.values():
            if field in page.fields and page.applies(case):
                return page
        key = FALLBACK.get(field.split(".")[0], "review")
        if key in ("employment", "departure"):
            key = "departure" if case.get("procedure") == "departure" else "employment"
        return self.pages[key]

    def go_to_field(self, field: str) -> None:
        page = self.step_for_field(field)
        self.go(page.key, focus=False)
        if not page.focus_field(field):
            target = page.first_focus()
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_to_requirement(self, req_id: str, file: str | None = None) -> None:
        self.go("documents", focus=False)
        self.pages["documents"].focus_requirement(req_id, file)

    def show_finding(self, finding) -> None:
        if finding.field:
            self.go_to_field(finding.field)
        elif finding.requirement or finding.file:
            self.go_to_requirement(finding.requirement, finding.file)
        else:
            self.go("review")

    def retranslate(self) -> None:
        self.refresh_sidebar()
        if self.session is not None:
            self.current_page().load(self.session)
            self.refresh_header()
            self.show_saved()
