"""Entry point of the desktop app (`shebao-desk`). Imports only what the first window
needs; the engine's heavier parts load when a case is opened."""

from __future__ import annotations

import datetime as dt
import os
import sys


def build(argv: list[str] | None = None, today: dt.date | None = None):
    """The application and its shown main window (tests and tools start the app here too)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from forms.store import CaseStore, StoreError

    from . import i18n
    from .settings import settings

    if os.name == "posix":
        os.umask(0o077)  # everything we write is the owner's only
    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("Shebao Desk")
    app.setApplicationDisplayName("Shebao Desk")
    app.setDesktopFileName("shebao-desk")
    try:
        store = CaseStore()
        prefs = settings()
    except StoreError as exc:
        i18n.set_language(i18n.system_language())
        QMessageBox.critical(None, "Shebao Desk", i18n.text(exc.message))
        raise SystemExit(2) from None
    i18n.set_language(prefs.value("language") or i18n.system_language())
    from .fonts import ensure_cjk_font
    ensure_cjk_font()
    from .main_window import MainWindow

    window = MainWindow(store, prefs, today)
    window.restore_state()
    window.show()
    QTimer.singleShot(300, window, window.refresh_summaries)  # after the window is up and idle
    app.aboutToQuit.connect(lambda: window.session and window.session.flush())
    return app, window


def main(argv: list[str] | None = None) -> int:
    app, _window = build(argv)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
