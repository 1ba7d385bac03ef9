"""The main window: the case list, or one open case in its guided steps; the menus and
shortcuts; new, open, duplicate, delete (undoable), import and export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QStackedWidget, QWidget

from forms import logs
from forms.store import CaseStore, StoreError

from . import i18n
from .case_list import CaseListPage
from .i18n import N_, _

log = logs.get("window")
UNDO_SECONDS = 15
SHEBAO_FILTER = N_("Shebao Desk case (*.shebao)")


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
        self.case_list = CaseListPage(self, self.today)
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
        self.case_list.table.selectionModel().selectionChanged.connect(self.update_actions)
        self.case_list.model.set_rows(store.rows())
        self.case_list.update_empty()
        self.dialog = None  # the open file dialog or message box (tests find it here too)
        self.update_actions()
        i18n.on_change(self, "retranslate")

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
        self.act_export = self.action(m, N_("E&xport…"), lambda: self.export_case(self.current_id()), ["Ctrl+E"])
        m.addSeparator()
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
        lang_menu = m.addMenu("")
        i18n.bind(lang_menu, "setTitle", N_("&Language"))
        group = QActionGroup(self)
        self.lang_actions = {}
        for code, label in (("zh", "中文 (&Z)"), ("en", "English (&E)")):  # each in its own language
            act = QAction(label, self)
            act.setCheckable(True)  # not as a keyword: that makes PySide build QIcon's 150-member enum
            act.setData(code)
            act.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            group.addAction(act)
            lang_menu.addAction(act)
            self.lang_actions[code] = act
        self.lang_actions[i18n.lang()].setChecked(True)
        m.addSeparator()
        self.act_kiosk = self.action(m, N_("Service-center &mode (keep nothing after closing)"), self.toggle_kiosk)
        self.act_kiosk.setCheckable(True)

        m = menu("help", N_("&Help"))
        self.action(m, N_("&About Shebao Desk"), self.about)

    def update_actions(self, *args) -> None:
        in_list = self.stack.currentWidget() is self.case_list
        has_selection = in_list and self.case_list.selected_id() is not None
        for act in (self.act_open, self.act_duplicate, self.act_delete):
            act.setEnabled(has_selection)
        self.act_remove.setEnabled(has_selection or not in_list)
        self.act_export.setEnabled(has_selection or not in_list)
        self.act_close.setEnabled(not in_list)
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
        from forms import __version__
        self.notify(_("Shebao Desk {version}: social insurance paperwork for foreign nationals in Shenzhen. Works offline; your data stays on this PC.",
                      version=__version__), error=False)

    # --- cases -------------------------------------------------------------------------

    def current_id(self) -> str | None:
        return self.session.id if self.session is not None else self.case_list.selected_id()

    def new_case(self, procedure: str) -> None:
        case = self.store.create(procedure)
        log.info("new %s case %s", procedure, case["id"])
        self.refresh_row(case["id"])
        self.open_case(case["id"])

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

    def open_case(self, case_id: str) -> None:
        from .case_editor import CaseEditor
        from .session import CaseSession

        if self.session is not None:
            self.close_case()
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
        self.session.saved.connect(lambda cid=case_id: self.refresh_row(cid))
        self.session.summary_changed.connect(lambda cid=case_id: self.refresh_row(cid))
        self.stack.setCurrentWidget(self.editor)
        self.editor.open(self.session, self.settings.value(f"step/{case_id}"))
        self.update_actions()

    def close_case(self) -> None:
        if self.session is None:
            return
        session = self.session
        session.flush()
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

    def refresh_row(self, case_id: str) -> None:
        row = next((r for r in self.store.rows() if r.id == case_id), None)
        if row is None:
            self.case_list.model.remove_id(case_id)
        else:
            self.case_list.model.update_row(row)
        self.case_list.update_empty()

    def duplicate_selected(self) -> None:
        case_id = self.case_list.selected_id()
        if not case_id:
            return
        copy = self.store.duplicate(case_id)
        self.refresh_row(copy["id"])
        self.case_list.select(copy["id"])
        self.notify(_("Duplicated: the copy is selected."))

    def delete_selected(self) -> None:
        case_id = self.case_list.selected_id()
        if not case_id or self.session is not None:
            return
        row = self.case_list.model.rows[self.case_list.model.row_for(case_id)]
        self.store.delete(case_id)
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
        self.store.restore(case_id)
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

        row = next((r for r in self.store.rows() if r.id == case_id), None)
        name = (row.name if row else "") or _("(no name yet)")
        box = QMessageBox(QMessageBox.Icon.Warning, _("Remove this person's data"),
                          _("Remove everything about “{name}” from this PC for good: the case, its attached scans and "
                            "what was worked out from them. This cannot be undone. Export the case first if it is "
                            "still needed.", name=name),
                          QMessageBox.StandardButton.Cancel, self)
        remove = box.addButton(_("&Remove for good"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: box.clickedButton() is remove and self.remove_for_good(case_id, name))
        self.dialog = box
        box.open()

    def remove_for_good(self, case_id: str, name: str) -> None:
        if self.session is not None and self.session.id == case_id:
            session = self.session
            session.dirty = False  # nothing of it is to be written again
            session._timer.stop()
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
        self.act_kiosk.setChecked(bool(setting))
        if self.kiosk is not None:
            label = QLabel(self)
            i18n.bind(label, "setText", N_("Service-center mode: nothing is kept after closing."))
            self.statusBar().insertPermanentWidget(0, label)
            self.kiosk_label = label

    def toggle_kiosk(self, on: bool) -> None:
        from forms.store.location import HOME_DATA_ENV

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
        row = next((r for r in self.store.rows() if r.id == case_id), None)
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
        dialog.setNameFilters([_(SHEBAO_FILTER), _("All files (*)")])
        dialog.fileSelected.connect(self.import_from)
        self.dialog = dialog
        dialog.open()

    def import_from(self, path: str, on_conflict: str = "error") -> None:
        from forms.store.archive import ImportConflict, import_case

        try:
            case = import_case(self.store, Path(path), on_conflict)
        except ImportConflict as exc:
            return self.ask_conflict(path, exc)
        except StoreError as exc:
            log.warning("import refused: %s", exc)
            return self.notify(i18n.text(exc.message), error=True)
        logs.remember_case(case)
        log.info("imported case %s (%s)", case["id"], on_conflict)
        self.refresh_row(case["id"])
        self.case_list.select(case["id"])
        self.notify(_("Imported “{name}”.", name=case.get("person", {}).get("surname") or case["id"]))
        self.refresh_summaries()

    def ask_conflict(self, path: str, exc) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, _("Import a case"), i18n.text(exc.message),
                          QMessageBox.StandardButton.Cancel, self)
        copy = box.addButton(_("Import as a &copy"), QMessageBox.ButtonRole.AcceptRole)
        replace = box.addButton(_("&Replace the case here"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(copy)

        def answered(_result):
            clicked = box.clickedButton()
            if clicked is copy:
                self.import_from(path, "copy")
            elif clicked is replace:
                self.import_from(path, "replace")
        box.finished.connect(answered)
        self.dialog = box
        box.open()

    # --- cached status summaries -----------------------------------------------------------

    def refresh_summaries(self) -> None:
        """Recompute, off the UI thread, the summaries computed for another day or not at
        all (a new day moves deadlines; new rules may change findings)."""
        from forms.summary import summary_key

        key = summary_key(self.today)
        stale = [r.id for r in self.case_list.model.rows if not r.summary or r.summary.get("key") != key]
        if not stale:
            return
        texts = [(cid, self.store.load_json(cid)) for cid in stale]
        root = str(self.store.root)
        today = self.today

        def compute(items, progress, cancel):
            import json

            from forms.summary import case_summary

            out = []
            for i, (cid, text) in enumerate(items):
                if cancel.is_set():
                    break
                case = json.loads(text)
                case["_base_dir"] = root
                out.append((cid, case_summary(case, today)))
                progress(i + 1, len(items), "")
            return out

        def store_them(results):
            if self.closed:  # the window went away while the task ran
                return
            with self.store.db:
                for cid, summary in results:
                    self.store.set_summary(cid, summary)
            by_id = {r.id: r for r in self.store.rows()}
            for cid, _s in results:
                if cid in by_id:
                    self.case_list.model.update_row(by_id[cid])

        self.runner.start(compute, texts, name="summaries", on_result=store_them)

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
            self.case_list.table.horizontalHeader().restoreState(header)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("list/header", self.case_list.table.horizontalHeader().saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.closed = True
        if self.session is not None:
            self.close_case()
        self.save_state()
        if self._runner is not None:
            self._runner.cancel_all()
            self._runner.wait(5000)
        try:
            self.store.purge_deleted()
        except Exception:  # noqa: BLE001 - purging is housekeeping; never block closing
            log.exception("purging deleted cases failed")
        super().closeEvent(event)
