"""What is wrong with what was typed into a field, in words: the message a field shows
instead of silently dropping or rewriting the input. Plain functions over the text and the
case schema (no Qt), so every message is tested on its own.

Each function returns None when the text is fine (or empty: a missing answer is the
engine's finding, not a typing problem), else a bilingual message from the catalog.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from forms.case.fields import label
from forms.common.i18n import N_, bi

# The character classes the case schema uses, in words.
_CLASS_WORDS = {
    "A-Za-z0-9": N_("letters A–Z and digits"),
    "0-9A-Za-z": N_("letters A–Z and digits"),
    "0-9 -": N_("digits, spaces and dashes"),
    "A-Z": N_("capital letters A–Z"),
    "0-9": N_("digits"),
}
_PATTERN = re.compile(r"^\^\[([^\]]+)\]\{(\d+)(?:,(\d+))?\}\$$")
# name@domain.tld: what a counter can write to (RFC 5322 allows more, no mail server does)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[A-Za-z]{2,}$")


def pattern_problem(field: str, text: str, pattern: str | None) -> dict | None:
    """Characters the field cannot hold, or a length it cannot have, for a schema
    pattern of the form ^[class]{n} or ^[class]{min,max}."""
    text = text.strip()
    if not text or not pattern or re.match(pattern, text):
        return None
    m = _PATTERN.match(pattern)
    if not m:
        return bi(N_("{field} cannot be “{text}”: check what you typed."), field=label(field), text=text)
    chars, low, high = m.group(1), int(m.group(2)), int(m.group(3) or m.group(2))
    allowed = re.compile(f"[{chars}]")
    bad = "".join(dict.fromkeys(c for c in text if not allowed.match(c)))
    if bad:
        words = _CLASS_WORDS.get(chars)
        if words:
            return bi(N_("{field} cannot contain {chars}: use only {allowed}."),
                      field=label(field), chars=" ".join(bad), allowed=bi(words))
        return bi(N_("{field} cannot contain {chars}."), field=label(field), chars=" ".join(bad))
    n = len(text)
    if low == high:
        return bi(N_("{field} has {n} characters; this has {count}."), field=label(field), n=low, count=n)
    return bi(N_("{field} has {low} to {high} characters; this has {count}."),
              field=label(field), low=low, high=high, count=n)


def email_problem(field: str, text: str) -> dict | None:
    text = text.strip()
    if not text or _EMAIL.match(text):
        return None
    return bi(N_("“{text}” is not a whole e-mail address: write it as name@example.com."), text=text)


def number_problem(field: str, text: str, minimum=None, maximum=None, integer: bool = False) -> dict | None:
    text = text.strip().replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return bi(N_("{field} is a number, such as 12000: “{text}” is not one."), field=label(field), text=text)
    if number != number or number in (float("inf"), float("-inf")):
        return bi(N_("{field} is a number, such as 12000: “{text}” is not one."), field=label(field), text=text)
    if integer and not number.is_integer():
        return bi(N_("{field} is a whole number: “{text}” is not one."), field=label(field), text=text)
    if minimum is not None and number < minimum:
        if minimum == 0:
            return bi(N_("{field} cannot be negative."), field=label(field))
        return bi(N_("{field} is at least {minimum}."), field=label(field), minimum=minimum)
    if maximum is not None and number > maximum:
        return bi(N_("{field} is at most {maximum}."), field=label(field), maximum=maximum)
    return None


def date_problem(text: str, order: str) -> dict | None:
    """Why a date that did not parse is not a date. `order` is "ymd" or "dmy": how the
    UI's short format (and the formats the field accepts) put the numbers."""
    parts = [int(p) for p in re.findall(r"\d+", text)]
    if len(parts) != 3:
        if len(parts) == 1 and len(str(parts[0])) == 8:  # 19900231
            s = str(parts[0])
            parts = [int(s[:4]), int(s[4:6]), int(s[6:])]
            order = "ymd"
        else:
            return bi(N_("This is not a date yet: type day, month and year, for example {example}."),
                      example=dt.date(2026, 11, 16))
    if parts[0] > 31:  # a four-digit year says the order, whatever the UI's format
        order = "ymd"
    elif parts[2] > 31:
        order = "dmy"
    year, month, day = parts if order == "ymd" else (parts[2], parts[1], parts[0])
    if year < 100:
        return bi(N_("Write the year with four digits ({year} is ambiguous)."), year=str(year))
    if not 1900 <= year <= 2200:
        return bi(N_("{year} is not a year this field can hold: check the year."), year=str(year))
    if not 1 <= month <= 12:
        return bi(N_("There is no month {month}: the month is 1 to 12."), month=month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return bi(N_("{month_name} {year} has {days} days: there is no day {day}."),
                  month_name=_month_name(month), year=str(year), days=days, day=day)
    return None


def _month_name(month: int) -> dict:
    from babel.dates import get_month_names

    return {"zh": get_month_names("wide", locale="zh_CN")[month], "en": get_month_names("wide", locale="en")[month]}


def country_problem(text: str) -> dict:
    return bi(N_("“{text}” is not a country in the list: pick one, or type its name or two-letter code."),
              text=text.strip())
