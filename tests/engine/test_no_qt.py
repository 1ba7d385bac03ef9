"""The engine must not import Qt: checked in the source and at run time."""

import ast
import subprocess
import sys
from pathlib import Path

import forms

QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "PySide2")


def test_no_qt_import_in_engine_source():
    offenders = []
    for path in Path(forms.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in QT]
    assert offenders == []


def test_importing_every_engine_module_loads_no_qt():
    code = (
        "import pkgutil, importlib, sys, forms\n"
        "for m in pkgutil.walk_packages(forms.__path__, 'forms.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT!r}]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
