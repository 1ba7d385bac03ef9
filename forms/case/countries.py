"""Country codes (ISO 3166-1 and the ICAO MRZ extras) and CLDR names in both languages."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from forms.common.i18n import LANGS, cldr_locale
from forms.common.paths import resource


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    numeric: str


def _rows(name: str):
    with open(resource("data", name), encoding="utf-8") as fh:
        yield from csv.DictReader(line for line in fh if not line.startswith("#"))


@cache
def _table() -> dict[str, Country]:
    return {r["alpha2"]: Country(r["alpha2"], r["alpha3"], r["numeric"]) for r in _rows("iso3166.csv")}


@cache
def _by_alpha3() -> dict[str, str]:
    out = {c.alpha3: c.alpha2 for c in _table().values()}
    out.update({r["code"]: r["alpha2"] for r in _rows("icao_codes.csv") if r["alpha2"]})
    return out


def codes() -> list[str]:
    return sorted(_table())


def is_code(alpha2: str) -> bool:
    return alpha2 in _table()


def get(alpha2: str) -> Country | None:
    return _table().get(alpha2)


def from_mrz(code: str) -> str | None:
    """The alpha-2 code for an MRZ nationality or issuing-state code ('D', 'DEU', 'GBN'...)."""
    return _by_alpha3().get(code.replace("<", ""))


def from_numeric(numeric: str) -> str | None:
    for c in _table().values():
        if c.numeric == numeric:
            return c.alpha2
    return None


def name(alpha2: str, lang: str) -> str:
    """The CLDR name of a country in `lang`; the code itself if CLDR has none."""
    from babel import Locale

    return Locale.parse(cldr_locale(lang)).territories.get(alpha2, alpha2)


def names(alpha2: str) -> dict:
    return {lang: name(alpha2, lang) for lang in LANGS}
