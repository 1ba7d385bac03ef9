"""The look and the layout (issue 12, items 7 and 16): palettes that pass WCAG AA, the
Appearance setting, status icons in the palette's colours, one label column per page,
fields that stay under the pointer, a case list that shows its counts whole, a progress bar
that shows its text, and an Output page that does not move when its preview arrives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop import theme
from desktop.widgets.fields import CountryField, DateField, TextField
from forms.store import CaseStore
from forms.verdict.summary import case_summary, summary_key

from .conftest import EXAMPLES, TODAY
from .drive import LEFT, click, key_text, new_case_button, page
from .test_store import stored_example


@pytest.mark.parametrize("name", sorted(theme.PALETTES))
def test_palette_text_passes_wcag_aa_and_icons_stand_out(name):
    colors = theme.PALETTES[name]
    low = {f"{fg} on {bg}": round(theme.contrast(colors[fg], colors[bg]), 2) for fg, bg in theme.TEXT_PAIRS
           if theme.contrast(colors[fg], colors[bg]) < 4.5}
    assert low == {}, low  # WCAG 2.x AA, normal text
    low = {f"{fg} on {bg}": round(theme.contrast(colors[fg], colors[bg]), 2) for fg, bg in theme.ICON_PAIRS
           if theme.contrast(colors[fg], colors[bg]) < 3}
    assert low == {}, low  # WCAG 2.x non-text contrast
    # the check itself: black on white is 21:1, a colour on itself 1:1
    assert round(theme.contrast("#000000", "#ffffff"), 1) == 21.0 and theme.contrast("#777777", "#777777") == 1.0


def test_status_icons_come_from_the_bundled_set_with_its_licence():
    from forms.common.paths import resource

    folder = resource("icons", "status")
    assert "MIT License" in (folder / "LICENSE-MIT.txt").read_text()
    for file, _role in theme.ICONS.values():
        assert "currentColor" in (folder / f"{file}.svg").read_text()


def icon_color(name: str) -> str:
    image = theme.status_icon(name).pixmap(24, 24).toImage()
    return image.pixelColor(12, 3).name()  # the top of the filled circle, away from the glyph


def test_the_settings_menu_is_made_when_first_opened(window, qtbot):
    """Its choices are not made for the first window (start-up time), but they are there,
    with the current language and look checked, when the menu opens."""
    assert window._settings_menu is None
    menu = window.menus["settings"]
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible)
    titles = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert titles == ["&Language", "&Appearance", "Service-center &mode (keep nothing after closing)"]
    languages = menu.actions()[0].menu().actions()
    assert [a.text() for a in languages] == ["中文 (&Z)", "English (&E)"] and languages[1].isChecked()
    assert window.look_actions["system"].isChecked() and not window.act_kiosk.isChecked()
    menu.close()


def test_appearance_switches_the_palette_and_icons_and_is_remembered(window, qtbot):
    app = QApplication.instance()
    assert window.look_actions["system"].isChecked()  # nothing chosen yet: as the desktop
    assert app.palette().color(QPalette.ColorRole.Window).name() == theme.PALETTES["light"]["window"]
    assert icon_color("blocker") == theme.PALETTES["light"]["blocker"]

    window.menus["settings"].actions()  # the menu exists; choose Dark as a user does
    window.look_actions["dark"].trigger()
    pal = app.palette()
    assert pal.color(QPalette.ColorRole.Window).name() == theme.PALETTES["dark"]["window"]
    assert pal.color(QPalette.ColorRole.Text).name() == theme.PALETTES["dark"]["text"]
    assert pal.color(QPalette.ColorRole.PlaceholderText).name() == theme.PALETTES["dark"]["muted"]
    assert icon_color("blocker") == theme.PALETTES["dark"]["blocker"]
    assert window.settings.value("appearance") == "dark"
    # a finding already shown takes the new colours too
    click(new_case_button(window, "registration"))
    person = page(window, "person")
    field = person.fields["person.email"]
    field.setFocus()
    key_text(field, "someone@example")
    QTest.keyClick(field, Qt.Key.Key_Tab)
    row = person.finding_views["person.email"].rows[0]
    before = row.icon.pixmap().toImage().pixelColor(row.icon.pixmap().width() // 2, 2)
    window.look_actions["light"].trigger()
    row.icon.grab()  # drawn, as the window repaints after the switch
    after = row.icon.pixmap().toImage().pixelColor(row.icon.pixmap().width() // 2, 2)
    assert before != after and after.name() == QColor(theme.PALETTES["light"]["warning"]).name()
    window.look_actions["dark"].trigger()
    window.close_case()
    window.close()

    from desktop.app import build
    _app, again = build([], today=TODAY)  # the next start keeps the choice
    qtbot.addWidget(again)
    assert again.look_actions["dark"].isChecked() and theme.current() == "dark"
    again.look_actions["system"].trigger()
    assert theme.current() == "light" and again.settings.value("appearance") == "system"
    again.close()


def field_left(page_, field: str) -> int:
    widget = page_.fields[field]
    return widget.mapTo(page_.body, QPoint(0, 0)).x()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_step_list_shows_every_title_whole_and_in_line(window, qtbot, lang):
    window.set_language(lang)
    window.resize(1000, 620)
    click(new_case_button(window, "registration"))
    bar = window.editor.sidebar
    QApplication.processEvents()
    items = [bar.item(r) for r in range(bar.count()) if not bar.item(r).isHidden()]
    metrics = bar.fontMetrics()
    for item in items:
        rect = bar.visualItemRect(item)
        assert rect.right() < bar.viewport().width(), item.text()  # not cut at the list's edge
        assert metrics.horizontalAdvance(item.text()) + bar.iconSize().width() < rect.width(), item.text()
    # the review and output steps ask nothing (no state icon) but keep their titles in line
    assert all(not item.icon().isNull() for item in items)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_input_boxes_line_up_across_the_sections_of_a_page(window, qtbot, lang):
    window.set_language(lang)
    click(new_case_button(window, "departure"))
    for key in ("person", "departure"):  # the steps with input boxes in several sections
        window.editor.go(key)
        p = page(window, key)
        qtbot.waitUntil(lambda p=p: p.body.width() > 0)
        QApplication.processEvents()
        # the input boxes (a group of radio buttons sits under its question, as designed)
        boxes = (TextField, DateField, CountryField)
        lefts = {f: field_left(p, f) for f in p.fields
                 if p._row_visible(f) and p.fields[f].isVisibleTo(p) and isinstance(p.fields[f], boxes)}
        assert len(lefts) >= 2 and len(set(lefts.values())) == 1, (key, lefts)
        sections = {p.forms[f].parentWidget() for f in lefts}
        assert len(sections) >= 2, key  # across sections, not within one


def test_fields_stay_under_the_pointer_while_a_message_appears(window, qtbot):
    """Leaving a field by pressing on the next one shows the left field's message; the box
    pressed on must not move before the button is released."""
    click(new_case_button(window, "registration"))
    window.editor.go("person")
    person = page(window, "person")
    email = person.fields["person.email"]
    below = person.fields["person.address_cn"]
    email.setFocus()
    key_text(email, "jonas.mueller@example")
    QApplication.processEvents()
    view = person.finding_views["person.email"]
    assert not view.isVisible()
    where = below.mapTo(window, QPoint(0, 0))
    QTest.mousePress(below, LEFT, Qt.KeyboardModifier.NoModifier, below.rect().center())
    for _ in range(5):
        QApplication.processEvents()
    assert below.hasFocus()
    assert below.mapTo(window, QPoint(0, 0)) == where  # still where the user pressed
    QTest.mouseRelease(below, LEFT, Qt.KeyboardModifier.NoModifier, below.rect().center())
    qtbot.waitUntil(lambda: view.isVisible())
    assert any("not saved" in m for m in view.messages()), view.messages()
    qtbot.waitUntil(lambda: below.mapTo(window, QPoint(0, 0)) != where)  # now the page makes room


def seed_counts(data_dir, blockers: int, warnings: int) -> str:
    store = CaseStore(data_dir)
    case = stored_example(store, "registration-dispatched-de.json")
    summary = case_summary(case, TODAY)
    summary.update(blocker=blockers, warning=warnings, ready=False, key=summary_key(TODAY))
    store.save(case, summary)
    store.close()
    return case["id"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_case_list_shows_the_counts_whole(qtbot, data_dir, lang):
    seed_counts(data_dir, 16, 5)
    from desktop import i18n
    from desktop.app import build
    from desktop.case_list import STATUS
    from desktop.widgets.findings import icon_size

    _app, window = build([], today=TODAY)
    qtbot.addWidget(window)
    window.set_language(lang)
    table = window.case_list.table
    index = window.case_list.model.index(0, STATUS)
    text = index.data()
    assert ("16" in text and "5" in text), text
    need = table.fontMetrics().horizontalAdvance(text) + icon_size()
    assert table.columnWidth(STATUS) >= need, (table.columnWidth(STATUS), need, text)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == text
    window.close()
    i18n.set_language("en")


def test_progress_bar_shows_a_long_file_name_and_the_percentage(window, qtbot):
    click(new_case_button(window, "registration"))
    window.editor.go("documents")
    docs = page(window, "documents")
    docs.begin_progress(3)
    docs.show_progress(1, 3, "Reisepass von Jonas Müller, alle Seiten, gescannt am Montag (Kopie 2).jpg")
    QApplication.processEvents()
    bar = docs.progress
    em = bar.fontMetrics().horizontalAdvance("M")
    assert bar.isVisible() and bar.width() >= 20 * em
    text = bar.text()
    assert text.endswith("33%") and text.startswith("Reisepass") and "…" in text and text.rstrip("%").strip()
    assert bar.fontMetrics().horizontalAdvance(text) < bar.contentsRect().width()
    docs.task = None
    docs.end_progress()


def test_output_page_controls_stay_put_when_the_preview_arrives(window, qtbot):
    window.open_example(str(EXAMPLES / "registration-dispatched-de.json"))
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)  # imported in the background
    window.editor.go("output")
    out = page(window, "output")
    QApplication.processEvents()
    assert out.view is None and out.placeholder.isVisible()  # the preview's place, kept
    pos = {w: w.mapTo(window, QPoint(0, 0)) for w in (out.choice, out.sign_button, out.pack_button)}
    assert out.placeholder.height() > 10 * out.choice.height()
    qtbot.waitUntil(lambda: out.view is not None and out.view.isVisible(), timeout=60000)
    QApplication.processEvents()
    assert {w: w.mapTo(window, QPoint(0, 0)) for w in pos} == pos


def test_system_appearance_follows_the_desktop(window, qtbot, monkeypatch):
    app = QApplication.instance()
    qtbot.waitUntil(lambda: theme._state.get("watching") is True)  # from just after start-up
    monkeypatch.setattr(theme, "system_dark", lambda _app: True)
    window.look_actions["system"].trigger()
    assert theme.current() == "dark"
    monkeypatch.setattr(theme, "system_dark", lambda _app: False)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)  # the desktop switched back
    assert theme.current() == "light"
    assert app.palette().color(QPalette.ColorRole.Window).name() == theme.PALETTES["light"]["window"]
    window.look_actions["light"].trigger()
    monkeypatch.setattr(theme, "system_dark", lambda _app: True)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.current() == "light"  # a chosen Light stays light
