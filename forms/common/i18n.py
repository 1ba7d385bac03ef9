"""Translation of the engine's own strings (gettext catalogs kept with Babel) and
locale-aware formatting of dates and numbers.

English is the source language. A bilingual text is a plain dict {"en": ..., "zh": ...};
rule data carries such dicts itself, and `bi()` builds one from a catalog message.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import cache

from forms.common.paths import translations_dir

LANGS = ("zh", "en")
DOMAIN = "shebao"
# gettext catalog folder and CLDR locale for each UI language.
_CATALOG = {"zh": "zh_CN", "en": "en"}
_CLDR = {"zh": "zh_Hans_CN", "en": "en_GB"}

Text = dict  # {"en": str, "zh": str}


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang`, or the source strings (English) where there is none. Opened
    by its path: gettext.translation() would first expand locale names (importing locale,
    ~2 ms of the app's start-up) to find the one file we know."""
    check_lang(lang)
    path = translations_dir() / _CATALOG[lang] / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with open(path, "rb") as fh:
            return gettext.GNUTranslations(fh)
    except FileNotFoundError:
        return gettext.NullTranslations()


def cldr_locale(lang: str) -> str:
    return _CLDR[check_lang(lang)]


def gettext_(message: str, lang: str) -> str:
    return translator(lang).gettext(message)


def format_date(value: dt.date, lang: str, fmt: str = "long") -> str:
    from babel.dates import format_date as _fd

    return _fd(value, format=fmt, locale=cldr_locale(lang))


def format_number(value: float | int, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=cldr_locale(lang))


def format_size(n_bytes: int, lang: str) -> str:
    """A byte count as MB/KB with locale digits (1 MB = 1,000,000 bytes, as upload pages say)."""
    from babel.numbers import format_decimal

    loc = cldr_locale(lang)
    if n_bytes >= 1_000_000:
        return f"{format_decimal(round(n_bytes / 1_000_000, 1), locale=loc)} MB"
    return f"{format_decimal(max(1, round(n_bytes / 1000)), locale=loc)} KB"


def localize(value, lang: str) -> str:
    """One parameter of a message, shown in `lang`."""
    if isinstance(value, dict) and set(value) >= set(LANGS):
        return value[lang]
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    if isinstance(value, (list, tuple)):
        from babel.lists import format_list

        return format_list([localize(v, lang) for v in value], locale=cldr_locale(lang)) if value else ""
    return str(value)


def tr(message: str, lang: str, **params) -> str:
    """`message` translated into `lang`, with its {placeholders} filled per locale."""
    text = gettext_(message, lang)
    if not params:
        return text
    return text.format(**{k: localize(v, lang) for k, v in params.items()})


def bi(message: str, **params) -> Text:
    """The same message in both languages."""
    return {lang: tr(message, lang, **params) for lang in LANGS}


def trn(singular: str, plural: str, n: int, lang: str, **params) -> str:
    """A count in `lang` by the catalog's plural forms ("1 day", "2 days"; Chinese has
    one form): `n` and the other {placeholders} filled per locale."""
    text = translator(lang).ngettext(singular, plural, n)
    return text.format(**{k: localize(v, lang) for k, v in {"n": n, **params}.items()})


def bi_n(singular: str, plural: str, n: int, **params) -> Text:
    """A count in both languages (see trn); usable as a parameter of bi()."""
    return {lang: trn(singular, plural, n, lang, **params) for lang in LANGS}


def days(n: int) -> Text:
    return bi_n("{n} day", "{n} days", n)


def months(n: int) -> Text:
    return bi_n("{n} month", "{n} months", n)


def years(n: int) -> Text:
    return bi_n("{n} year", "{n} years", n)


def pick(text: Text | str | None, lang: str) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get("en", "")
