"""The app, started as `shebao-desk` starts it, on a fresh data directory, offscreen."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    path = tmp_path / "data"
    monkeypatch.setenv("SHEBAO_DATA_DIR", str(path))
    monkeypatch.setenv("SHEBAO_LANG", "en")
    monkeypatch.setenv("SHEBAO_CACHE_DIR", str(tmp_path / "cache"))  # the inspection's, not the user's
    # the app moves temporary files into its store (app.keep_temporary_files_in): undone after
    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)
    monkeypatch.setenv("TMPDIR", os.environ.get("TMPDIR", tempfile.gettempdir()))
    return path


@pytest.fixture
def window(qtbot, data_dir):
    from desktop import i18n
    from desktop.app import build

    _app, win = build([], today=TODAY)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    yield win
    win.close()
    i18n.set_language("en")
