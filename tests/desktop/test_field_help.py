""""Why do we ask this" (issue 12, item 13): every field of every step has help in both
languages naming its source from the rule data (the guideline, an official source, or
practice not in the guideline), as What's This text and in the help line under the step
while the field has the focus; the Eligibility step's text follows the procedure."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from forms.law.field_help import field_help

from .drive import page

SOURCE_WORD = {"en": "Source: ", "zh": "依据："}
WHY_WORD = {"en": "Why we ask: ", "zh": "为什么要填："}


def all_fields(window):
    return [(key, field, step) for key, step in window.editor.pages.items() for field in step.fields]


def test_every_field_of_every_step_has_help_naming_its_source_in_both_languages(window):
    window.new_case("departure")  # the pages hold the fields of both procedures, shown or not
    fields = all_fields(window)
    assert len({f for _k, f, _s in fields}) >= 60  # the walk reaches the whole interview
    for lang in ("en", "zh"):
        window.set_language(lang)
        for key, field, step in fields:
            h = field_help(field)
            assert h and h["sources"] and h["why"]["en"] and h["why"]["zh"], field
            label = step.labels[field]
            for widget in (label, step.fields[field]):
                text = widget.whatsThis()
                assert text.count(SOURCE_WORD[lang]) == 1 and WHY_WORD[lang] in text, (key, field, lang, text)
                assert escape(h["why"][lang]) in text, (field, lang)
                for s in h["sources"]:  # each source by its title in this language
                    assert escape(s["title"][lang]) in text, (field, s["id"])
    window.set_language("en")


def test_the_help_line_shows_why_the_focused_field_is_asked(window, qtbot):
    window.new_case("registration")
    window.editor.go("person")
    step = page(window, "person")
    step.fields["person.surname"].setFocus(Qt.FocusReason.TabFocusReason)  # the step's first field
    qtbot.waitUntil(step.help.isVisible, timeout=3000)
    assert step.help.field == "person.surname"
    assert "Guideline, VI. Required Documentation" in step.help.text() and "ICAO" in step.help.text()
    window.editor.go("employment")
    step = page(window, "employment")
    QTest.mouseClick(step.fields["employment.contact_name"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: step.help.field == "employment.contact_name", timeout=3000)
    assert step.help.text().count("(practice, not in the guideline)") == 1  # in the source line, once
    # a date: the focus is in its line edit, the help is the field's
    step.fields["employment.document_processed"].edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: step.help.field == "employment.document_processed", timeout=3000)
    assert "30 days" in step.help.text() and "Guideline, III. Statutory Time Limit" in step.help.text()
    window.set_language("zh")  # the help line follows the language
    assert "依据：" in step.help.text() and "办事指引 三、办理时限" in step.help.text()
    window.set_language("en")


def test_the_eligibility_text_follows_the_procedure(window):
    window.new_case("departure")
    window.editor.go("eligibility")
    step = page(window, "eligibility")
    text = step.intro_label.text()
    assert "terminate the basic endowment insurance" in text and "(guideline VIII)" in text
    assert "join all five insurances" not in text and "registration" not in text
    window.set_language("zh")
    assert "终止基本养老保险关系" in step.intro_label.text() and "指引八" in step.intro_label.text()
    window.set_language("en")
    window.new_case("registration")
    window.editor.go("eligibility")
    text = step.intro_label.text()
    assert "join all five insurances" in text and "(guideline II)" in text and "terminate" not in text


def test_shift_f1_on_a_field_shows_its_help(window, qtbot):
    from PySide6.QtWidgets import QApplication, QWhatsThis

    window.new_case("registration")
    window.editor.go("employment")
    edit = page(window, "employment").fields["employment.document_processed"].edit  # a date: its line edit has the focus
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(edit, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: any(w.isVisible() and w.metaObject().className() == "QWhatsThat"
                                for w in QApplication.topLevelWidgets()), timeout=3000)
    QWhatsThis.hideText()
