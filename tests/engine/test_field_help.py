"""The per-field help data (resources/data/field_help.toml): every entry is a case field,
says why in both languages and cites known sources, each named with its kind."""

from __future__ import annotations

from forms.case.fields import LABELS
from forms.law.field_help import KIND_NOTES, field_help, fields
from forms.law.ruleset import load_rules


def test_every_help_entry_is_a_case_field_with_both_languages_and_known_sources():
    rules = load_rules()
    assert len(fields()) >= 60
    for field in fields():
        assert field in LABELS, field
        h = field_help(field)
        assert h["why"]["en"].strip() and h["why"]["zh"].strip(), field
        assert h["sources"], field
        for s in h["sources"]:
            assert s["id"] in rules["source"] and s["kind"] in KIND_NOTES, (field, s["id"])


def test_practice_is_named_as_not_in_the_guideline_and_the_guideline_as_itself():
    [s] = field_help("employment.contact_name")["sources"]
    assert s["kind"] == "practice" and s["note"]["en"] == "practice, not in the guideline"
    assert s["note"]["zh"] == "实务做法，指引未载"
    [g] = field_help("employment.document_processed")["sources"]
    assert g["id"] == "guideline-III" and g["note"] is None
    law = field_help("social_security.number")["sources"][0]
    assert law["kind"] == "law" and law["note"]["en"] == "official source"


def test_the_text_does_not_repeat_what_the_source_line_says():
    """Where every source of a field is of one kind, the source line names that kind
    ("practice, not in the guideline"); the text says it only where it marks one part of a
    sentence whose other parts rest on other sources."""
    repeated = []
    for field in fields():
        h = field_help(field)
        kinds = {s["kind"] for s in h["sources"]}
        note = h["sources"][0]["note"]
        if len(kinds) == 1 and note and (note["en"] in h["why"]["en"] or note["zh"] in h["why"]["zh"]):
            repeated.append(field)
    assert repeated == []


def test_a_field_without_help_has_none():
    assert field_help("person.no_such_field") is None
