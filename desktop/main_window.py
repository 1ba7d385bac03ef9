"""The main window: the case list, or one open case in its guided steps; the menus and
shortcuts; new, open, duplicate, delete (undoable), import and export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMainWindow, QPushButton, QStackedWidget, QWidget

from forms.common import logs
from forms.store import CaseStore, StoreError
from forms.store.conflicts import SaveConflict

from . import i18n
from .case_list import CaseListPage
from .i18n import N_, _

log = logs.get("window")
UNDO_SECONDS = 15
FIRST_ROWS = 300  # a big list shows these (soonest deadlines) at once, and reads the rest off the UI thread
SHEBAO_FILTER = N_("Shebao Desk case (*.shebao)")
JSON_FILTER = N_("Case file, as the command line reads it (*.json)")
OPEN_FILTER = N_("Cases (*.shebao *.json)")


class UndoToast(QWidget):
    """“Case deleted. Undo” in the status bar, for a while (Ctrl+Z works meanwhile)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.button = QPushButton(self)
        i18n.bind(self.button, "setText", N_("&Undo"))
        lay.addWidget(self.label)
        lay.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        self.hide()

    def show_for(self, text: str) -> None:
        self.label.setText(text)
        self.show()
        self.timer.start(UNDO_SECONDS * 1000)


class MainWindow(QMainWindow):
    def __init__(self, store: CaseStore, settings, today: dt.date | None = None):
        super().__init__()
        self.store = store
        self.settings = settings
        self.today = today or dt.date.today()
        self._runner = None
        self.closed = False
        self.session = None
        self.editor = None
        self.deleted: list[tuple[str, str]] = []  # (id, name) that Undo restores, last first
        self.kiosk = None  # the service-center session (forms.store.kiosk), set by app.build
        self.log_path = None
        self.setWindowTitle("Shebao Desk")
        self.stack = QStackedWidget(self)
        self.case_list = CaseListPage(self, self.today, parent=self.stack)  # reparenting a page costs ~2 ms
        self.stack.addWidget(self.case_list)
        self.setCentralWidget(self.stack)
        self.toast = UndoToast(self)
        self.statusBar().addPermanentWidget(self.toast)
        self.toast.button.clicked.connect(self.undo_delete)
        self.build_actions()
        b = self.case_list.buttons
        b["new_registration"].clicked.connect(lambda: self.new_case("registration"))
        b["new_departure"].clicked.connect(lambda: self.new_case("departure"))
        b["open"].clicked.connect(self.open_selected)
        b["duplicate"].clicked.connect(self.duplicate_selected)
        b["delete"].clicked.connect(self.delete_selected)
        b["import"].clicked.connect(self.import_case)
        b["export"].clicked.connect(lambda: self.export_case(self.case_list.selected_id()))
        self.case_list.open_case.connect(self.open_case)
        self.case_list.empty.new_case.connect(self.new_case)
        self.case_list.empty.open_example.connect(self.open_example)
        self.case_list.empty.import_file.connect(self.import_case)
        self.case_list.empty.languages.chosen.connect(self.set_language)
        self.case_list.selection_changed.connect(self.update_actions)
        rows = store.rows(first=FIRST_ROWS)
        self.case_list.model.set_rows(rows)
        self.loading = None  # the task reading the rest of a big list
        self._refresh_pending = False
        if len(rows) == FIRST_ROWS:
            self.load_all_rows()
        self.case_list.update_empty()
        self.dialog = None  # the open file dialog or message box (tests find it here too)
        self.seen_version = store.data_version()  # the store as this window last listed it
        self.update_actions()
        i18n.on_change(self, "retranslate")
        QApplication.instance().applicationStateChanged.connect(self.application_state_changed)

    @property
    def runner(self):
        """The background task runner, made on first use (not needed to show the list)."""
        if self._runner is None:
            from .tasks import TaskRunner
            self._runner = TaskRunner(self)
        return self._runner

    # --- actions and menus -----------------------------------------------------------

    def action(self, menu, text: str, slot, shortcuts=()) -> QAction:
        act = QAction(self)
        i18n.bind(act, "setText", text)
        if shortcuts:
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def build_actions(self) -> None:
        bar = self.menuBar()
        self.menus = {}

        def menu(key, text):
            m = bar.addMenu("")
            i18n.bind(m, "setTitle", text)
            self.menus[key] = m
            return m

        m = menu("case", N_("&Case"))
        self.act_new_reg = self.action(m, N_("New &registration"), lambda: self.new_case("registration"), ["Ctrl+N"])
        self.act_new_dep = self.action(m, N_("New &departure"), lambda: self.new_case("departure"), ["Ctrl+Shift+N"])
        self.act_new_scan = self.action(m, N_("New from &passport scan…"), self.new_from_scan)
        self.act_open = self.action(m, N_("&Open"), self.open_selected, ["Ctrl+O"])
        self.act_duplicate = self.action(m, N_("D&uplicate"), self.duplicate_selected, ["Ctrl+D"])
        self.act_delete = self.action(m, N_("De&lete"), self.delete_selected, ["Del"])
        self.act_remove = self.action(m, N_("Remove this &person's data…"), self.remove_person_data)
        m.addSeparator()
        self.act_import = self.action(m, N_("&Import…"), self.import_case, ["Ctrl+I"])
        self.act_roster = self.action(m, N_("Import a r&oster (CSV, Excel)…"), self.import_roster)
        self.act_export = self.action(m, N_("E&xport…"), lambda: self.export_case(self.current_id()), ["Ctrl+E"])
        m.addSeparator()
        self.act_remind = self.action(m, N_("Save this case's &reminders (.ics)…"),
                                      lambda: self._reminders(self.current_id()))
        self.act_remind_all = self.action(m, N_("Save reminders for &all cases (.ics)…"), lambda: self._reminders(None))
        self.act_batch_packs = self.action(m, N_("Save &packs for the selected cases…"), lambda: self._batch("pack"))
        self.act_batch_forms = self.action(m, N_("Save &forms for the selected cases…"), lambda: self._batch("forms"))
        m.addSeparator()
        self.act_save = self.action(m, N_("&Save now"), self.save_now, ["Ctrl+S"])
        self.act_close = self.action(m, N_("Case &list"), self.close_case, ["Ctrl+W", "Ctrl+L"])
        self.act_quit = self.action(m, N_("&Quit"), self.close, ["Ctrl+Q"])

        m = menu("edit", N_("&Edit"))
        self.act_undo = self.action(m, N_("&Undo delete"), self.undo_delete, ["Ctrl+Z"])
        self.act_find = self.action(m, N_("&Find case"), self.focus_search, ["Ctrl+F"])

        m = menu("go", N_("&Go"))
        self.act_prev = self.action(m, N_("&Previous step"), lambda: self.editor and self.editor.previous(),
                                    ["Ctrl+PgUp", "Alt+Left"])
        self.act_next = self.action(m, N_("&Next step"), lambda: self.editor and self.editor.next(),
                                    ["Ctrl+PgDown", "Alt+Right"])
        m.addSeparator()
        self.step_actions = []
        for n in range(8):
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            act.triggered.connect(lambda _c=False, n=n: self.editor and self.editor.go_index(n))
            m.addAction(act)
            self.step_actions.append(act)

        m = menu("settings", N_("&Settings"))
        self._settings_menu = None  # its choices are made when first shown or asked for
        self._kiosk_checked = False
        m.aboutToShow.connect(self.settings_actions)

        m = menu("help", N_("&Help"))
        self.action(m, N_("&About Shebao Desk"), self.about)

    def settings_actions(self) -> dict:
        """The Settings menu's choices, made on first use (not needed for the first window):
        {"language": {code: action}, "appearance": {mode: action}, "kiosk": action}."""
        if self._settings_menu is None:
            from . import theme

            m = self.menus["settings"]
            # each language in its own language: plain texts, not catalog messages
            lang = self.choice_menu(m, N_("&Language"), [("zh", "中文 (&Z)"), ("en", "English (&E)")],
                                    self.set_language, translate=False)
            lang[i18n.lang()].setChecked(True)
            look = self.choice_menu(m, N_("&Appearance"), [
                ("system", N_("As the &system")), ("light", N_("&Light")), ("dark", N_("&Dark"))], self.set_appearance)
            look[theme.mode()].setChecked(True)
            m.addSeparator()
            kiosk = self.action(m, N_("Service-center &mode (keep nothing after closing)"), self.toggle_kiosk)
            kiosk.setCheckable(True)
            kiosk.setChecked(self._kiosk_checked)
            self._settings_menu = {"language": lang, "appearance": look, "kiosk": kiosk}
        return self._settings_menu

    @property
    def lang_actions(self) -> dict:
        return self.settings_actions()["language"]

    @property
    def look_actions(self) -> dict:
        return self.settings_actions()["appearance"]

    @property
    def act_kiosk(self):
        return self.settings_actions()["kiosk"]

    def choice_menu(self, parent, title: str, choices, slot, translate: bool = True) -> dict:
        """A submenu of exclusive, checkable choices (key, text); slot(key) on a choice."""
        from PySide6.QtGui import QActionGroup

        sub = parent.addMenu("")
        i18n.bind(sub, "setTitle", title)
        group = QActionGroup(self)
        actions = {}
        for key, text in choices:
            act = QAction(self)
            if translate:
                i18n.bind(act, "setText", text)
            else:
                act.setText(text)
            act.setCheckable(True)  # not as a keyword: that makes PySide build QIcon's 150-member enum
            act.setData(key)
            act.triggered.connect(lambda _c=False, key=key: slot(key))
            group.addAction(act)
            sub.addAction(act)
            actions[key] = act
        return actions

    def set_appearance(self, mode: str) -> None:
        from PySide6.QtWidgets import QApplication

        from . import theme

        theme.apply(QApplication.instance(), mode)
        self.look_actions[theme.mode()].setChecked(True)
        self.settings.setValue(theme.SETTING, theme.mode())

    def update_actions(self, *args) -> None:
        in_list = self.stack.currentWidget() is self.case_list
        has_selection = in_list and self.case_list.selected_id() is not None
        for act in (self.act_open, self.act_duplicate, self.act_delete):
            act.setEnabled(has_selection)
        self.act_remove.setEnabled(has_selection or not in_list)
        self.act_export.setEnabled(has_selection or not in_list)
        self.act_remind.setEnabled(has_selection or not in_list)
        for act in (self.act_batch_packs, self.act_batch_forms):
            act.setEnabled(has_selection)
        self.act_close.setEnabled(not in_list)
        self.act_save.setEnabled(not in_list)
        for act in [self.act_prev, self.act_next, *self.step_actions]:
            act.setEnabled(not in_list)
        self.act_undo.setEnabled(bool(self.deleted))
        for name, enabled in (("open", has_selection), ("duplicate", has_selection), ("delete", has_selection),
                              ("export", has_selection)):
            self.case_list.buttons[name].setEnabled(enabled)
        if self.editor is not None:
            visible = self.editor.visible_keys() if self.session else []
            for n, act in enumerate(self.step_actions):
                act.setText(_(self.editor.pages[visible[n]].title) if n < len(visible) else "")
                act.setVisible(n < len(visible))
        else:
            for act in self.step_actions:
                act.setVisible(False)

    def retranslate(self) -> None:
        self.update_actions()
        if self.session is None:
            self.setWindowTitle("Shebao Desk")

    def set_language(self, code: str) -> None:
        if self.session is not None:
            self.session.flush()
        i18n.set_language(code)
        if self._settings_menu is not None:  # else made with the check mark in place
            self.lang_actions[code].setChecked(True)
        self.settings.setValue("language", code)

    def focus_search(self) -> None:
        if self.session is not None:
            self.close_case()
        self.case_list.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.case_list.search.selectAll()

    def notify(self, text: str, error: bool = False) -> None:
        if error:
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Warning, "Shebao Desk", text, QMessageBox.StandardButton.Ok, self)
            self.dialog = box
            box.open()
        else:
            self.statusBar().showMessage(text, 8000)

    def about(self) -> None:
        from .about import AboutDialog

        self.dialog = AboutDialog(self)
        self.dialog.open()

    # --- cases -------------------------------------------------------------------------

    def current_id(self) -> str | None:
        return self.session.id if self.session is not None else self.case_list.selected_id()

    def new_case(self, procedure: str) -> None:
        try:
            case = self.store.create(procedure)
        except StoreError as exc:
            return self.notify(i18n.text(exc.message), error=True)
        log.info("new %s case %s", procedure, case["id"])
        self.refresh_row(case["id"])
        self.open_case(case["id"], fresh=True)

    def new_from_scan(self) -> None:
        """A new registration that starts from a passport scan: the scan is attached as the
        passport, and once it is read the person's fields are offered from its MRZ."""
        from PySide6.QtWidgets import QFileDialog

        from .steps.documents import FILE_FILTER

        dialog = QFileDialog(self, _("New from passport scan"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(_(FILE_FILTER).split(";;"))
        dialog.fileSelected.connect(self.start_from_scan)
        self.dialog = dialog
        dialog.open()

    def start_from_scan(self, path: str) -> None:
        self.new_case("registration")
        if self.editor is None or self.session is None:
            return
        self.editor.go("documents")
        self.editor.pages["documents"].attach_files("reg.passport", [path])

    def open_selected(self) -> None:
        case_id = self.case_list.selected_id()
        if case_id:
            self.open_case(case_id)

    def open_case(self, case_id: str, fresh: bool = False) -> None:
        """Open a case in the editor; `fresh`: just made here (validation stays calm)."""
        from .case_editor import CaseEditor
        from .session import CaseSession

        if self.session is not None and not self.close_case():
            return  # its edits are not saved: it stays open
        try:
            case = self.store.load(case_id)
        except StoreError as exc:
            log.warning("cannot open case %s: %s", case_id, exc)
            return self.notify(i18n.text(exc.message), error=True)
        logs.remember_case(case)  # its personal values never reach the log
        log.info("open case %s", case_id)
        if self.editor is None:
            self.editor = CaseEditor(self, self.runner, self.today)
            self.stack.addWidget(self.editor)
        self.session = CaseSession(self.store, case, self.today, self)
        self.session.calm = fresh
        self._told_failure = False
        self.session.saved.connect(lambda cid=case_id: self.refresh_row(cid))
        self.session.saved.connect(self.saved_again)
        self.session.save_failed.connect(self.save_failed)
        self.session.conflict.connect(self.ask_save_conflict)
        self.session.removed.connect(self.case_removed_elsewhere)
        self.session.summary_changed.connect(lambda cid=case_id: self.refresh_row(cid))
        self.stack.setCurrentWidget(self.editor)
        self.editor.open(self.session, self.settings.value(f"step/{case_id}"))
        self.update_actions()

    def close_case(self, force: bool = False) -> bool:
        """Back to the list, once the case is saved (force: without the unsaved edits)."""
        if self.session is None:
            return True
        session = self.session
        if force:
            session.discard()
        elif not session.flush():
            self.tell_unsaved()
            return False
        self.settings.setValue(f"step/{session.id}", self.editor.current_key())
        self.editor.clear()
        self.session = None
        self.refresh_row(session.id)
        self.stack.setCurrentWidget(self.case_list)
        self.setWindowTitle("Shebao Desk")
        self.case_list.select(session.id)
        self.case_list.table.setFocus()
        self.update_actions()
        session.deleteLater()
        return True

    def refresh_row(self, case_id: str) -> None:
        row = self.store.row(case_id)
        if row is None:
            self.case_list.model.remove_id(case_id)
        else:
            self.case_list.model.update_row(row)
        self.case_list.update_empty()

    def duplicate_selected(self) -> None:
        case_id = self.case_list.selected_id()
        if not case_id:
            return
        try:
            copy = self.store.duplicate(case_id)
        except StoreError as exc:
            return self.notify(i18n.text(exc.message), error=True)
        self.refresh_row(copy["id"])
        self.case_list.select(copy["id"])
        self.notify(_("Duplicated: the copy is selected."))
        self.refresh_summaries()  # its status, in the background: not "Checking…" until a restart

    def delete_selected(self) -> None:
        case_id = self.case_list.selected_id()
        if not case_id or self.session is not None:
            return
        row = self.case_list.model.rows[self.case_list.model.row_for(case_id)]
        try:
            self.store.delete(case_id)
        except StoreError as exc:
            return self.notify(i18n.text(exc.message), error=True)
        log.info("delete case %s (undoable)", case_id)
        self.deleted.insert(0, (case_id, row.name))
        self.case_list.model.remove_id(case_id)
        self.case_list.update_empty()
        self.toast.show_for(_("Case “{name}” deleted.", name=row.name or _("(no name yet)")))
        self.update_actions()

    def undo_delete(self) -> None:
        if not self.deleted:
            return
        case_id, name = self.deleted.pop(0)
        try:
            self.store.restore(case_id)
        except StoreError as exc:
            self.toast.hide()
            self.update_actions()
            return self.notify(i18n.text(exc.message), error=True)
        self.refresh_row(case_id)
        self.case_list.select(case_id)
        self.toast.hide()
        self.notify(_("Restored “{name}”.", name=name or _("(no name yet)")))
        self.update_actions()

    # --- remove a person's data for good ----------------------------------------------------

    def remove_person_data(self) -> None:
        """Ask, then delete the case, its attachments and cached results for good."""
        case_id = self.current_id()
        if not case_id:
            return
        from PySide6.QtWidgets import QMessageBox

        row = self.store.row(case_id)
        name = (row.name if row else "") or _("(no name yet)")
        self.ask(QMessageBox.Icon.Warning, _("Remove this person's data"),
                 _("Remove everything about “{name}” from this PC for good: the case, its attached scans and "
                   "what was worked out from them. This cannot be undone. Export the case first if it is "
                   "still needed.", name=name),
                 [(_("&Remove for good"), QMessageBox.ButtonRole.DestructiveRole,
                   lambda: self.remove_for_good(case_id, name))])

    def ask(self, icon, title: str, text: str, choices, default: int | None = None) -> None:
        """A window-modal question with Cancel and the choices [(label, role, action)]: the
        chosen one's action runs; Cancel (or closing the box) runs none. default: the index
        of the default choice (None: Cancel, as for what cannot be undone)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Cancel, self)
        buttons = [(box.addButton(label, role), action) for label, role, action in choices]
        box.setDefaultButton(buttons[default][0] if default is not None else QMessageBox.StandardButton.Cancel)

        def answered(_result):
            clicked = box.clickedButton()
            for button, action in buttons:
                if clicked is button:
                    action()
        box.finished.connect(answered)
        self.dialog = box
        box.open()

    def remove_for_good(self, case_id: str, name: str) -> None:
        if self.session is not None and self.session.id == case_id:
            session = self.session
            session.discard()  # nothing of it is to be written again
            self.editor.clear()
            self.session = None
            self.stack.setCurrentWidget(self.case_list)
            self.setWindowTitle("Shebao Desk")
            session.deleteLater()
        self.settings.remove(f"step/{case_id}")
        self.deleted = [(cid, n) for cid, n in self.deleted if cid != case_id]
        try:
            removed = self.store.remove_for_good(case_id)
        except StoreError as exc:
            log.warning("remove of case %s failed: %s", case_id, exc)
            return self.notify(i18n.text(exc.message), error=True)
        log.info("removed case %s for good: %d attachment files, %d cached results", case_id,
                 removed["attachments"], removed["cache"])
        self.case_list.model.remove_id(case_id)
        self.case_list.update_empty()
        self.toast.hide()
        self.update_actions()
        self.notify(_("Removed “{name}” from this PC: the case and {count} attached files.", name=name,
                      count=removed["attachments"]))

    # --- service-center mode -------------------------------------------------------------------

    def show_kiosk_state(self, setting: bool) -> None:
        """The menu's check mark shows the setting; the status bar says when the mode is on."""
        self._kiosk_checked = bool(setting)
        if self._settings_menu is not None:
            self.act_kiosk.setChecked(self._kiosk_checked)
        if self.kiosk is not None:
            label = QLabel(self)
            i18n.bind(label, "setText", N_("Service-center mode: nothing is kept after closing."))
            self.statusBar().insertPermanentWidget(0, label)
            self.kiosk_label = label
            from .widgets.language_switch import LanguageSwitch

            self.kiosk_languages = LanguageSwitch(self)  # visitors switch without the menu
            self.kiosk_languages.chosen.connect(self.set_language)
            self.statusBar().insertPermanentWidget(1, self.kiosk_languages)

    def toggle_kiosk(self, on: bool) -> None:
        from forms.common.files import HOME_DATA_ENV

        from .settings import machine_dir, set_machine_setting

        try:
            set_machine_setting("kiosk", bool(on))
        except StoreError as exc:
            return self.notify(i18n.text(exc.message), error=True)
        log.info("service-center mode set %s for the next start", "on" if on else "off")
        if on:
            self.notify(_("From the next start, service-center mode keeps cases, scans, settings and logs in a "
                          "temporary folder that is wiped when the app closes."), error=True)
        else:
            import os
            path = os.environ.get(HOME_DATA_ENV) or str(machine_dir())
            self.notify(_("From the next start, cases are kept in {path}.", path=path), error=True)

    # --- import and export ---------------------------------------------------------------

    def export_case(self, case_id: str | None) -> None:
        if not case_id:
            return
        if self.session is not None:
            self.session.flush()
        row = self.store.row(case_id)
        name = "".join(c if c.isalnum() else "-" for c in (row.name if row and row.name else "case")).strip("-")
        from .dialogs import save_file_dialog

        self.dialog = save_file_dialog(self, _("Export the case"), str(Path.home() / f"{name or 'case'}.shebao"),
                                       _(SHEBAO_FILTER), "shebao", lambda path: self._export_to(case_id, path))

    def _export_to(self, case_id: str, path: str) -> None:
        from forms.store.archive import export_case

        try:
            export_case(self.store, case_id, Path(path))
        except StoreError as exc:
            log.warning("export of case %s failed: %s", case_id, exc)
            return self.notify(i18n.text(exc.message), error=True)
        log.info("exported case %s", case_id)
        self.notify(_("Exported to {path}.", path=path))

    def import_case(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        dialog = QFileDialog(self, _("Import a case"), str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_(OPEN_FILTER), _(SHEBAO_FILTER), _(JSON_FILTER), _("All files (*)")])
        dialog.fileSelected.connect(self.import_from)
        self.dialog = dialog
        dialog.open()

    def open_example(self, path: str) -> None:
        self.import_from(path, then=lambda case: self.open_case(case["id"]))

    def import_from(self, path: str, on_conflict: str = "error", then=None) -> None:
        """Import off the UI thread (reading, checking and unpacking a large or hostile
        archive takes seconds); the window says what is wrong with a refused file. A .shebao
        archive, or a case JSON (its attached files found beside it, as `shebao check`
        finds them; imported as a new case). `then(case)` runs once it is imported."""
        root = self.store.root

        def work(path, on_conflict, progress, cancel):
            from forms.store import CaseStore
            from forms.store.archive import import_case
            from forms.store.case_file import open_case_file

            store = CaseStore(root)  # its own connection: sqlite's belongs to its thread
            try:
                if Path(path).suffix.lower() == ".json":
                    return open_case_file(store, Path(path))
                return import_case(store, Path(path), on_conflict)
            finally:
                store.close()

        self.statusBar().showMessage(_("Importing {path}…", path=Path(path).name))
        self.import_task = self.runner.start(work, path, on_conflict, name="import",
                                             on_result=lambda case: self._imported(case, then), on_error=lambda exc: self._import_failed(path, exc))

    def _imported(self, case: dict, then=None) -> None:
        if self.closed:
            return
        logs.remember_case(case)
        log.info("imported case %s", case["id"])
        self.statusBar().clearMessage()
        self.refresh_row(case["id"])
        self.case_list.select(case["id"])
        self.notify(_("Imported “{name}”.", name=case.get("person", {}).get("surname") or case["id"]))
        self.refresh_summaries()
        if then is not None:
            then(case)

    def _import_failed(self, path: str, exc: Exception) -> None:
        from forms.store.archive import ImportConflict

        if self.closed:
            return
        self.statusBar().clearMessage()
        if isinstance(exc, ImportConflict):
            return self.ask_conflict(path, exc)
        if isinstance(exc, StoreError):  # the file's name (a person's name, often) stays out of the log
            log.warning("import refused: %s", str(exc).replace(str(path), "<file>").replace(Path(path).name, "<file>"))
            return self.notify(i18n.text(exc.message), error=True)
        # not a refusal we foresaw: still say which file and what happened, never a traceback
        self.notify(_("{path} could not be imported ({kind}): it is damaged or not a case exported by Shebao Desk. The details are in the log file.",
                      path=Path(path).name, kind=type(exc).__name__), error=True)

    def ask_conflict(self, path: str, exc) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.ask(QMessageBox.Icon.Question, _("Import a case"), i18n.text(exc.message),
                 [(_("Import as a &copy"), QMessageBox.ButtonRole.AcceptRole, lambda: self.import_from(path, "copy")),
                  (_("&Replace the case here"), QMessageBox.ButtonRole.DestructiveRole,
                   lambda: self.import_from(path, "replace"))], default=0)

    def import_roster(self) -> None:
        from .roster_dialog import RosterDialog

        self.dialog = RosterDialog(self)
        self.dialog.open()

    def reload_rows(self, rows=None) -> None:
        """The whole list again, keeping the selection: these rows, or the store's (after a
        roster import changed many cases)."""
        selected = self.case_list.selected_id()
        self.case_list.model.set_rows(self.store.rows() if rows is None else rows)
        if selected:
            self.case_list.select(selected)
        self.case_list.update_empty()

    def _batch(self, kind: str) -> None:
        from .batch import choose_folder

        choose_folder(self, kind)

    def _reminders(self, case_id: str | None) -> None:
        from .reminders import save_reminders

        if self.session is not None:
            self.session.flush()
        save_reminders(self, case_id)

    # --- saving: failures, conflicts, other windows ------------------------------------------

    def session_name(self) -> str:
        from forms.case.model import full_name

        return full_name(self.session.case) or _("(no name yet)") if self.session else ""

    def save_now(self) -> None:
        if self.session is not None and self.session.flush():
            self.notify(_("Saved."))
        elif self.session is not None and self.session.pending is None:
            self.tell_unsaved()

    def tell_unsaved(self) -> None:
        """Say what is not saved, and why (a conflict or a removal asks its own question)."""
        session = self.session
        if session is None or session.pending is not None:
            if session is not None and isinstance(session.pending, SaveConflict):
                self.ask_save_conflict(session.pending)
            elif session is not None:
                self.case_removed_elsewhere()
            return
        reason = i18n.text(session.failure.message) if session.failure else ""
        self.notify(_("{reason} Your latest edits to “{name}” are not saved yet: they are kept in this window and "
                      "saved as soon as it works again, or with Case → Save now.", reason=reason,
                      name=self.session_name()), error=True)

    def save_failed(self, exc) -> None:
        if self.editor is not None:
            self.editor.show_unsaved()
        if not getattr(self, "_told_failure", False):  # once, not at every retry
            self._told_failure = True
            log.warning("save failed (%s), retrying: %s", exc.kind, exc)
            self.tell_unsaved()

    def saved_again(self) -> None:
        if getattr(self, "_told_failure", False):
            self._told_failure = False
            self.notify(_("Saved: the edits to “{name}” are in the case store now.", name=self.session_name()))

    def ask_save_conflict(self, conflict) -> None:
        """Another window or program saved this case first: show both, let the user choose."""
        from .conflict_dialog import ConflictDialog

        if isinstance(self.dialog, ConflictDialog) and self.dialog.isVisible():
            return
        log.info("save conflict on case %s", conflict.case_id)
        box = ConflictDialog(self, self.session.case, conflict.theirs)
        box.finished.connect(lambda _r: self.conflict_answered(box.choice))
        self.dialog = box
        box.open()

    def conflict_answered(self, choice: str | None) -> None:
        session = self.session
        if session is None or session.pending is None:
            return
        if choice == "mine":
            session.keep_mine()
        elif choice == "theirs" and session.pending.theirs is None:  # deleted there
            session.pending = None
            self.close_case(force=True)
        elif choice == "theirs":
            session.take_theirs()
            self.editor.open(session, self.editor.current_key())
            self.refresh_row(session.id)
        elif choice == "copy":
            try:
                copy = session.split_off_copy()
            except StoreError as exc:
                return self.notify(i18n.text(exc.message), error=True)
            log.info("case %s saved as a copy %s after a conflict", session.id, copy["id"])
            self.close_case(force=True)
            self.refresh_row(copy["id"])
            self.open_case(copy["id"])
            self.notify(_("Your version is saved as a new case; the other one is unchanged."))
        # no choice (Esc): saving waits; the next save or closing asks again

    def case_removed_elsewhere(self) -> None:
        if self.session is None:
            return
        name = self.session_name()
        log.info("case %s was removed for good elsewhere: closed unsaved", self.session.id)
        self.session.pending = None
        self.close_case(force=True)
        self.refresh_row(self.current_id() or "")
        self.notify(_("“{name}” was removed for good in another window or program: this window's edits to it are "
                      "not saved, and the case is closed.", name=name), error=True)

    def check_outside_changes(self) -> None:
        """Another window or program changed the store: list it as it is now; reload the
        open case if it changed there and has no unsaved edit here (with one, the next
        save reports the conflict)."""
        try:
            version = self.store.data_version()
        except Exception:  # noqa: BLE001 - a closed store (shutting down)
            return
        if version == self.seen_version:
            return
        self.seen_version = version
        self.case_list.model.set_rows(self.store.rows())
        self.case_list.update_empty()
        session = self.session
        if session is None or session.dirty or session.pending is not None:
            return
        stored = self.store.version(session.id)
        if stored is None:
            if self.store.is_removed(session.id):
                self.case_removed_elsewhere()
            else:  # deleted there (undoable there): leave the case, keep the edits
                self.close_case(force=True)
        elif stored != session.case.get("_version"):
            session.case = self.store.load(session.id)
            session._report = None
            self.editor.open(session, self.editor.current_key())

    def application_state_changed(self, state) -> None:
        """The user comes back to the app from another program (another window of Shebao
        Desk is another program too): what was changed meanwhile is shown. A signal, not
        changeEvent(): the first event dispatched to a Python override costs 1-6 ms at
        start-up (focusWindowChanged would build PySide's QWindow class, ~0.6 ms)."""
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_outside_changes()

    def ask_quit(self) -> None:
        """Quitting with edits that are not saved: say so, and let the user choose."""
        from PySide6.QtWidgets import QMessageBox

        reason = (i18n.text(self.session.failure.message) if self.session and self.session.failure
                  else _("This case was changed in another window or program since it was opened here."))
        def lose():
            log.info("quit without the unsaved edits of case %s", self.session.id if self.session else "-")
            self.close_case(force=True)
            self.close()
        self.ask(QMessageBox.Icon.Warning, "Shebao Desk",
                 _("Your latest edits to “{name}” are not saved. {reason}", name=self.session_name(), reason=reason),
                 [(_("&Try again"), QMessageBox.ButtonRole.AcceptRole, self.close),
                  (_("&Quit without them"), QMessageBox.ButtonRole.DestructiveRole, lose)], default=0)

    # --- cached status summaries -----------------------------------------------------------

    def load_all_rows(self) -> None:
        """Read the whole list in a worker thread (its own connection) and show it in one go,
        keeping the selection; the first rows are on screen meanwhile."""
        from forms.store.cases import read_rows

        def loaded(rows):
            self.loading = None
            if self.closed:
                return
            self.reload_rows(rows)
            if self._refresh_pending:
                self.refresh_summaries()

        self.loading = self.runner.start(lambda path, progress, cancel: read_rows(path), self.store.path,
                                         name="list rows", on_result=loaded)

    def refresh_summaries(self) -> None:
        """Recompute, off the UI thread, the summaries computed for another day or not at
        all (a new day moves deadlines; new rules may change findings): the worker stores
        them and hands them back in batches, each applied to the list with one sort."""
        if self.closed:  # e.g. the start-up timer firing after a quick close
            return
        if self.loading is not None:  # after the whole list is in
            self._refresh_pending = True
            return
        self._refresh_pending = False
        root, today = str(self.store.root), self.today

        def compute(path, progress, cancel, partial):
            from forms.verdict.refresh import refresh_in_process

            return refresh_in_process(path, root, today, on_batch=partial, cancel=cancel,
                                      progress=lambda done, total: progress(done, total, ""))

        def apply(results):
            if not self.closed:  # the window may have gone away while the task ran
                self.case_list.model.update_summaries(results)

        def done(n):
            if n:
                log.info("refreshed %d case summaries", n)

        self.runner.start(compute, self.store.path, name="summaries", on_partial=apply, on_result=done)

    # --- window state ------------------------------------------------------------------------

    def restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            em = self.fontMetrics().horizontalAdvance("M")
            self.resize(em * 90, em * 56)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        header = self.settings.value("list/header")
        if isinstance(header, QByteArray):
            self.case_list.header_state = header  # for the table when it is made
            if self.case_list._table is not None:
                self.case_list.table.horizontalHeader().restoreState(header)
        self.case_list.fit_status_column(keep_wider=True)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if self.case_list._table is not None:  # never made (no case yet): the stored state stays
            self.settings.setValue("list/header", self.case_list.table.horizontalHeader().saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        if self.session is not None and not self.session.flush():
            event.ignore()  # edits that are not saved: ask first
            if self.session.pending is not None:
                self.tell_unsaved()  # the conflict (or removal) is answered first
            else:
                self.ask_quit()
            return
        if self.session is not None:
            self.close_case()
        self.closed = True
        self.save_state()
        if self._runner is not None:
            self._runner.cancel_all()
            self._runner.wait(5000)
        try:
            self.store.purge_deleted()
        except Exception:  # noqa: BLE001 - purging is housekeeping; never block closing
            log.exception("purging deleted cases failed")
        super().closeEvent(event)
