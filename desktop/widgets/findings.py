"""Findings as the user sees them: a severity icon and the engine's message."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from .. import i18n
from ..i18n import N_, _

SEVERITY_TEXT = {"blocker": N_("Blocker"), "warning": N_("Warning"), "info": N_("Note")}


def severity_icon(severity: str):
    from ..theme import status_icon

    return status_icon(severity)


def icon_size() -> int:
    return QApplication.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)


class StatusIconLabel(QLabel):
    """A status icon that follows the palette: drawn again in the new colours when it is
    painted after a switch between light and dark."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.name = name
        self.draw()

    def draw(self) -> None:
        from ..theme import current

        size = icon_size()
        self.setPixmap(severity_icon(self.name).pixmap(size, size))
        self.drawn_in = current()

    def paintEvent(self, event) -> None:
        from ..theme import current

        if self.drawn_in != current():
            self.draw()
        super().paintEvent(event)


class FindingRow(QWidget):
    def __init__(self, finding, parent=None):
        super().__init__(parent)
        self.finding = finding
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.icon = StatusIconLabel(finding.severity, self)
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
