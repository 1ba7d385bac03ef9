"""User settings (language, window geometry, last state) in an owner-only INI file in the
data directory, beside the cases: a portable data dir carries them along."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from forms.store.location import data_dir, private_dir, touch_private


def settings() -> QSettings:
    root = private_dir(data_dir())
    path = touch_private(root / "settings.ini")
    return QSettings(str(path), QSettings.Format.IniFormat)
