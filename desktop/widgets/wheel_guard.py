"""The mouse wheel scrolls the page; it never changes an answer. Combo boxes, spin boxes,
date edits and sliders react to the wheel only while they have keyboard focus (the user
clicked or tabbed into them); otherwise the wheel goes to the scroll area around them.
One filter on the application covers every such widget, present and future."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar


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


def install(app: QApplication) -> WheelGuard:
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
