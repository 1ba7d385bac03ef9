"""File dialogs opened the same way everywhere: window-modal and non-blocking (`open()`),
so the event loop, the autosave and the tests go on while the dialog is up."""

from __future__ import annotations


def save_file_dialog(parent, title: str, start: str, name_filter: str, suffix: str, on_selected):
    """A "save as" dialog starting at `start` (a folder or a suggested file path); calls
    on_selected(path) when the user accepts. Returns the dialog (kept by the caller)."""
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, title, start)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(name_filter)
    dialog.setDefaultSuffix(suffix)
    dialog.fileSelected.connect(on_selected)
    dialog.open()
    return dialog
