"""Step 6: every answer and every finding. Activating a finding (Enter or double-click)
goes to the step and the field that fixes it; activating an answer goes to its field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget,
                               QTreeWidgetItem)

from forms.case.fields import LABELS

from .. import i18n
from ..i18n import N_, _
from ..widgets.findings import SEVERITY_TEXT, severity_icon
from .base import StepPage, wrapped_label

# how enumerated answers read (the same words as the steps' choices)
VALUE_TEXT = {
    ("procedure", "registration"): N_("Social insurance registration"),
    ("procedure", "departure"): N_("Settlement upon departure"),
    ("person.sex", "M"): N_("Male"), ("person.sex", "F"): N_("Female"), ("person.sex", "X"): N_("Unspecified (X)"),
    ("employment.document_kind", "work_permit"): N_("Foreigner's Work Permit"),
    ("employment.document_kind", "correspondent_card"): N_("Foreign Resident Correspondent's Card"),
    ("employment.document_kind", "pr_card"): N_("Foreign Permanent Resident ID Card"),
    ("employment.arrangement", "direct"): N_("Employed directly"),
    ("employment.arrangement", "dispatched"): N_("Dispatched by an overseas employer"),
    ("departure.choice", "terminate"): N_("Terminate and refund"),
    ("departure.choice", "retain"): N_("Retain the account"),
    ("bank.kind", "card"): N_("Bank card"), ("bank.kind", "passbook"): N_("Passbook"),
    ("channel", "online"): N_("Online"), ("channel", "counter"): N_("At a service counter"),
    ("channel", "one_stop"): N_("One-stop service"),
}
COUNTRY_FIELDS = {"person.nationality", "person.passport.issuing_country", "address_abroad.country"}
ROLE = Qt.ItemDataRole.UserRole


def flatten(case: dict, prefix: str = ""):
    for key, value in case.items():
        if key.startswith("_") or key in ("schema_version", "id", "attachments"):
            continue
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flatten(value, dotted + ".")
        else:
            yield dotted, value


def show_value(field: str, value) -> str:
    if isinstance(value, list):
        return " / ".join(str(v) for v in value if v)
    if (field, value) in VALUE_TEXT:
        return _(VALUE_TEXT[(field, value)])
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field in COUNTRY_FIELDS:
        from forms.case.countries import name
        return f"{name(value, i18n.lang())} ({value})"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return i18n.format_date(dt.date.fromisoformat(value), i18n.lang())
        except ValueError:
            pass
    return str(value)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's width: a long finding is read in
    full, never cut off with an ellipsis."""

    def __init__(self, tree):
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        icon = opt.decorationSize.width() + 8 if not opt.icon.isNull() else 0
        width = self.tree.viewport().width() - self.tree.indentation() * (depth + 1) - icon - 6
        if width <= 0:
            return size
        rect = opt.fontMetrics.boundingRect(0, 0, width, 100000, int(Qt.TextFlag.TextWordWrap), opt.text)
        return QSize(size.width(), max(size.height(), rect.height() + 6))


class ReviewTree(QTreeWidget):
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # the wrapped rows' heights follow the width


class ReviewStep(StepPage):
    key = "review"
    title = N_("Review")
    intro = N_("Everything in this case. Press Enter or double-click a finding to go where it is fixed.")
    fill_height = True

    def build(self) -> None:
        self.summary = wrapped_label(self.body)
        self.body_layout.addWidget(self.summary)
        self.tree = ReviewTree(self.body)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.header().setStretchLastSection(True)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemActivated.connect(self.activated)
        self.body_layout.addWidget(self.tree, 1)
        self.scroll.setWidgetResizable(True)

    def first_focus(self):
        return self.tree

    def refresh(self) -> None:
        if self.session is None:
            return
        report = self.session.report
        self.tree.clear()
        if report is None:
            self.summary.setText(i18n.text(self.session.rule_date_error or {}))
            return
        from forms.law.findings import counts

        c = counts(report.findings)
        self.summary.setText(_("Ready to submit: no blockers.") if report.ready else
                             _("Not ready: {blockers} blockers to resolve.", blockers=c["blocker"]))
        findings = QTreeWidgetItem(self.tree, [_("Findings ({count})", count=len(report.findings))])
        for f in report.findings:
            item = QTreeWidgetItem(findings, [i18n.text(f.message)])
            item.setIcon(0, severity_icon(f.severity))
            item.setToolTip(0, f"{_(SEVERITY_TEXT[f.severity])}: {i18n.text(f.message)}")
            item.setData(0, ROLE, ("finding", f))
        answers = QTreeWidgetItem(self.tree, [_("Answers")])
        groups: dict[str, QTreeWidgetItem] = {}
        for field, value in flatten(self.session.case):
            step = self.editor.step_for_field(field)
            parent = groups.get(step.key)
            if parent is None:
                parent = groups[step.key] = QTreeWidgetItem(answers, [_(step.title)])
            label = _(LABELS[field]) if field in LABELS else field
            item = QTreeWidgetItem(parent, [f"{label}: {show_value(field, value)}"])
            item.setData(0, ROLE, ("field", field))
        docs = QTreeWidgetItem(answers, [_("Documents")])
        for req in report.requirements:
            for att in report.attachments_for(req.id):
                item = QTreeWidgetItem(docs, [f"{i18n.text(req.title)}: {att.get('label') or att['path']}"])
                item.setData(0, ROLE, ("requirement", req.id))
        self.tree.expandAll()

    def activated(self, item, _column=0) -> None:
        data = item.data(0, ROLE)
        if not data:
            return
        kind, value = data
        if kind == "finding":
            self.editor.show_finding(value)
        elif kind == "field":
            self.editor.go_to_field(value)
        else:
            self.editor.go_to_requirement(value)
