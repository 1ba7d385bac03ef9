"""Entry point of the desktop app (`shebao-desk`)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QLabel

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("Shebao Desk")
    window = QMainWindow()
    window.setWindowTitle("Shebao Desk")
    window.setCentralWidget(QLabel("Shebao Desk"))
    window.resize(900, 600)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
