"""Enter on a focused push button presses it, as Space does. Qt presses a button on Enter
only in a dialog (its "auto default" buttons); in the main window a keyboard user who
tabbed to "New registration" or "Add files…" and pressed Enter got nothing.

A button ignores an Enter it does not use, so the key travels up to its parents: one
shared filter on a page's root sees it there (not a filter on the whole application,
which would run Python for every event, see wheel_guard.py). Only a key that went to the
button itself presses it: Enter on a review finding moves the focus to a file's Remove
button and travels up too, and must not press it. Qt offers every key press to its
receiver first as a ShortcutOverride: that says who the receiver was."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QPushButton

KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterPresses(QObject):
    receiver = None  # the focus widget when the key was offered as a shortcut

    def eventFilter(self, obj, event):
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or event.key() not in KEYS:
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            self.receiver = QApplication.focusWidget()
            return False
        button, self.receiver = self.receiver, None
        if (button is not QApplication.focusWidget() or not isinstance(button, QPushButton) or not button.isEnabled()
                or not obj.isAncestorOf(button)):
            return False
        button.click()  # as Qt does for Enter on a dialog's button
        return True


_filter: list = []


def press_on_enter(root) -> None:
    """Enter presses the focused push button anywhere under `root`."""
    if not _filter:
        _filter.append(EnterPresses(QApplication.instance()))
    root.installEventFilter(_filter[0])
