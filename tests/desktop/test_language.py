"""Chinese and English, switched at runtime without losing work; every string of the app's
own in the catalog and translated; Qt's own dialogs in Chinese too."""

from __future__ import annotations

import ast
import re

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit

from .conftest import ROOT
from .drive import click, fill, new_case_button, page

PO = ROOT / "translations" / "zh_CN" / "LC_MESSAGES" / "shebao.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"N_": None, "tr": None, "bi": None, "_": None, "trn": (1, 2), "bi_n": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def catalog():
    with open(PO, "rb") as fh:
        return read_po(fh)


def source_messages() -> set[str]:
    out = set()
    for folder in ("forms", "desktop"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            out.add(message if isinstance(message, str) else message[0])
    return out


def test_every_marked_string_is_in_the_catalog_and_translated():
    cat = catalog()
    msgs = source_messages()
    missing = sorted(m for m in msgs if m not in cat)
    assert not missing, f"not in the catalog (run python tools/i18n.py all): {missing[:10]}"
    def forms(value):  # plural entries hold (singular, plural) ids and one string per form
        return list(value) if isinstance(value, (list, tuple)) else [value]

    untranslated = sorted(str(m.id) for m in cat if m.id and (not all(forms(m.string)) or m.fuzzy))
    assert not untranslated, f"untranslated in zh_CN: {untranslated[:10]}"
    for m in cat:
        if m.id:
            source = forms(m.id)[-1]
            for string in forms(m.string):
                assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(string)), m.id
                assert source.count("&") == string.count("&"), f"mnemonic lost: {m.id!r}"
    with open(MO, "rb") as fh:
        compiled = {tuple(forms(m.id)): tuple(forms(m.string)) for m in read_mo(fh) if m.id}
    assert compiled == {tuple(forms(m.id)): tuple(forms(m.string)) for m in cat if m.id}, \
        "the .mo is stale: python tools/i18n.py compile"


SETTERS = {"setText", "setTitle", "setToolTip", "setPlaceholderText", "setWindowTitle", "addItem", "showMessage",
           "setStatusTip", "setAccessibleDescription"}
ALLOWED = {"Shebao Desk", "…", "", " "}


def test_no_user_visible_literal_bypasses_the_catalog():
    """A string literal handed straight to a Qt text setter would never be translated."""
    offenders = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SETTERS:
                for arg in node.args[:1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in ALLOWED:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {arg.value!r}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("QLabel", "QPushButton", "QGroupBox", "QCheckBox", "QRadioButton")):
                for arg in node.args[:1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in ALLOWED:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {arg.value!r}")
    assert not offenders, offenders


def visible_texts(widget) -> list[str]:
    out = []
    for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton) + widget.findChildren(QGroupBox):
        if not w.isVisibleTo(widget):
            continue
        text = w.title() if isinstance(w, QGroupBox) else w.text()
        out.append(text)
    for w in widget.findChildren(QLineEdit):
        if w.isVisibleTo(widget):
            out.append(w.placeholderText())
    return [t for t in out if t]


def test_switching_language_keeps_the_work_and_translates_everything(window, qtbot):
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    fill(window, "person", "person.surname", "WEBER")
    fill(window, "person", "person.nationality", "Germany")
    fill(window, "person", "person.birth_date", "12/08/1984")
    before = dict(window.session.case)
    window.lang_actions["zh"].trigger()

    person = page(window, "person")
    assert window.editor.current_key() == "person"
    assert person.heading.text() == "个人信息"
    assert person.fields["person.surname"].text() == "WEBER"
    assert person.fields["person.nationality"].currentText() == "德国 (DE)"
    assert person.fields["person.birth_date"].edit.text() == "1984/8/12"
    assert window.session.case == before
    assert window.menus["case"].title() == "案件(&C)"
    # Qt's own dialogs (file dialogs, message boxes) use Qt's Chinese catalog
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"

    english = {m.id for m in catalog() if m.id and m.id != m.string}
    for key in window.editor.visible_keys():
        window.editor.go(key)
        texts = visible_texts(window.editor.pages[key])
        untranslated = [t for t in texts if t in english]
        assert not untranslated, (key, untranslated)
        assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), key
    findings = page(window, "review").tree.topLevelItem(0)
    assert re.search(r"[\u4e00-\u9fff]", findings.child(0).text(0))

    window.lang_actions["en"].trigger()
    assert person.heading.text() == "Person"
    assert person.fields["person.nationality"].currentText() == "Germany (DE)"
    assert window.session.case == before
    assert window.settings.value("language") == "en"
