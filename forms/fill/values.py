"""The values that fill the forms' fields, taken from a case.

A field's `value` in a form definition is either a dotted case path (shown as it is in
the case) or a named formatter below, with its arguments in the definition. A formatter
returns a plain string (the same in both languages) or a bilingual dict {"zh", "en"}
(optionally "both": how to show it when the form is bilingual); `show()` picks what
goes on the page for the form language (None = bilingual).

Words that a formatter shows (sex, choices, units) come from the form definition, not
from code, so the form's language stays in its data.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache

from forms.case import countries
from forms.case.model import date_of, full_name, get
from forms.common.i18n import format_date, format_number, localize
from forms.law.ruleset import Law, as_law

SEP = " / "  # between the Chinese and the English of one value


@dataclass
class Context:
    case: dict
    law: Law
    _cache: dict = field(default_factory=dict)

    @property
    def on(self) -> dt.date:
        return self.law.on

    @property
    def requirements(self):
        if "reqs" not in self._cache:
            from forms.law.requirements import requirements
            self._cache["reqs"] = requirements(self.case, self.law)
        return self._cache["reqs"]


def show(value, lang: str | None) -> str:
    """The text for the page: one language, or both (Chinese first) when lang is None."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if lang:
        return value[lang]
    if "both" in value:
        return value["both"]
    zh, en = value["zh"], value["en"]
    return zh if zh == en or not en else (en if not zh else f"{zh}{SEP}{en}")


# --- formatters -------------------------------------------------------------------------

def _path(ctx: Context, path: str, **_):
    value = get(ctx.case, path)
    if value is None:
        return ""
    if isinstance(value, bool):
        return {"zh": "是", "en": "Yes"} if value else {"zh": "否", "en": "No"}
    if isinstance(value, (int, float)):
        return format_number(value, "en")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v)
    return str(value)


def _date(d: dt.date | None):
    if d is None:
        return ""
    return {"zh": format_date(d, "zh"), "en": format_date(d, "en")}


def _date_fmt(ctx: Context, path: str, **_):
    return _date(date_of(ctx.case, path))


def _on_date(ctx: Context, **_):
    return _date(ctx.on)


def _period(ctx: Context, start: str, end: str, open_end: dict | None = None, **_):
    a, b = date_of(ctx.case, start), date_of(ctx.case, end)
    if not a and not b:
        return ""
    def one(lang):
        left = format_date(a, lang) if a else "?"
        right = format_date(b, lang) if b else (open_end or {}).get(lang, "")
        return f"{left} – {right}".strip(" –") if right else f"{left} –"
    return {"zh": one("zh"), "en": one("en")}


def _full_name(ctx: Context, **_):
    """As the passport prints it: upper-case Latin (the Chinese name has its own field)."""
    return passport_name(ctx.case)


def passport_name(case: dict) -> str:
    return full_name(case).upper()


def _country(ctx: Context, path: str, **_):
    code = get(ctx.case, path)
    if not code:
        return ""
    return countries.names(code)


def _choice(ctx: Context, path: str, options: dict, style: str = "boxes", **_):
    """One of `options` (keys: the case values; booleans as "true"/"false"). style
    "boxes": every option with ■ (chosen) or □; "plain": only the chosen option."""
    raw = get(ctx.case, path)
    key = str(raw).lower() if isinstance(raw, bool) else (str(raw) if raw is not None else None)
    if style == "plain":
        opt = options.get(key) if key is not None else None
        if opt is None:
            return "" if key is None else str(raw)
        return {"zh": opt["zh"], "en": opt["en"]}
    return _boxes(options, key)


def _boxes(options: dict, key) -> dict:
    """Every option with ■ (the chosen one) or □, in each language."""
    def mark(k):
        return "■" if k == key else "□"
    return {
        "zh": "  ".join(f"{mark(k)} {o['zh']}" for k, o in options.items()),
        "en": "  ".join(f"{mark(k)} {o['en']}" for k, o in options.items()),
        "both": "  ".join(f"{mark(k)} {o['zh']} {o['en']}" for k, o in options.items()),
    }


def _both(ctx: Context, paths: list, **_):
    """Several case values side by side (an employer's Chinese and English names)."""
    values = [str(get(ctx.case, p)) for p in paths if get(ctx.case, p)]
    return SEP.join(values)


def _address_abroad(ctx: Context, **_):
    a = ctx.case.get("address_abroad") or {}
    parts = [line for line in a.get("lines", []) if line]
    city = " ".join(x for x in (a.get("city"), a.get("postal_code")) if x)
    if city:
        parts.append(city)
    if a.get("country"):
        parts.append(countries.name(a["country"], "en"))
    text = ", ".join(parts)
    if a.get("country") and text:
        zh = f"{text}（{countries.name(a['country'], 'zh')}）"
        return {"zh": zh, "en": text, "both": zh}
    return text


def _money(ctx: Context, path: str, unit: dict, **_):
    value = get(ctx.case, path)
    if value is None:
        return ""
    return {"zh": f"{format_number(value, 'zh')} {unit['zh']}", "en": f"{unit['en']} {format_number(value, 'en')}"}


def _exempt_ids(ctx: Context) -> list[str]:
    from forms.law.exemption import exempt_ids
    return exempt_ids(ctx.case, ctx.law)


def _insurances(ctx: Context, which: str, none: dict, **_):
    """The insurances paid in China, or those exempted by a certificate of coverage."""
    rows = ctx.law.rows("insurance")
    exempt = set(_exempt_ids(ctx))
    chosen = [r["short"] for r in rows if (r["id"] in exempt) == (which == "exempt")]
    if not chosen:
        return dict(none)
    return {lang: localize(chosen, lang) for lang in ("zh", "en")}


def _exemption_basis(ctx: Context, none: dict, **_):
    if not _exempt_ids(ctx):
        return dict(none)
    agreement = ctx.law.agreement(get(ctx.case, "person.nationality"))
    return {lang: f"{agreement['title'][lang]}：{agreement['certificate'][lang]}" if lang == "zh"
            else f"{agreement['title'][lang]}: {agreement['certificate'][lang]}" for lang in ("zh", "en")}


def id_document(case: dict) -> str:
    """The identity document the case registers with: "pr_card" for a permanent resident
    (the PR card is a standalone ID, guideline II.(III)), else "passport"."""
    from forms.law.requirements import group_of
    return "pr_card" if group_of(case) == "pr" else "passport"


def _id_document(ctx: Context, passport: dict, pr_card: dict, style: str = "plain", **_):
    options = {"passport": passport, "pr_card": pr_card}
    key = id_document(ctx.case)
    return _boxes(options, key) if style == "boxes" else dict(options[key])


def id_number(case: dict) -> str:
    return get(case, f"person.{id_document(case)}.number") or ""


def _id_number(ctx: Context, **_):
    return id_number(ctx.case)


def _id_expiry(ctx: Context, **_):
    return _date(date_of(ctx.case, f"person.{id_document(ctx.case)}.expiry"))


def _fixed(ctx: Context, text: dict, **_):
    return dict(text)


def _blank(ctx: Context, **_):
    return ""


FORMATTERS = {
    "path": _path,
    "date": _date_fmt,
    "on_date": _on_date,
    "period": _period,
    "full_name": _full_name,
    "country": _country,
    "choice": _choice,
    "both": _both,
    "address_abroad": _address_abroad,
    "money": _money,
    "insurances": _insurances,
    "exemption_basis": _exemption_basis,
    "id_document": _id_document,
    "id_number": _id_number,
    "id_expiry": _id_expiry,
    "fixed": _fixed,
    "blank": _blank,
}


def value_of(spec: dict, ctx: Context):
    """The value of one field spec ({"format": name, ...args}) for the case."""
    args = {k: v for k, v in spec.items() if k != "format"}
    return FORMATTERS[spec["format"]](ctx, **args)


@cache
def _schema_paths() -> frozenset:
    from forms.case.model import schema

    out = set()
    def walk(node, prefix):
        for name, sub in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            out.add(path)
            walk(sub, path + ".")
    walk(schema(), "")
    return frozenset(out)


def check_path(path) -> bool:
    """Whether `path` (or every path in a list) names a field of the case schema."""
    if isinstance(path, list):
        return all(check_path(p) for p in path)
    return isinstance(path, str) and path in _schema_paths()


def values(case: dict, fd, law: Law | dt.date) -> dict:
    """{field id: value} for every field of form definition `fd`."""
    ctx = Context(case, as_law(law))
    return {f.id: value_of(f.value, ctx) for f in fd.fields}


def dumps(vals: dict, lang: str | None) -> str:  # for debugging and the app's preview
    return json.dumps({k: show(v, lang) for k, v in vals.items()}, ensure_ascii=False, indent=1)
