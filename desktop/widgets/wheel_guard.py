"""The mouse wheel scrolls the page; it never changes an answer. Combo boxes, spin boxes,
date edits and sliders react to the wheel only while they have keyboard focus (the user
clicked or tabbed into them); otherwise the wheel goes to the scroll area around them.

`guard(root)` puts one shared filter on every such widget under `root` (each page calls
it once it is built). Not a filter on the whole application: that would run Python for
every event the app handles, which costs start-up time the user sees."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (QAbstractScrollArea, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar,
                               QWidget)


class WheelGuard(QObject):
    GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Wheel or not isinstance(obj, self.GUARDED) or isinstance(obj, QScrollBar):
            return False
        if obj.hasFocus():
            return False
        area = obj.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            bar = area.verticalScrollBar()
            if event.angleDelta().x() and not event.angleDelta().y():
                bar = area.horizontalScrollBar()
            QApplication.sendEvent(bar, event)
        return True  # consumed: the widget never sees it


_guard: list = []


def guard(root) -> None:
    """Guard `root` and every combo box, spin box, date edit and slider inside it."""
    if not _guard:
        _guard.append(WheelGuard(QApplication.instance()))
    widgets = root.findChildren(QWidget)
    for w in [root, *widgets]:
        if isinstance(w, WheelGuard.GUARDED) and not isinstance(w, QScrollBar):
            w.installEventFilter(_guard[0])
