"""User settings (language, window geometry, last state) in an owner-only INI file in the
data directory, beside the cases: a portable data dir carries them along.

The service-center switch is a setting of the PC, not of a session: it stays in the normal
data directory's settings file even while a kiosk session runs from a temporary one."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from forms.common.files import data_dir, private_dir, touch_private

FILE = "settings.ini"


def settings() -> QSettings:
    root = private_dir(data_dir())
    path = touch_private(root / FILE)
    return QSettings(str(path), QSettings.Format.IniFormat)


def machine_dir() -> Path:
    from forms.common.files import HOME_DATA_ENV

    return Path(os.environ.get(HOME_DATA_ENV) or data_dir())


def machine_setting(key: str, default=None):
    """Read a setting of the normal data directory, creating nothing if there is none."""
    path = machine_dir() / FILE
    if not path.is_file():
        return default
    value = QSettings(str(path), QSettings.Format.IniFormat).value(key, default)
    if isinstance(default, bool) and isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return value


def set_machine_setting(key: str, value) -> None:
    root = private_dir(machine_dir())
    prefs = QSettings(str(touch_private(root / FILE)), QSettings.Format.IniFormat)
    prefs.setValue(key, value)
    prefs.sync()
