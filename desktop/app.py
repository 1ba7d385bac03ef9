"""Entry point of the desktop app (`shebao-desk`). Imports only what the first window
needs; the engine's heavier parts load when a case is opened.

    shebao-desk              the app
    shebao-desk --kiosk      service-center mode: a temporary store, wiped on exit
    shebao-desk --self-test  offscreen check of the installation (window, pack), exit 0/1
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

KIOSK_ENV = "SHEBAO_KIOSK"


def parse_args(argv: list[str] | None):
    """Our options, and the rest for Qt (-platform, -style, ...)."""
    parser = argparse.ArgumentParser(prog="shebao-desk", add_help=True)
    parser.add_argument("--kiosk", action="store_true",
                        help="service-center mode: keep everything in a temporary folder, wiped on exit")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window offscreen, build the example pack, check it, exit 0 or 1")
    args, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return args, rest


def kiosk_setting() -> bool:
    """The setting (Settings → Service-center mode), read from the normal settings file
    without creating anything."""
    from .settings import machine_setting

    return bool(machine_setting("kiosk", False))


def kiosk_env() -> bool:
    return os.environ.get(KIOSK_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def start_kiosk():
    """Move every folder the app writes into a fresh temporary one (see forms/store/kiosk.py)."""
    from forms.store import kiosk

    home = kiosk.HOME_DATA_ENV
    if home not in os.environ:  # where the machine's settings (the kiosk switch) stay
        from forms.store import data_dir
        os.environ[home] = str(data_dir())
    session = kiosk.KioskSession()
    os.environ.update(session.environ())
    from PySide6.QtCore import QSettings

    # Qt's own settings (the file dialog's recent folders) go there too
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(session.config))
    return session


def keep_temporary_files_in(store) -> None:
    """Every temporary file of this process (ours, a library's, Qt's) goes into the store's
    own folder (kiosk: the session's), which the next start sweeps if this one is killed:
    nothing with a passport scan in it is left in the system's temporary folder."""
    folder = str(store.temp_dir())
    os.environ["TMPDIR"] = folder  # Python's tempfile (read on first use), Qt, child processes
    if os.name == "nt":
        os.environ["TEMP"] = os.environ["TMP"] = folder
    if "tempfile" in sys.modules:  # already used: it keeps the folder it found then
        sys.modules["tempfile"].tempdir = folder


def build(argv: list[str] | None = None, today: dt.date | None = None, kiosk: bool | None = None):
    """The application and its shown main window (tests and tools start the app here too).
    kiosk: True service-center mode, False not, None as set (flag, environment, setting)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from forms.common import logs
    from forms.store import CaseStore, StoreError

    from . import i18n
    from .settings import settings

    if os.name == "posix":
        os.umask(0o077)  # everything we write is the owner's only
    from .theme import STYLE_ARGS

    args = [] if argv is None else argv
    app = QApplication.instance() or QApplication([sys.argv[0], *STYLE_ARGS, *args])
    app.setApplicationName("Shebao Desk")
    app.setApplicationDisplayName("Shebao Desk")
    app.setDesktopFileName("shebao-desk")
    session = None
    try:
        setting = kiosk_setting()
        if kiosk is None:  # --kiosk, SHEBAO_KIOSK=1, or the setting
            kiosk = kiosk_env() or setting
        if kiosk:
            session = start_kiosk()
        log_path = logs.setup("desk")
        store = CaseStore(tidy=False)  # tidied once the window is up
        keep_temporary_files_in(store)
        prefs = settings()
    except StoreError as exc:
        from PySide6.QtWidgets import QMessageBox  # ~1.3 ms to make PySide's class: only when needed

        i18n.set_language(i18n.system_language())
        QMessageBox.critical(None, "Shebao Desk", i18n.text(exc.message))
        if session is not None:
            session.close()
        raise SystemExit(2) from None
    from . import errors

    errors.install(log_path)
    log = logs.get("app")
    from PySide6 import __version__ as pyside_version

    from forms import __version__
    log.info("start: Shebao Desk %s, PySide6 %s, %s, platform %s, service-center mode %s", __version__,
             pyside_version, sys.platform, app.platformName(), "on" if session else "off")
    if session is not None and session.swept:
        log.info("service-center mode: removed %d folder(s) left by an earlier session", len(session.swept))
    i18n.set_language(prefs.value("language") or i18n.system_language())
    from . import theme
    theme.apply(app, prefs.value(theme.SETTING))
    from .fonts import ensure_cjk_font
    ensure_cjk_font()
    from .icon import app_icon
    app.setWindowIcon(app_icon())
    from .main_window import MainWindow

    window = MainWindow(store, prefs, today)
    window.kiosk = session
    window.log_path = log_path
    window.show_kiosk_state(setting)
    window.restore_state()
    if session is not None:  # a service-center PC: the whole screen, for visitors
        window.showFullScreen()
    else:
        window.show()
    QTimer.singleShot(300, window, window.refresh_summaries)  # after the window is up and idle
    QTimer.singleShot(300, window, store.tidy)  # what ended processes left: housekeeping, not in the way
    app.aboutToQuit.connect(lambda: window.session and window.session.flush())
    return app, window


def shutdown(window) -> None:
    """After the event loop: close the store and the log, and wipe a kiosk session."""
    from forms.common import logs

    if window.isVisible():  # an early exit (a failed self-test): close as Quit does
        window.close()
    window.settings.sync()  # now: nothing is left to be written after a wipe
    logs.get("app").info("exit")
    try:
        if not window.store.tidied:  # quit before the window was up for long
            window.store.tidy()
        window.store.close()
    except Exception:  # noqa: BLE001 - closing twice, or a store already gone
        pass
    logs.close()
    if getattr(window, "kiosk", None) is not None:
        window.kiosk.close()


def _quit_on_signals(app) -> None:
    """SIGTERM/SIGINT/SIGHUP close the app as the Quit menu does (so a kiosk session is
    wiped); the timer lets Python see the signal while Qt's loop runs."""
    import signal

    from PySide6.QtCore import QTimer

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_: app.closeAllWindows() or app.quit())
    timer = QTimer(app)
    timer.start(250)
    timer.timeout.connect(lambda: None)


def run(app, window) -> int:
    _quit_on_signals(app)
    try:
        return app.exec()
    finally:
        shutdown(window)


def main(argv: list[str] | None = None) -> int:
    args, rest = parse_args(argv)
    if args.self_test:
        from .selftest import run as self_test

        return self_test(build, shutdown)
    app, window = build(rest, kiosk=True if args.kiosk else None)
    return run(app, window)


if __name__ == "__main__":
    sys.exit(main())
