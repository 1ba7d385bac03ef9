"""Help → About: the version, where this PC keeps the data, which dates the rule data
covers and when it was last reviewed, and the licences of the font and libraries inside."""

from __future__ import annotations

import tomllib
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from forms.common.paths import resource

from . import i18n
from .i18n import _


@cache
def components() -> dict:
    with open(resource("data", "components.toml"), "rb") as fh:
        return tomllib.load(fh)


def library_facts(package: str) -> tuple[str, str]:
    """(version, licence) as the installed package states them; "?" where it says nothing."""
    from importlib import metadata

    try:
        meta = metadata.metadata(package)
        version = metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?", "?"
    licence = meta.get("License-Expression") or (meta.get("License") or "").split("\n")[0].strip()
    if not licence or len(licence) > 60:
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
        licence = ", ".join(classifiers) or licence[:60] or "?"
    return version, licence


def facts() -> dict:
    """What the dialog shows, as plain data (the test reads it too)."""
    from forms import __version__
    from forms.common.files import data_dir
    from forms.law.ruleset import coverage, load_rules

    rules = load_rules()
    start, end = coverage(rules)
    return {
        "version": __version__,
        "data_dir": str(data_dir()),
        "covers": (start, end),
        "reviewed": rules["ruleset"].get("reviewed"),
        "font": components()["font"],
        "libraries": [(row["package"], *library_facts(row["package"]), row["use"])
                      for row in components()["library"]],
    }


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        f = facts()
        self.setWindowTitle(_("About Shebao Desk"))
        lay = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        start, end = f["covers"]
        lines = [
            _("Shebao Desk {version}: social insurance paperwork for foreign nationals employed in Shenzhen. "
              "Works offline; your data stays on this PC.", version=f["version"]),
            _("Data folder: {folder}", folder=f["data_dir"]),
            _("Rule data: covers {start} to {end}; last reviewed {reviewed}.", start=start, end=end,
              reviewed=f["reviewed"] or "?"),
        ]
        self.summary.setText("\n\n".join(lines))
        lay.addWidget(self.summary)
        heading = QLabel(_("Inside Shebao Desk, with their licences:"), self)
        lay.addWidget(heading)
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([_("Component"), _("Version"), _("Licence"), _("Used for")])
        for font in f["font"]:
            self.table.addTopLevelItem(QTreeWidgetItem([font["name"], "", font["licence"], i18n.text(font["use"])]))
        for package, version, licence, use in f["libraries"]:
            self.table.addTopLevelItem(QTreeWidgetItem([package, version, licence, i18n.text(use)]))
        for col in range(4):
            self.table.resizeColumnToContents(col)
        heading.setBuddy(self.table)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(760, 520)
