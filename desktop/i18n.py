"""The app's language: gettext catalogs via forms.common.i18n for our strings, Qt's qtbase
translations for Qt's own dialogs, and runtime switching that retranslates every bound
text without touching the user's work.

    from desktop.i18n import N_, _, bind
    bind(label, "setText", N_("Surname"))   # set now, and again after each switch
    _("Saved at {time}", time=...)           # a one-off translation in the current language
"""

from __future__ import annotations

import os
import weakref

from forms.common.i18n import LANGS, N_, bi, format_date, pick, tr  # noqa: F401  (re-exported)

_state = {"lang": "en", "qt_translator": None}
_bound: list = []  # (weakref to widget, setter name, message, params)
_listeners: list = []  # (weakref to owner, method name) called after a switch


def lang() -> str:
    return _state["lang"]


def _(message: str, **params) -> str:
    """`message` in the current UI language."""
    return tr(message, _state["lang"], **params)


def text(value) -> str:
    """A bilingual dict from the engine, in the current UI language."""
    return pick(value, _state["lang"])


def system_language() -> str:
    """zh or en: SHEBAO_LANG, else the system locale (Chinese for any zh locale)."""
    env = os.environ.get("SHEBAO_LANG", "")
    if env in LANGS:
        return env
    from PySide6.QtCore import QLocale

    # by the locale's name ("zh_CN", "zh_TW"): the QLocale.Language enum has some 350
    # members, and making it costs about 3 ms of start-up
    return "zh" if QLocale.system().name().startswith("zh") else "en"


def qt_locale(code: str | None = None):
    from PySide6.QtCore import QLocale

    return QLocale("zh_CN") if (code or lang()) == "zh" else QLocale("en_GB")


def bind(widget, setter: str, message: str, **params) -> None:
    """Call widget.<setter>(translated message) now and after every language switch.
    Params may be callables, evaluated at each switch (for counts that change)."""
    _bound.append((weakref.ref(widget), setter, message, params))
    _apply(widget, setter, message, params)


def _apply(widget, setter, message, params) -> None:
    if isinstance(message, dict):  # the engine's own bilingual text
        getattr(widget, setter)(text(message))
        return
    values = {k: (v() if callable(v) else v) for k, v in params.items()}
    getattr(widget, setter)(_(message, **values))


def on_change(owner, method: str) -> None:
    """Call owner.<method>() after each switch, for as long as the owner lives (pages
    that render engine texts re-render them)."""
    _listeners.append((weakref.ref(owner), method))


def set_language(code: str) -> None:
    """Switch the UI language now: catalogs, Qt's own dialogs, locale, bound texts."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    if code not in LANGS:
        code = "en"
    _state["lang"] = code
    QLocale.setDefault(qt_locale(code))
    app = QCoreApplication.instance()
    old = _state["qt_translator"]
    if old is not None and app is not None:
        app.removeTranslator(old)
        _state["qt_translator"] = None
    if code == "zh" and app is not None:
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _state["qt_translator"] = translator
    alive = []
    for ref, setter, message, params in _bound:
        widget = ref()
        if widget is None or not _valid(widget):
            continue
        _apply(widget, setter, message, params)
        alive.append((ref, setter, message, params))
    _bound[:] = alive
    live = []
    for ref, method in list(_listeners):
        owner = ref()
        if owner is None or not _valid(owner):
            continue
        live.append((ref, method))
        getattr(owner, method)()
    _listeners[:] = live


def _valid(widget) -> bool:
    try:
        from shiboken6 import isValid
    except ImportError:  # pragma: no cover
        return True
    return isValid(widget)


def qt_translator_loaded() -> bool:
    return _state["qt_translator"] is not None
