"""Errors nobody caught: into the log (with the traceback, redacted) and, in the window, a
message that says what happened and where the details are, instead of a silent failure.
Qt's own warnings go to the log too."""

from __future__ import annotations

import sys
import threading

from forms.common import logs

from .i18n import N_, _

_state = {"installed": False, "log_path": None, "qt_previous": None, "previous": None}


def report(kind: str, problem: str) -> None:
    """Show an unexpected error in the main window (never a traceback)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    window = next((w for w in (app.topLevelWidgets() if app else []) if hasattr(w, "notify") and w.isVisible()), None)
    if window is None:
        return
    path = _state["log_path"]
    session = getattr(window, "session", None)
    # "saved" only when it is: the open case has no edit waiting to be written
    state = (_("The open case has edits that are not saved yet; they stay in this window.")
             if session is not None and session.dirty else _("Every edit made so far is saved."))
    window.notify(_("Something went wrong ({kind}): {problem}. {state} The details are in the log file {path}.",
                    kind=kind, problem=logs.redact(logs.cut(problem, 400))[:200], state=state, path=str(path) if path else "-"),
                  error=True)


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        return sys.__excepthook__(exc_type, exc, tb)
    logs.get("error").critical("unhandled error", exc_info=(exc_type, exc, tb))
    previous = _state["previous"]
    if previous not in (None, sys.__excepthook__):  # a test tool's hook: let it see the error
        previous(exc_type, exc, tb)
    try:
        report(exc_type.__name__, str(exc))
    except Exception:  # noqa: BLE001 - reporting must not raise inside the hook
        pass


def _thread_hook(args) -> None:
    logs.get("error").critical("unhandled error in thread %s", getattr(args.thread, "name", "?"),
                               exc_info=(args.exc_type, args.exc_value, args.exc_traceback))


def _qt_message(mode, context, message) -> None:
    from PySide6.QtCore import QtMsgType

    level = {QtMsgType.QtWarningMsg: 30, QtMsgType.QtCriticalMsg: 40, QtMsgType.QtFatalMsg: 50}.get(mode)
    if level:
        logs.get("qt").log(level, "%s", message)
    previous = _state["qt_previous"]
    if previous is not None:  # keep Qt's default output (and test tools' capture)
        previous(mode, context, message)


def install(log_path) -> None:
    _state["log_path"] = log_path
    if _state["installed"]:
        return
    _state["installed"] = True
    _state["previous"] = sys.excepthook  # not printed to stderr: it would not be redacted
    sys.excepthook = _excepthook
    threading.excepthook = _thread_hook
    from PySide6.QtCore import qInstallMessageHandler

    _state["qt_previous"] = qInstallMessageHandler(_qt_message)


__all__ = ["N_", "install", "report"]
