"""Keep the gettext catalogs with Babel: extract, update, compile.

    python tools/i18n.py extract   # source -> translations/shebao.pot
    python tools/i18n.py update    # .pot -> translations/zh_CN/LC_MESSAGES/shebao.po (merge)
    python tools/i18n.py compile   # .po -> .mo (committed, so an install needs no build step)
    python tools/i18n.py all       # the three in order

Catalogs are written without source locations and sorted by message, so that two
branches adding strings rarely touch the same lines. Babel's API is used directly (not
the pybabel command), whose options differ between Babel versions.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "shebao.pot"
LOCALES = ["zh_CN"]
KEYWORDS = {"N_": None, "tr": None, "bi": None, "_": None, "trn": (1, 2), "bi_n": (1, 2)}
FOLDERS = ["forms", "desktop"]
STABLE_DATE = datetime.datetime(2026, 11, 29, tzinfo=datetime.timezone.utc)


def po_path(locale: str) -> Path:
    return ROOT / "translations" / locale / "LC_MESSAGES" / "shebao.po"


def _write(path: Path, catalog: Catalog, **kw) -> None:
    with open(path, "wb") as fh:
        write_po(fh, catalog, no_location=True, sort_output=True, width=0, **kw)


def extract() -> None:
    template = Catalog(project="Shebao Desk", charset="utf-8")
    for folder in FOLDERS:
        for _fn, _line, message, _comments, context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            if message and (isinstance(message, str) or all(message)):  # a tuple: singular, plural
                template.add(message, context=context)
    _write(POT, template, omit_header=True)
    print(f"{len(template)} messages -> {POT.relative_to(ROOT)}")


def update() -> None:
    with open(POT, "rb") as fh:
        template = read_po(fh)
    for locale in LOCALES:
        path = po_path(locale)
        if path.exists():
            with open(path, "rb") as fh:
                catalog = read_po(fh, locale=locale)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=locale, project="Shebao Desk", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        # A header that does not change with every run, so merges do not conflict on it.
        catalog.project, catalog.version = "Shebao Desk", ""
        catalog.creation_date = catalog.revision_date = STABLE_DATE
        catalog.header_comment = "# Chinese (Simplified) catalog of Shebao Desk. Kept with tools/i18n.py."
        catalog.last_translator = catalog.language_team = "Shebao Desk"
        catalog.msgid_bugs_address = ""
        _write(path, catalog)
        untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(untranslated)} untranslated")
        for msgid in untranslated:
            print(f"  {msgid}")


def compile_() -> None:
    for locale in LOCALES:
        path = po_path(locale)
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=locale)
        with open(path.with_suffix(".mo"), "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        print(f"compiled {path.with_suffix('.mo').relative_to(ROOT)}")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    steps = {"extract": [extract], "update": [update], "compile": [compile_],
             "all": [extract, update, compile_]}[what]
    for step in steps:
        step()
