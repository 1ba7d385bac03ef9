"""Keep the gettext catalogs with Babel: extract, update, compile (and check).

    python tools/i18n.py extract   # source -> translations/shebao.pot
    python tools/i18n.py update    # .pot -> translations/zh_CN/LC_MESSAGES/shebao.po (merge)
    python tools/i18n.py compile   # .po -> .mo (committed, so an install needs no build step)
    python tools/i18n.py all       # the three in order

Catalogs are written without source locations and sorted by message, so that two
branches adding strings rarely touch the same lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "shebao.pot"
LOCALES = ["zh_CN"]
KEYWORDS = ["N_", "tr", "bi", "_"]


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def extract() -> None:
    kw = []
    for k in KEYWORDS:
        kw += ["-k", k]
    pybabel("extract", "-F", "babel.cfg", "--no-location", "--sort-output", "--omit-header",
            "--no-wrap", *kw, "-o", str(POT), "forms", "desktop")


def update() -> None:
    for loc in LOCALES:
        po = ROOT / "translations" / loc / "LC_MESSAGES" / "shebao.po"
        if po.exists():
            # No --no-location (pybabel update has no such option: the .pot has no locations)
            # and no --omit-header (it would drop the catalog header and its charset).
            pybabel("update", "-i", str(POT), "-d", "translations", "-l", loc, "-D", "shebao",
                    "--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching")
        else:
            pybabel("init", "-i", str(POT), "-d", "translations", "-l", loc, "-D", "shebao", "--no-wrap")


def compile_() -> None:
    pybabel("compile", "-d", "translations", "-D", "shebao", "--statistics")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    steps = {"extract": [extract], "update": [update], "compile": [compile_],
             "all": [extract, update, compile_]}[what]
    for step in steps:
        step()
