"""Every string of the app's own is in the Chinese catalog, translated, with the same
placeholders; the compiled .mo matches the .po."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations" / "zh_CN" / "LC_MESSAGES" / "shebao.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"N_": None, "tr": None, "bi": None, "_": None, "trn": (1, 2), "bi_n": (1, 2)}


def source_messages() -> set[str]:
    out = set()
    for folder in ("forms", "desktop"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            if isinstance(message, str) and message:
                out.add(message)
            elif isinstance(message, tuple) and all(message):  # plural forms: the catalog keys by the singular
                out.add(message[0])
    return out


def catalog():
    with open(PO, "rb") as fh:
        return read_po(fh)


def test_every_source_string_is_in_the_catalog():
    cat = catalog()
    missing = sorted(m for m in source_messages() if m not in cat)
    assert missing == [], "run: python tools/i18n.py all, then translate"


def test_every_catalog_entry_is_translated_and_keeps_placeholders():
    untranslated, broken = [], []
    for msg in catalog():
        if not msg.id:
            continue
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        if not all(strings) or "fuzzy" in msg.flags:
            untranslated.append(msg.id)
        elif any(set(re.findall(r"{(\w+)}", ids[-1])) != set(re.findall(r"{(\w+)}", s)) for s in strings):
            broken.append(msg.id)
    assert untranslated == []
    assert broken == []


def test_compiled_catalog_is_up_to_date():
    def plain(value):  # plural forms come back from the .mo as lists
        return tuple(value) if isinstance(value, (list, tuple)) else value

    with open(MO, "rb") as fh:
        compiled = {plain(m.id): plain(m.string) for m in read_mo(fh) if m.id}
    source = {plain(m.id): plain(m.string) for m in catalog() if m.id}
    assert compiled == source, "run: python tools/i18n.py compile"


def test_the_catalog_test_sees_the_strings():
    assert "Ready to submit." in source_messages()
