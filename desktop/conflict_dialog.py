"""Another window or program saved the open case first: both versions side by side (the
fields that differ), and the user chooses. Nothing is resolved without an answer.

    choice: "mine" (save this window's over theirs), "theirs" (drop this window's edits;
    for a case deleted there: leave it deleted), "copy" (save this window's as a new case),
    None (no answer yet: saving waits, and closing asks again)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from forms.case.fields import LABELS
from forms.case.fields import label as field_label

from . import i18n
from .i18n import _

PATH_ROLE = Qt.ItemDataRole.UserRole  # the field's path in the case, on the first column's item


def flatten(node, prefix: str = "") -> dict[str, str]:
    """{dotted field: shown value} of a case, without the loader's private keys."""
    out: dict[str, str] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if not str(key).startswith("_"):
                out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(node, list):
        if node and all(isinstance(x, dict) and "requirement" in x for x in node):  # attachments
            out[prefix[:-1]] = ", ".join(f"{x.get('label') or x.get('path')} ({x['requirement']})" for x in node)
        else:
            out[prefix[:-1]] = "; ".join(str(x) for x in node)
    else:
        out[prefix[:-1]] = "" if node is None else str(node)
    return out


def differences(mine: dict, theirs: dict | None) -> list[tuple[str, str, str]]:
    """(field, mine, theirs) of each field that differs, in the interview's order (the
    order of forms.case.fields.LABELS; fields without a label last, by path)."""
    a, b = flatten(mine), flatten(theirs or {})
    order = {field: i for i, field in enumerate(LABELS)}
    keys = sorted(set(a) | set(b), key=lambda k: (order.get(k, len(order)), k))
    return [(k, a.get(k, ""), b.get(k, "")) for k in keys if a.get(k) != b.get(k)]


class ConflictDialog(QDialog):
    def __init__(self, parent, mine: dict, theirs: dict | None):
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(_("This case was changed elsewhere"))
        lay = QVBoxLayout(self)
        deleted = theirs is None
        text = (_("This case was deleted in another window or program after it was opened here, and this window "
                  "has edits that are not saved. Choose what to keep.") if deleted else
                _("This case was changed in another window or program after it was opened here, and this window "
                  "has edits that are not saved. Both versions are below (the fields that differ). Choose what to "
                  "keep; nothing is saved until you do."))
        label = QLabel(text, self)
        label.setWordWrap(True)
        lay.addWidget(label)
        rows = differences(mine, theirs)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([_("Field"), _("This window"), _("Other window (deleted)") if deleted
                                              else _("Other window (saved)")])
        for r, (field, mine_value, theirs_value) in enumerate(rows):
            name = QTableWidgetItem(i18n.text(field_label(field)))  # its label as the interview shows it
            name.setData(PATH_ROLE, field)
            name.setToolTip(field)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem(mine_value))
            self.table.setItem(r, 2, QTableWidgetItem(theirs_value))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.buttons = {
            "mine": QPushButton(_("&Keep mine (restore it)") if deleted else _("&Keep mine"), self),
            "theirs": QPushButton(_("&Leave it deleted") if deleted else _("&Take theirs"), self),
            "copy": QPushButton(_("Save mine as a &copy"), self),
        }
        for key, button in self.buttons.items():
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _c=False, key=key: self.choose(key))
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Decide &later"))
        cancel.clicked.connect(self.reject)
        lay.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(em * 60, em * 30)

    def choose(self, key: str) -> None:
        self.choice = key
        self.accept()
