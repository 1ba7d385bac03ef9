"""Identifier formats and check digits: passport MRZ (ICAO 9303 TD3), the permanent
resident ID card numbers (18-character MOD 11-2 and the old 15-character 7-3-1 form),
bank card numbers (Luhn) and the unified social credit code (GB 32100-2015).

Plain functions: each returns what is wrong, never raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# --- ICAO 9303 -------------------------------------------------------------------------

_MRZ_CHARS = re.compile(r"^[A-Z0-9<]+$")


def icao_char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def icao_check_digit(data: str) -> str:
    """ICAO 9303 Part 3 4.9: weights 7, 3, 1 repeating, sum modulo 10."""
    weights = (7, 3, 1)
    return str(sum(icao_char_value(c) * weights[i % 3] for i, c in enumerate(data)) % 10)


@dataclass
class MRZ:
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    name_truncated: bool
    document_number: str
    nationality: str
    birth_date: str  # YYMMDD as printed
    sex: str  # M, F or X ('<' in the MRZ)
    expiry_date: str  # YYMMDD
    personal_number: str
    # check-digit failures: the MRZ field name whose digit is wrong
    bad_check_digits: list[str] = field(default_factory=list)


class MRZFormatError(ValueError):
    pass


def normalize_mrz_lines(lines: list[str] | str) -> list[str]:
    if isinstance(lines, str):
        lines = lines.splitlines()
    out = [re.sub(r"\s+", "", ln).upper() for ln in lines]
    return [ln for ln in out if ln]


def parse_td3(lines: list[str] | str) -> MRZ:
    """Parse a two-line, 44-character passport MRZ. Raises MRZFormatError on bad layout;
    wrong check digits are reported in `bad_check_digits`, not raised."""
    lines = normalize_mrz_lines(lines)
    if len(lines) != 2:
        raise MRZFormatError(f"expected 2 lines, got {len(lines)}")
    l1, l2 = lines
    for n, ln in enumerate((l1, l2), 1):
        if len(ln) != 44:
            raise MRZFormatError(f"line {n} has {len(ln)} characters, expected 44")
        if not _MRZ_CHARS.match(ln):
            raise MRZFormatError(f"line {n} has characters other than A-Z, 0-9 and <")
    if l1[0] != "P":
        raise MRZFormatError("line 1 does not start with P (not a passport MRZ)")
    name_field = l1[5:44]
    surname, _, given = name_field.partition("<<")
    mrz = MRZ(
        document_type=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        surname=surname.replace("<", " ").strip(),
        given_names=given.replace("<", " ").strip(),
        name_truncated=name_field[-1] != "<",
        document_number=l2[0:9].replace("<", ""),
        nationality=l2[10:13].replace("<", ""),
        birth_date=l2[13:19],
        sex=l2[20].replace("<", "X"),
        expiry_date=l2[21:27],
        personal_number=l2[28:42].replace("<", ""),
    )
    checks = [
        ("document_number", l2[0:9], l2[9]),
        ("birth_date", l2[13:19], l2[19]),
        ("expiry_date", l2[21:27], l2[27]),
        ("personal_number", l2[28:42], l2[42]),
        ("composite", l2[0:10] + l2[13:20] + l2[21:43], l2[43]),
    ]
    for name, data, digit in checks:
        # An empty personal number may carry '<' instead of 0 as its check digit.
        if name == "personal_number" and digit == "<" and set(data) == {"<"}:
            continue
        if icao_check_digit(data) != digit:
            mrz.bad_check_digits.append(name)
    return mrz


def mrz_date(yymmdd: str, *, future: bool) -> dt.date | None:
    """An MRZ date as a date. The century is ambiguous: expiry dates are taken as
    20YY; birth dates as the latest century that is not in the future."""
    try:
        yy, mm, dd = int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    except ValueError:
        return None
    try:
        if future:
            return dt.date(2000 + yy, mm, dd)
        d = dt.date(2000 + yy, mm, dd)
        return d if d <= dt.date.today() else dt.date(1900 + yy, mm, dd)
    except ValueError:
        return None


# ICAO Doc 9303 Part 3 section 6 Table A: the recommended transliterations of Latin
# letters with marks that are not simply the letter without its mark. (Checked against the
# table as transcribed in the `mrz` Rust crate, src/translit.rs, a secondary source.)
_TRANSLIT = {
    "Ä": "AE", "Æ": "AE", "Å": "AA", "Ö": "OE", "Ø": "OE", "Ü": "UE", "ß": "SS", "ẞ": "SS",
    "Þ": "TH", "Ĳ": "IJ", "Œ": "OE", "Ð": "D", "Đ": "D", "Ł": "L", "Ħ": "H", "Ŋ": "N",
}
# Table A's third choice for two letters; its Appendix B example writes CAÑON as CANXXON.
_XX = {"Ñ": "NXX", "Ü": "UXX"}


def mrz_name_forms(name: str) -> set[str]:
    """The ways `name` may be written in an MRZ. Table A leaves the issuing State a choice
    for five letters (Ä as AE or A, Å as AA or A, Ö as OE or O, Ü as UE, UXX or U, Ñ as N or
    NXX), so each is accepted: marks dropped, transliterated, or with the XX forms."""
    import unicodedata

    up = name.upper()
    out = set()
    for table in ({}, _TRANSLIT, {**_TRANSLIT, **_XX}):
        variant = "".join(table.get(c, c) for c in up)
        plain = unicodedata.normalize("NFKD", variant)
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        plain = "".join(_TRANSLIT.get(c, c) for c in plain)
        out.add(re.sub(r"[^A-Z]+", " ", plain).strip())
    return out


def passport_name(name: str) -> str | None:
    """`name` in the passport's form: upper-case Latin letters, each letter with a mark
    written as ICAO 9303 Part 3 section 6 recommends (MÜLLER as MUELLER, ß as SS, Ø as OE;
    other marks dropped), spaces, hyphens and apostrophes kept. None when a letter has no
    Latin transliteration here (Cyrillic, Chinese): nothing is guessed."""
    import unicodedata

    out = "".join(_TRANSLIT.get(c, c) for c in " ".join(name.split()).upper())
    out = unicodedata.normalize("NFKD", out)
    out = "".join(_TRANSLIT.get(c, c) for c in out if not unicodedata.combining(c))
    if not out or not re.fullmatch(r"[A-Z][A-Z '\-]*", out):
        return None
    return out


def mrz_name_matches(case_name: str, mrz_name: str, truncated: bool) -> bool:
    mrz_name = " ".join(mrz_name.split())
    for form in mrz_name_forms(case_name):
        if form == mrz_name or (truncated and form.startswith(mrz_name)):
            return True
    return False


# --- Permanent resident ID card -------------------------------------------------------

_MOD11_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_MOD11_MAP = "10X98765432"


def mod11_2_check(first17: str) -> str:
    return _MOD11_MAP[sum(int(c) * w for c, w in zip(first17, _MOD11_WEIGHTS)) % 11]


@dataclass
class PRNumber:
    form: str  # "18" or "15"
    valid_format: bool
    check_ok: bool
    birth_date: dt.date | None = None
    nationality_numeric: str | None = None
    nationality_alpha3: str | None = None
    sex: str | None = None  # 18-character form only


def parse_pr_number(number: str) -> PRNumber:
    n = number.strip().upper()
    if len(n) == 18:
        if not re.fullmatch(r"9\d{16}[\dX]", n):
            return PRNumber("18", False, False)
        birth = _date_or_none(n[6:14], "%Y%m%d")
        return PRNumber(
            "18", True, mod11_2_check(n[:17]) == n[17], birth_date=birth,
            nationality_numeric=n[3:6], sex="M" if int(n[16]) % 2 else "F",
        )
    if len(n) == 15:
        if not re.fullmatch(r"[A-Z]{3}\d{12}", n):
            return PRNumber("15", False, False)
        birth = _date_or_none(n[7:13], "%y%m%d")
        if birth and birth > dt.date.today():
            birth = birth.replace(year=birth.year - 100)
        return PRNumber("15", True, icao_check_digit(n[:14]) == n[14], birth_date=birth,
                        nationality_alpha3=n[:3])
    return PRNumber(str(len(n)), False, False)


def _date_or_none(text: str, fmt: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, fmt).date()
    except ValueError:
        return None


# --- Bank card ------------------------------------------------------------------------


def luhn_ok(number: str) -> bool:
    digits = re.sub(r"[\s-]", "", number)
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def bank_digits(number: str) -> str:
    return re.sub(r"[\s-]", "", number)


# --- Unified social credit code (统一社会信用代码, GB 32100-2015) -----------------------

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31]


def uscc_ok(code: str) -> bool:
    c = code.strip().upper()
    if len(c) != 18 or any(ch not in _USCC_CHARS for ch in c):
        return False
    return uscc_check_char(c[:17]) == c[17]
