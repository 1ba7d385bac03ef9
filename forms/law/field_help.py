"""Why the interview asks a field ("why do we ask this"): a sentence in both languages
and the sources it rests on, from resources/data/field_help.toml. Each source is named
with what kind it is, so a reader tells the guideline from an official source and from
practice that is not in the guideline."""

from __future__ import annotations

import tomllib
from functools import cache

from forms.common.i18n import N_, bi
from forms.common.paths import resource
from forms.law.ruleset import DEFAULT_RULESET, load_rules, source_titles

# what each kind of source is, beside its title (the guideline's sections name themselves)
KIND_NOTES = {
    "guideline": None,
    "law": N_("official source"),
    "practice": N_("practice, not in the guideline"),
    "research": N_("secondary source, not in the guideline"),
}


@cache
def _entries() -> dict:
    with open(resource("data", "field_help.toml"), "rb") as fh:
        return tomllib.load(fh)["field"]


def fields() -> list[str]:
    """The case fields that have help."""
    return list(_entries())


def field_help(field: str, ruleset: str = DEFAULT_RULESET) -> dict | None:
    """{"why": {zh, en}, "sources": [{"id", "kind", "title": {zh, en}, "url", "note": {zh, en} | None}]}
    for a case field, or None when the data has no help for it."""
    entry = _entries().get(field)
    if entry is None:
        return None
    sources = source_titles(load_rules(ruleset), entry["sources"])
    for s in sources:
        note = KIND_NOTES.get(s["kind"])
        s["note"] = bi(note) if note else None
    return {"why": {"zh": entry["zh"], "en": entry["en"]}, "sources": sources}
