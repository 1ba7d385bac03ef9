"""Help → About (issue 12, item 12): version, data folder, rule data coverage and last
review, and the licences of what is inside, in the UI language."""

from __future__ import annotations

import re
import tomllib

from PySide6.QtWidgets import QApplication

from .conftest import ROOT


def test_about_shows_version_data_folder_coverage_and_licences(window, qtbot, data_dir):
    window.about()
    dialog = window.dialog
    qtbot.waitExposed(dialog)
    text = dialog.summary.text()
    from forms import __version__
    assert __version__ in text and str(data_dir) in text
    assert "covers 23 December 2024 to 31 December 2027" in text and "last reviewed 29 November 2026" in text
    rows = {dialog.table.topLevelItem(i).text(0): dialog.table.topLevelItem(i) for i in range(dialog.table.topLevelItemCount())}
    assert rows["WenQuanYi Micro Hei 0.2.0-beta"].text(2) == "Apache-2.0"
    assert rows["pypdf"].text(2) == "BSD-3-Clause" and re.match(r"\d+\.", rows["pypdf"].text(1))
    assert "LGPL" in rows["PySide6-Essentials"].text(2)
    assert all(rows[name].text(2) not in ("", "?") for name in rows), {n: r.text(2) for n, r in rows.items()}
    dialog.close()

    window.set_language("zh")
    window.about()
    zh = window.dialog.summary.text()
    assert "2024年12月23日" in zh and "数据文件夹" in zh
    assert window.dialog.table.topLevelItem(0).text(3) == "表格与提交包的字体"
    window.dialog.close()
    QApplication.processEvents()


def test_every_dependency_is_listed_in_about():
    with open(ROOT / "pyproject.toml", "rb") as fh:
        deps = tomllib.load(fh)["project"]["dependencies"]
    names = {re.split(r"[<>=!~; \[]", d, maxsplit=1)[0].lower() for d in deps}
    with open(ROOT / "resources" / "data" / "components.toml", "rb") as fh:
        listed = {row["package"].lower() for row in tomllib.load(fh)["library"]}
    assert names - listed == set()
