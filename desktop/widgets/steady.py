"""Keep a page steady under the user's hand (issue 12, item 7).

- align_labels: the label column of every section of a page has one width, so the input
  boxes line up across sections instead of each form sizing its own column.
- defer: leaving a field by pressing on another one shows the left field's messages,
  which pushes everything below it down while the button is still held, so the release
  lands in the wrong box. While a mouse button is down, such layout changes wait for its
  release (they are applied as the release arrives, before any widget moves).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication


def align_labels(labels) -> int:
    """Give every label the width of the widest (in the current language); returns it."""
    labels = list(labels)
    for label in labels:
        label.setMinimumWidth(0)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)
    return width


class _Release(QObject):
    """Watches the application's events only while something waits for a release."""

    def __init__(self):
        super().__init__()
        self.pending: dict = {}

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and event.buttons() == Qt.MouseButton.NoButton:
            self.flush()
        return False

    def flush(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        pending, self.pending = self.pending, {}
        for call in pending.values():
            call()


_release = None


def defer(owner, key, call) -> bool:
    """While a mouse button is held, keep `call` (the latest per owner and key) for the
    release and return True; otherwise return False: the caller goes on at once."""
    global _release
    app = QApplication.instance()
    if app is None or app.mouseButtons() == Qt.MouseButton.NoButton:
        return False
    if _release is None:
        _release = _Release()
    if not _release.pending:
        app.installEventFilter(_release)
    _release.pending[(id(owner), key)] = call
    return True
