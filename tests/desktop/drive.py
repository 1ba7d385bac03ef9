"""Driving the app through its widgets, as a user does: clicks, keys, drops."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QStyle, QStyleOptionButton

from desktop.widgets.fields import CheckField, ChoiceField, CountryField, DateField, LinesField

LEFT = Qt.MouseButton.LeftButton


def click(widget) -> None:
    """A left click where a user clicks: on the box of a check box or radio button (their
    label may be far narrower than the widget), else in the middle."""
    if isinstance(widget, (QCheckBox, QRadioButton)):
        opt = QStyleOptionButton()
        widget.initStyleOption(opt)
        element = (QStyle.SubElement.SE_CheckBoxIndicator if isinstance(widget, QCheckBox)
                   else QStyle.SubElement.SE_RadioButtonIndicator)
        QTest.mouseClick(widget, LEFT, Qt.KeyboardModifier.NoModifier,
                         widget.style().subElementRect(element, opt, widget).center())
    else:
        QTest.mouseClick(widget, LEFT)


def new_case_button(window, procedure: str):
    """The "New registration" / "New departure" button a user sees: the welcome page's while
    the store is empty, else the case list's."""
    page = window.case_list
    button = page.empty.buttons[procedure] if not page.model.all else page.buttons[f"new_{procedure}"]
    assert button.isVisible(), "the button a user would press is not shown"
    return button


def page(window, key):
    return window.editor.pages[key]


def key_text(widget, text: str) -> None:
    """Type text: ASCII as key presses; other characters (Ü, Chinese) as an input method
    commits them, which is how Chinese text arrives from a real IME."""
    chunk = ""
    for ch in text + "\0":
        if ch == "\0" or ord(ch) >= 128:
            if chunk:
                QTest.keyClicks(widget, chunk)
                chunk = ""
            if ch != "\0":
                event = QInputMethodEvent()
                event.setCommitString(ch)
                QApplication.sendEvent(widget, event)
        else:
            chunk += ch


def type_text(widget, text: str) -> None:
    """Focus the widget, select what is there and type over it."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(widget, text)


def leave(widget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Tab)


def fill(window, step: str, field: str, value) -> None:
    """Enter `value` into the widget of `field` on `step`, as a user would."""
    w = page(window, step).fields[field]
    if isinstance(w, ChoiceField):
        click(w.buttons[value])
    elif isinstance(w, CheckField):
        if w.isChecked() != value:
            click(w)
    elif isinstance(w, DateField):
        type_text(w.edit, value)
        leave(w.edit)
    elif isinstance(w, CountryField):
        edit = w.lineEdit()
        type_text(edit, value)
        # the key goes where Qt would send it: to the completion list while it is open
        QTest.keyClick(QApplication.activePopupWidget() or edit, Qt.Key.Key_Tab)
    elif isinstance(w, LinesField):
        w.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(w, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        for i, line in enumerate(value):
            if i:
                QTest.keyClick(w, Qt.Key.Key_Return)
            key_text(w, line)
        leave(w)
    else:
        type_text(w, value)
        leave(w)


def paste(widget, text: str) -> None:
    QApplication.clipboard().setText(text)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    leave(widget)


def drop_files(widget, paths) -> None:
    """A drop from the file manager: the same events Qt delivers for a real drag."""
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(Path(p).resolve())) for p in paths])
    pos = widget.rect().center()
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(pos, actions, md, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(pos), actions, md, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)


def next_step(window) -> None:
    click(window.editor.next_button)


def draw(widget, strokes) -> None:
    """Strokes drawn with the mouse: press, moves with the button held, release. Each
    stroke is a list of (x, y) fractions of the widget's size."""
    w, h = widget.width(), widget.height()
    for stroke in strokes:
        pts = [QPoint(int(x * w), int(y * h)) for x, y in stroke]
        QTest.mousePress(widget, LEFT, Qt.KeyboardModifier.NoModifier, pts[0])
        for pt in pts[1:]:
            QTest.mouseMove(widget, pt)
        QTest.mouseRelease(widget, LEFT, Qt.KeyboardModifier.NoModifier, pts[-1])


def signature_strokes(n: int = 40) -> list:
    """Two loops and a flourish, as a hand signs."""
    import math
    first = [(0.1 + 0.35 * t / n, 0.55 - 0.25 * math.sin(t / 3.0)) for t in range(n + 1)]
    second = [(0.5 + 0.4 * t / n, 0.5 - 0.2 * math.sin(t / 2.5) * (1 - t / (2 * n))) for t in range(n + 1)]
    return [first, second]
