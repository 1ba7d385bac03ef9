"""A guided step: a scrolling page of sections whose fields are bound to case fields.

Binding a field widget here wires it for good: a user edit goes into the session (saved
after a short pause), leaving the field saves at once, the engine's findings about that
field appear under it, and a finding elsewhere can bring the user back to it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from forms.case.fields import LABELS
from forms.law.findings import WARNING, Finding

from .. import i18n
from ..i18n import N_, bi
from ..theme import GAP, SECTION_GAP
from ..widgets import field_help, steady
from ..widgets.findings import FindingsView
from ..widgets.section import HEADING_SCALE
from ..widgets.section import heading_font as section_font
from ..widgets.wheel_guard import guard

NOT_SAVED = N_("{problem} Until then this field is not saved.")


def heading_font(widget: QWidget, scale: float = 1.35) -> QFont:
    return section_font(widget, scale)


def wrapped_label(parent=None, selectable: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def guidance_html(session, ids: tuple) -> str:
    """The engine's guidance sections `ids` for the session's case (forms.law.guidance) as
    rich text in the UI language, with their sources: what the guideline says, shown
    where the user needs it. Empty when none applies or the date is outside the rules."""
    from html import escape

    from forms.law.guidance import guidance

    try:
        law = session.law
        sections = [s for s in guidance(session.case, law) if s.id in ids]
    except ValueError:  # RuleDateError: the header says so
        return ""
    parts = []
    for s in sections:
        items = "".join(f"<li>{escape(i18n.text(x).strip())}</li>" for x in s.lines)
        sources = " · ".join(i18n.text(t["title"]) for t in law.source_titles(s.sources))
        parts.append(f"<b>{escape(i18n.text(s.title))}</b><ul style='margin-top:0'>{items}</ul>"
                     f"<i>{escape(i18n._('Source: {sources}', sources=sources))}</i>")
    return "<br>".join(parts)


class StepPage(QWidget):
    key = ""
    title = ""  # catalog message
    intro = ""  # catalog message shown under the heading
    fill_height = False  # True: the page's last widget takes the free height (a list)

    def __init__(self, editor):
        super().__init__()
        self.editor = editor
        self.session = None
        self.fields: dict[str, QWidget] = {}
        self.forms: dict[str, QFormLayout] = {}
        self.finding_views: dict[str, FindingsView] = {}
        self.labels: dict[str, QLabel] = {}
        self.order: list[QWidget] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self)
        self.heading.setFont(heading_font(self))
        self.heading.setAccessibleName("heading")
        i18n.bind(self.heading, "setText", self.title)
        outer.addWidget(self.heading)
        if self.intro:
            intro = wrapped_label(self)
            i18n.bind(intro, "setText", self.intro)
            outer.addWidget(intro)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, GAP, 0)
        self.body_layout.setSpacing(SECTION_GAP)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll, 1)
        self.help = field_help.HelpPanel(self)  # why the focused field is asked, and the source
        outer.addWidget(self.help)
        self.build()
        if not self.fill_height:
            self.body_layout.addStretch(1)
        self.set_tab_order()
        steady.align_labels(self.labels.values())  # one label column across the page's sections
        guard(self)  # the wheel scrolls the page; it changes an answer only with the focus
        # leaving a field, edited or not (Qt 6's editingFinished needs a change), makes it
        # "touched": from then on it may be called missing
        from PySide6.QtWidgets import QApplication
        QApplication.instance().focusChanged.connect(self._focus_changed)
        i18n.on_change(self, "retranslate")

    # --- building ------------------------------------------------------------------

    def build(self) -> None:
        """Subclasses add their sections and fields here, in reading order."""

    def section(self, title: str | dict) -> QFormLayout:
        """A heading and a form under it (form.parentWidget() shows or hides both)."""
        box = QWidget(self.body)
        form = QFormLayout(box)  # the form itself, not nested: wrapped messages keep their height
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(2 * GAP)
        form.setVerticalSpacing(GAP)
        heading = QLabel(box)
        heading.setFont(heading_font(box, HEADING_SCALE))
        i18n.bind(heading, "setText", title)
        form.addRow(heading)
        self.body_layout.addWidget(box)
        return form

    def add(self, form: QFormLayout, widget: QWidget, label: str | None = None) -> QWidget:
        field = widget.field
        # no word wrap: QFormLayout sizes a label's row by the field, so a wrapped label
        # gets cut; a long label moves above its field instead (WrapLongRows)
        text = QLabel(self.body)
        i18n.bind(text, "setText", label or LABELS.get(field, field))
        text.setBuddy(widget)
        form.addRow(text, widget)
        view = FindingsView(self.body, auto_hide=False)
        form.addRow(view)
        form.setRowVisible(view, False)
        self.fields[field] = widget
        self.forms[field] = form
        self.finding_views[field] = view
        self.labels[field] = text
        field_help.set_whats_this(field, text, widget)
        self.order.append(widget)
        widget.edited.connect(lambda value, f=field: self.edited(f, value))
        widget.committed.connect(lambda f=field: self.committed(f))
        return widget

    def set_tab_order(self) -> None:
        for a, b in zip(self.order, self.order[1:]):
            QWidget.setTabOrder(a, b)

    # --- the case ------------------------------------------------------------------

    def applies(self, case: dict) -> bool:
        return True

    def load(self, session) -> None:
        """Show the session's case (a newly opened one, or after a language switch)."""
        self.session = session
        for field, widget in self.fields.items():
            widget.set_value(session.get(field))
        self.update_visibility()

    def edited(self, field: str, value) -> None:
        if self.session is not None:
            self.session.set(field, value)
            self.update_visibility()

    def _focus_changed(self, old, new) -> None:
        if self.isVisible():
            self._show_help(new)
        if self.session is None or old is None or not self.isVisible():
            return
        for field, widget in self.fields.items():
            if old is widget or widget.isAncestorOf(old):
                if new is not None and (new is widget or widget.isAncestorOf(new)):
                    return  # within the same field (a date's calendar button)
                if field not in self.session.touched:
                    self.session.touched.add(field)
                    self._show_findings(field)
                return

    def _show_help(self, focused) -> None:
        if focused is None or not self.isAncestorOf(focused):
            return  # a dialog or the sidebar: the help of the last field stays
        field = next((f for f, w in self.fields.items() if focused is w or w.isAncestorOf(focused)), None)
        self.help.show_help(field, focused.whatsThis() if field else "")

    def committed(self, field: str) -> None:
        if self.session is None:
            return
        self.session.touched.add(field)
        self.session.flush()
        self._show_findings(field)

    def update_visibility(self) -> None:
        """Subclasses show only the fields that apply to the case."""

    def show_row(self, field: str, visible: bool) -> None:
        if steady.defer(self, ("row", field), lambda: self.show_row(field, visible)):
            return
        form = self.forms[field]
        if form.isRowVisible(self.fields[field]) != visible:
            form.setRowVisible(self.fields[field], visible)
        form.setRowVisible(self.finding_views[field], visible and bool(self.finding_views[field].findings))

    def refresh(self) -> None:
        """The report changed: show the engine's findings under the fields they name."""
        if self.session is None:
            return
        self.update_visibility()
        for field in self.fields:
            self._show_findings(field)

    def field_findings(self, field: str) -> list:
        report = self.session.report if self.session else None
        found = [f for f in report.findings if f.field == field] if report else []
        if found and not self.session.may_say_missing(field, self.key):
            found = [f for f in found if f.code != "FIELD_MISSING"]  # not before it was left
        widget = self.fields[field]
        problem = getattr(widget, "problem", lambda: None)()
        if problem is not None and not widget.hasFocus():
            # what was typed is the problem to fix, not that the (unsaved) field is empty
            found = [f for f in found if f.code != "FIELD_MISSING"]
            found.insert(0, Finding(WARNING, "INPUT_INVALID", bi(NOT_SAVED, problem=problem), field=field))
        return found

    def _show_findings(self, field: str) -> None:
        if steady.defer(self, ("findings", field), lambda: self._show_findings(field)):
            return  # a mouse button is down: move nothing under it until it is released
        view = self.finding_views[field]
        view.set_findings(self.field_findings(field))
        self.forms[field].setRowVisible(view, bool(view.findings) and self._row_visible(field))

    def _row_visible(self, field: str) -> bool:
        return self.forms[field].isRowVisible(self.fields[field])

    def focus_field(self, field: str) -> bool:
        widget = self.fields.get(field)
        if widget is None or not self._row_visible(field):
            return False
        self.scroll.ensureWidgetVisible(widget)
        target = widget.focus_target() if hasattr(widget, "focus_target") else widget
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def first_focus(self) -> QWidget | None:
        for widget in self.order:
            if widget.field in self.labels and self._row_visible(widget.field):
                return widget.focus_target() if hasattr(widget, "focus_target") else widget
        return None

    def retranslate(self) -> None:
        """Re-render what is not a bound text (engine texts) in the new language."""
        self.refresh()
        for field, widget in self.fields.items():
            field_help.set_whats_this(field, self.labels[field], widget)
        if self.help.field:
            self.help.show_help(self.help.field, self.fields[self.help.field].whatsThis())
        QTimer.singleShot(0, self, lambda: steady.align_labels(self.labels.values()))  # after the labels' new texts
