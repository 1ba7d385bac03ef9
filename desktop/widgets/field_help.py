""""Why do we ask this": each interview field's help from the rule data's sources
(forms.law.field_help), as What's This text on the field (Shift+F1) and in the help line
under the step while the field has the focus, in the UI language."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from forms.law.field_help import field_help

from .. import i18n
from ..i18n import N_, _

WHY = N_("Why we ask: {field}")
SOURCES = N_("Source: {sources}")
NOTED = N_("{source} ({note})")  # a source and its kind


def help_html(field: str, label: str) -> str:
    """The help of `field` (shown under the name `label`) as rich text; "" if it has none."""
    h = field_help(field)
    if h is None:
        return ""
    names = []
    for s in h["sources"]:
        name = i18n.text(s["title"])
        names.append(_(NOTED, source=name, note=i18n.text(s["note"])) if s["note"] else name)
    return (f"<b>{escape(_(WHY, field=label.rstrip(':：')))}</b><br>{escape(i18n.text(h['why']))}"
            f"<br><i>{escape(_(SOURCES, sources='; '.join(names)))}</i>")


def set_whats_this(field: str, label: QLabel, widget: QWidget) -> str:
    """Give the field's label, its editor and the editor's parts (a date's line edit, a
    choice's buttons: whichever has the focus) the help as What's This text."""
    html = help_html(field, label.text())
    for w in (label, widget, *widget.findChildren(QWidget)):
        w.setWhatsThis(html)
    return html


class HelpPanel(QLabel):
    """The help of the field that has the focus, under the step's page; hidden otherwise."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        i18n.bind(self, "setAccessibleName", N_("Help"))
        self.field: str | None = None
        self.setVisible(False)

    def show_help(self, field: str | None, html: str = "") -> None:
        self.field = field if html else None
        self.setText(html)
        self.setVisible(bool(html))
