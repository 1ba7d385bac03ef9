"""Where the shipped data lives: installed package, source checkout or frozen bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _locate(package: str, folder: str) -> Path:
    if getattr(sys, "frozen", False):  # PyInstaller bundle: data beside the code
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / folder
    try:
        module = __import__(package)
        return Path(next(iter(module.__path__)))
    except ImportError:  # a checkout used without installing
        return _CHECKOUT / folder


@cache
def resources_dir() -> Path:
    return _locate("shebao_resources", "resources")


@cache
def translations_dir() -> Path:
    return _locate("shebao_translations", "translations")


@cache
def examples_dir() -> Path:
    """The example cases and their synthetic scans (the self-test packs one)."""
    return _locate("shebao_examples", "examples")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
