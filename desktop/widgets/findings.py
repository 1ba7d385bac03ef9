"""Findings as the user sees them: a severity icon and the engine's message."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from .. import i18n
from ..i18n import N_, _

SEVERITY_TEXT = {"blocker": N_("Blocker"), "warning": N_("Warning"), "info": N_("Note")}
_ICONS = {"blocker": QStyle.StandardPixmap.SP_MessageBoxCritical,
          "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
          "info": QStyle.StandardPixmap.SP_MessageBoxInformation}


def severity_icon(severity: str):
    return QApplication.style().standardIcon(_ICONS[severity])


def icon_size() -> int:
    return QApplication.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)


class FindingRow(QWidget):
    def __init__(self, finding, parent=None):
        super().__init__(parent)
        self.finding = finding
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.icon = QLabel(self)
        size = icon_size()
        self.icon.setPixmap(severity_icon(finding.severity).pixmap(size, size))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.icon)
        lay.addWidget(self.label, 1)
        self.retranslate()

    def retranslate(self) -> None:
        sev = _(SEVERITY_TEXT[self.finding.severity])
        self.icon.setToolTip(sev)
        self.label.setText(i18n.text(self.finding.message))
        self.label.setAccessibleName(f"{sev}: {self.label.text()}")


class FindingsView(QWidget):
    """A short list of findings; hidden when there are none."""

    changed = Signal()

    def __init__(self, parent=None, auto_hide: bool = True):
        super().__init__(parent)
        self.auto_hide = auto_hide
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.findings: list = []
        self.rows: list[FindingRow] = []
        if auto_hide:
            self.setVisible(False)
        i18n.on_change(self, "retranslate")

    def set_findings(self, findings) -> None:
        findings = list(findings)
        if findings == self.findings:
            return
        self.findings = findings
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = [FindingRow(f, self) for f in findings]
        for row in self.rows:
            self.lay.addWidget(row)
        if self.auto_hide:
            self.setVisible(bool(findings))
        self.changed.emit()

    def retranslate(self) -> None:
        for row in self.rows:
            row.retranslate()

    def messages(self) -> list[str]:
        return [r.label.text() for r in self.rows]
