"""Machine-readable zones of travel documents (ICAO Doc 9303): TD3 passports (2 × 44),
TD1 identity cards (3 × 30), TD2 documents (2 × 36) and visas MRV-A (2 × 44) and MRV-B
(2 × 36), parsed into plain data, and OCR readings corrected by the structure.

An OCR engine confuses letters and digits that look alike (O/0, I/1, B/8, S/5, Z/2, G/6)
and reads the filler `<` as K, S, G or C. ICAO 9303 fixes, for each position, which class
of character may stand there (digits in dates and check digits, letters in codes and
names, either in document numbers and optional data) and guards the document number,
the dates, the optional data and the whole line with check digits. `correct()` therefore
puts each position into its class, tries the look-alikes the classes leave open where a
check digit guards them (one change, taken only when it is the only one that works), and
accepts a reading only when every check digit holds.

Plain functions over plain data; nothing here raises on bad input.
"""

from __future__ import annotations

import itertools
import re

from forms.law.identifiers import icao_check_digit

# (name, lines, line length) of each layout; the first character(s) tell them apart.
LAYOUTS = {"TD3": (2, 44), "MRVA": (2, 44), "TD2": (2, 36), "MRVB": (2, 36), "TD1": (3, 30)}

# Look-alikes: what a character may really be when it stands where the other class belongs.
TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "J": "1", "T": "1", "Z": "2",
            "S": "5", "B": "8", "G": "6", "A": "4", "E": "3", "Y": "4"}
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "4": "A", "3": "E", "7": "T"}
# Where a check digit guards an alphanumeric field, each of these may be the other.
AMBIGUOUS = {"0": "O", "O": "0", "1": "I", "I": "1", "2": "Z", "Z": "2", "5": "S", "S": "5", "8": "B",
             "B": "8", "6": "G", "G": "6", "D": "0", "Q": "0", "K": "<", "<": "K"}
# Filler misread as a letter (in names, codes and optional data)
FILLER_LOOKALIKES = set("KSGCE")

_CHARS = re.compile(r"[^A-Z0-9<]")


def clean(text: str) -> str:
    """An OCR line reduced to the MRZ alphabet: spaces gone, lower case raised,
    « and similar marks taken for fillers."""
    text = text.upper().replace("«", "<<").replace("‹", "<").replace("＜", "<")
    text = re.sub(r"\s+", "", text)
    return _CHARS.sub("<", text)


def layout_of(lines: list[str]) -> str | None:
    """The layout the first characters and the line lengths point to, or None."""
    if not lines:
        return None
    first = lines[0][:1]
    n, width = len(lines), len(lines[0])
    if n == 3 and width == 30:
        return "TD1"
    if n == 2 and width == 44:
        return "MRVA" if first == "V" else "TD3"
    if n == 2 and width == 36:
        return "MRVB" if first == "V" else "TD2"
    return None


# --- fields of each layout ------------------------------------------------------------
# (field, line, start, end, class): class "a" letters, "n" digits, "x" either, "s" sex,
# "c" check digit (digit, or "<" for an empty optional field).

_TD3 = [
    ("document_code", 0, 0, 2, "a"), ("issuing_country", 0, 2, 5, "a"), ("name", 0, 5, 44, "a"),
    ("document_number", 1, 0, 9, "x"), ("document_number_check", 1, 9, 10, "c"),
    ("nationality", 1, 10, 13, "a"), ("birth_date", 1, 13, 19, "n"), ("birth_date_check", 1, 19, 20, "c"),
    ("sex", 1, 20, 21, "s"), ("expiry_date", 1, 21, 27, "n"), ("expiry_date_check", 1, 27, 28, "c"),
    ("optional_data", 1, 28, 42, "x"), ("optional_data_check", 1, 42, 43, "c"), ("composite_check", 1, 43, 44, "c"),
]
_MRVA = _TD3[:11] + [("optional_data", 1, 28, 44, "x")]
_TD2 = [
    ("document_code", 0, 0, 2, "a"), ("issuing_country", 0, 2, 5, "a"), ("name", 0, 5, 36, "a"),
    ("document_number", 1, 0, 9, "x"), ("document_number_check", 1, 9, 10, "c"),
    ("nationality", 1, 10, 13, "a"), ("birth_date", 1, 13, 19, "n"), ("birth_date_check", 1, 19, 20, "c"),
    ("sex", 1, 20, 21, "s"), ("expiry_date", 1, 21, 27, "n"), ("expiry_date_check", 1, 27, 28, "c"),
    ("optional_data", 1, 28, 35, "x"), ("composite_check", 1, 35, 36, "c"),
]
_MRVB = _TD2[:11] + [("optional_data", 1, 28, 36, "x")]
_TD1 = [
    ("document_code", 0, 0, 2, "a"), ("issuing_country", 0, 2, 5, "a"),
    ("document_number", 0, 5, 14, "x"), ("document_number_check", 0, 14, 15, "c"),
    ("optional_data", 0, 15, 30, "x"),
    ("birth_date", 1, 0, 6, "n"), ("birth_date_check", 1, 6, 7, "c"), ("sex", 1, 7, 8, "s"),
    ("expiry_date", 1, 8, 14, "n"), ("expiry_date_check", 1, 14, 15, "c"), ("nationality", 1, 15, 18, "a"),
    ("optional_data_2", 1, 18, 29, "x"), ("composite_check", 1, 29, 30, "c"),
    ("name", 2, 0, 30, "a"),
]
FIELDS = {"TD3": _TD3, "MRVA": _MRVA, "TD2": _TD2, "MRVB": _MRVB, "TD1": _TD1}

# The check digits of each layout: (name, the data it guards as (line, start, end) spans, its position).
CHECKS = {
    "TD3": [("document_number", [(1, 0, 9)], (1, 9)), ("birth_date", [(1, 13, 19)], (1, 19)),
            ("expiry_date", [(1, 21, 27)], (1, 27)), ("optional_data", [(1, 28, 42)], (1, 42)),
            ("composite", [(1, 0, 10), (1, 13, 20), (1, 21, 43)], (1, 43))],
    "MRVA": [("document_number", [(1, 0, 9)], (1, 9)), ("birth_date", [(1, 13, 19)], (1, 19)),
             ("expiry_date", [(1, 21, 27)], (1, 27))],
    "TD2": [("document_number", [(1, 0, 9)], (1, 9)), ("birth_date", [(1, 13, 19)], (1, 19)),
            ("expiry_date", [(1, 21, 27)], (1, 27)), ("composite", [(1, 0, 10), (1, 13, 20), (1, 21, 35)], (1, 35))],
    "MRVB": [("document_number", [(1, 0, 9)], (1, 9)), ("birth_date", [(1, 13, 19)], (1, 19)),
             ("expiry_date", [(1, 21, 27)], (1, 27))],
    "TD1": [("document_number", [(0, 5, 14)], (0, 14)), ("birth_date", [(1, 0, 6)], (1, 6)),
            ("expiry_date", [(1, 8, 14)], (1, 14)),
            ("composite", [(0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)], (1, 29))],
}

KIND = {"TD3": "passport", "MRVA": "visa", "MRVB": "visa", "TD2": "travel document", "TD1": "identity card"}


def check_results(lines: list[str], layout: str) -> dict[str, bool]:
    """{check name: holds} for every check digit of the layout."""
    out = {}
    for name, spans, (ln, pos) in CHECKS[layout]:
        data = "".join(lines[l][a:b] for l, a, b in spans)
        digit = lines[ln][pos]
        if name == "document_number" and layout == "TD1" and digit == "<":
            data, digit = _td1_long_number(lines[0])
        if name == "optional_data" and digit == "<" and set(data) == {"<"}:
            out[name] = True  # an empty optional field may carry < as its check digit
            continue
        try:
            out[name] = icao_check_digit(data) == digit
        except ValueError:
            out[name] = False
    return out


def _td1_long_number(line1: str) -> tuple[str, str]:
    """A TD1 document number longer than 9: it runs on into the optional data, where its
    check digit is the character before the first filler (Doc 9303 Part 5, 4.2.2 note j)."""
    rest = line1[15:30].split("<", 1)[0]
    if not rest:
        return line1[5:14], "<"
    return line1[5:14] + rest[:-1], rest[-1]


def parse(lines: list[str]) -> dict | None:
    """The fields of an MRZ (lines already cleaned, of the right lengths), or None when
    the lines are no MRZ layout. Values as printed, fillers removed; dates YYMMDD."""
    layout = layout_of(lines)
    if layout is None:
        return None
    raw = {name: lines[ln][a:b] for name, ln, a, b, _ in FIELDS[layout]}
    surname, _, given = raw["name"].partition("<<")
    out = {
        "format": layout, "kind": KIND[layout], "lines": list(lines),
        "document_code": raw["document_code"].replace("<", ""),
        "document_type": raw["document_code"][0],
        "issuing_country": raw["issuing_country"].replace("<", ""),
        "surname": surname.replace("<", " ").strip(),
        "given_names": given.replace("<", " ").strip(),
        "name_truncated": raw["name"][-1] != "<",
        "document_number": raw["document_number"].replace("<", ""),
        "nationality": raw["nationality"].replace("<", ""),
        "birth_date": raw["birth_date"],
        "sex": raw["sex"].replace("<", "X"),
        "expiry_date": raw["expiry_date"],
        "optional_data": raw["optional_data"].replace("<", " ").strip(),
    }
    if layout == "TD1":
        if lines[0][14] == "<":
            number, _digit = _td1_long_number(lines[0])
            out["document_number"] = number.replace("<", "")
            out["optional_data"] = lines[0][15:30].split("<", 1)[1].replace("<", " ").strip() \
                if "<" in lines[0][15:30] else ""
        out["optional_data_2"] = raw["optional_data_2"].replace("<", " ").strip()
    out["checks"] = check_results(lines, layout)
    out["valid"] = all(out["checks"].values())
    return out


# --- correction of OCR readings ---------------------------------------------------------


def _classes(layout: str) -> list[list[str]]:
    """The class of each position of each line."""
    n, width = LAYOUTS[layout]
    out = [["x"] * width for _ in range(n)]
    for _, ln, a, b, cls in FIELDS[layout]:
        for i in range(a, b):
            out[ln][i] = cls
    return out


def _to_class(ch: str, cls: str) -> str:
    if cls in ("n", "c"):
        if cls == "c" and ch == "<":
            return ch
        return TO_DIGIT.get(ch, ch) if not ch.isdigit() else ch
    if cls == "a":
        return TO_LETTER.get(ch, ch) if ch.isdigit() else ch
    if cls == "s":
        return {"H": "M", "N": "M", "P": "F", "E": "F", "K": "<", "X": "<"}.get(ch, ch)
    return ch


def _fill_fillers(text: str) -> str:
    """Name field: the run of fillers at its end, and fillers read as K/S/G/C/E between fillers."""
    chars = list(text)
    for i in range(1, len(chars) - 1):
        if chars[i] in FILLER_LOOKALIKES and chars[i - 1] == "<" and chars[i + 1] == "<":
            # "<K<" inside a name is a filler misread, unless a one-letter name follows ("<<K<")
            if not (i >= 2 and chars[i - 2] == "<" and i + 2 < len(chars) and chars[i + 2] != "<"):
                chars[i] = "<"
    out = "".join(chars)
    # the fillers that end the field, with misread fillers among them
    m = re.search(r"<<[<KSGCE]*$", out)
    if m and m.group(0).count("<") >= 0.5 * len(m.group(0)):
        out = out[:m.start()] + "<" * len(m.group(0))
    return out


def _coerce(lines: list[str], layout: str) -> list[str]:
    classes = _classes(layout)
    out = []
    for ln, line in enumerate(lines):
        out.append("".join(_to_class(ch, classes[ln][i]) for i, ch in enumerate(line)))
    for name, ln, a, b, cls in FIELDS[layout]:
        if name == "name" or (name in ("optional_data", "optional_data_2") and layout != "TD1"):
            seg = _fill_fillers(out[ln][a:b]) if name == "name" else _fill_fillers_optional(out[ln][a:b])
            out[ln] = out[ln][:a] + seg + out[ln][b:]
    return out


def _fill_fillers_optional(text: str) -> str:
    m = re.search(r"<[<KSGCE]*$", text)
    if m and m.group(0).count("<") >= 0.6 * len(m.group(0)):
        return text[:m.start()] + "<" * len(m.group(0))
    return text


def _alternatives(lines: list[str], layout: str):
    """The reading with one look-alike changed, at each spot a check digit guards where
    the class allows either (document number, optional data). One change at a time only:
    two O/0 swaps can cancel out in a check digit (weights 7 and 3: 24 × 10 ≡ 0), so a
    reading fixed in two places could hold every check digit and still be wrong."""
    classes = _classes(layout)
    guarded = set()
    for _name, spans, _pos in CHECKS[layout]:
        for l, a, b in spans:
            guarded.update((l, i) for i in range(a, b))
    for ln, line in enumerate(lines):
        for i, ch in enumerate(line):
            if (ln, i) in guarded and classes[ln][i] == "x" and ch in AMBIGUOUS:
                changed = list(lines)
                changed[ln] = line[:i] + AMBIGUOUS[ch] + line[i + 1:]
                yield changed


def _fit(line: str, width: int) -> list[str]:
    """Ways to bring an OCR line to `width` characters: a filler lost or gained in a run
    of fillers (the engine counts long runs badly), or at the end."""
    if len(line) == width:
        return [line]
    diff = width - len(line)
    if abs(diff) > 3:
        return []
    out = []
    # the longest run first: the likeliest to be miscounted (and the name line is not guarded)
    runs = sorted(re.finditer(r"<{2,}", line), key=lambda m: m.start() - m.end())
    for m in runs:
        if diff > 0:
            out.append(line[:m.start()] + "<" * diff + line[m.start():])
        elif m.end() - m.start() > -diff:
            out.append(line[:m.start()] + line[m.start() - diff:])
    if diff > 0:
        out.append(line + "<" * diff)
    else:
        out.append(line[:width])
    return list(dict.fromkeys(out))


def correct(lines: list[str], alts: list | None = None) -> dict | None:
    """The best MRZ reading of OCR'd `lines` (2 or 3 strings): a layout and reading whose
    check digits all hold, or else the closest reading with its failed checks (`valid`
    False). None when the lines fit no layout.

    `alts`: what the recogniser also considered, per line and character ({char:
    probability}). With it, the look-alikes tried are those the recogniser found likely,
    several at once, and a reading is accepted only when it is clearly the likeliest of
    those whose check digits hold (two O/0 swaps can cancel out in a check digit, so
    "every check digit holds" alone can still be wrong) and the recogniser was sure of
    every letter of the name (no check digit guards it)."""
    raw = [clean(ln) for ln in lines if clean(ln)]
    if alts is not None and (len(alts) != len(lines) or any(len(a) != len(ln) for a, ln in zip(alts, lines))):
        alts = None
    best = None
    for layout, (n, width) in LAYOUTS.items():
        if len(raw) != n or (layout in ("MRVA", "MRVB")) != (raw[0][:1] == "V"):
            continue
        fits = [_fit(ln, width) for ln in raw]
        if not all(fits):
            continue
        for variant in itertools.product(*fits):
            coerced = _coerce(list(variant), layout)
            first = parse(coerced)
            if first is None:
                continue
            score = sum(first["checks"].values())
            if best is None or score > best[0]:
                best = (score, first)
            if alts is not None:
                aligned = [_align(a, r, v) for a, r, v in zip(alts, raw, variant)]
                found = _likeliest(coerced, layout, aligned)
                if found == "ambiguous" or (found is not None and _name_unsure(found["lines"], layout, aligned)):
                    continue
                if found is not None:
                    found["corrected"] = found["lines"] != list(variant)
                    return _settle_codes(found)
                continue
            if first["valid"]:
                first["corrected"] = coerced != list(variant)
                return _settle_codes(first)
            fixes = {}
            for alt in _alternatives(coerced, layout):
                parsed = parse(alt)
                if parsed and parsed["valid"]:
                    fixes[tuple(alt)] = parsed
            if len(fixes) == 1:  # more than one would be a guess
                parsed = next(iter(fixes.values()))
                parsed["corrected"] = True
                return _settle_codes(parsed)
    if best is not None:
        best[1]["valid"] = False if alts is not None and best[1]["valid"] else best[1]["valid"]
    return _settle_codes(best[1]) if best else None


class Measured(dict):
    """Alternatives of a character told by measuring its glyph (O or 0 by its height,
    forms.inspection.mrz_glyphs), not by the recogniser: taken as they are."""


MIN_ALT_PROB = 0.03  # a look-alike the recogniser gave less than this is not tried
DOMINANCE = 10.0  # the likeliest valid reading must be this many times likelier than the next
MAX_SPOTS = 10


def _align(alts: list, raw: str, variant: str) -> list:
    """The recogniser's alternatives re-aligned to a line whose fillers were refitted."""
    if raw == variant:
        return alts
    import difflib

    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, raw, variant, autojunk=False).get_opcodes():
        if op == "equal":
            out += alts[i1:i2]
        else:
            out += [{variant[j]: 1.0} for j in range(j1, j2)]
    return out


NAME_SURE = 0.8  # the least probability of each letter of a name, which no check digit guards


def _name_unsure(lines: list[str], layout: str, alts: list) -> bool:
    """Whether the recogniser was unsure of a letter of the name (a digit look-alike
    counting for its letter): every check digit may hold with the name misread."""
    for name, ln, a, b, _cls in FIELDS[layout]:
        if name != "name":
            continue
        for i in range(a, b):
            ch = lines[ln][i]
            if ch != "<" and sum(p for c, p in alts[ln][i].items() if TO_LETTER.get(c, c) == ch) < NAME_SURE:
                return True
    return False


def _beside_letter(line: str, i: int) -> bool:
    return any(0 <= j < len(line) and line[j].isalpha() and line[j] != "O" for j in (i - 1, i + 1))


def _likeliest(lines: list[str], layout: str, alts: list):
    """The likeliest reading whose check digits all hold, changing only guarded
    alphanumeric positions to look-alikes the recogniser found likely; None if there is
    none, "ambiguous" if another valid reading is nearly as likely."""
    classes = _classes(layout)
    guarded = set()
    for _name, spans, _pos in CHECKS[layout]:
        for l, a, b in spans:
            guarded.update((l, i) for i in range(a, b))
    mixed = set()  # positions of fields that mix letters and digits
    for _name, ln, a, b, cls in FIELDS[layout]:
        seg = lines[ln][a:b]
        if cls == "x" and any(c.isdigit() for c in seg) and any(c.isalpha() and c != "O" for c in seg):
            mixed.update((ln, i) for i in range(a, b))
    spots = []
    for ln, line in enumerate(lines):
        for i, ch in enumerate(line):
            if (ln, i) not in guarded or classes[ln][i] != "x":
                continue
            probs = alts[ln][i]
            own = probs.get(ch, MIN_ALT_PROB)
            options = [(c, p / own) for c, p in probs.items() if c != ch and p >= MIN_ALT_PROB]
            if ch in "O0" and (ln, i) in mixed and _beside_letter(line, i) and not isinstance(probs, Measured):
                # the recogniser does not tell OCR-B's O from 0: beside a letter, in a field
                # that mixes letters and digits, either is as likely as the other
                options = [(c, r) for c, r in options if c not in "O0"] + [("0" if ch == "O" else "O", 1.0)]
            if options:
                spots.append((max(p for _, p in options), ln, i, options))
    spots = sorted(spots, reverse=True)[:MAX_SPOTS]
    valid = []
    for choice in itertools.product(*[[(None, 1.0)] + opts for _, _, _, opts in spots]):
        grid = [list(line) for line in lines]
        weight = 1.0
        for (_, ln, i, _), (ch, ratio) in zip(spots, choice):
            if ch is not None:
                grid[ln][i] = ch
                weight *= ratio
        cand = ["".join(row) for row in grid]
        parsed = parse(cand)
        if parsed and parsed["valid"]:
            valid.append((weight, parsed))
    if not valid:
        return None
    valid.sort(key=lambda x: -x[0])
    if len(valid) > 1 and valid[0][0] < DOMINANCE * valid[1][0]:
        return "ambiguous"
    return valid[0][1]


def known_codes() -> set[str]:
    """Every code an MRZ may give as issuing state or nationality: ISO 3166-1 alpha-3, the
    ICAO extras (resources/data/icao_codes.csv) and UTO, the Utopia of ICAO's specimens."""
    from forms.case import countries

    return set(countries._by_alpha3()) | {r["code"] for r in countries._rows("icao_codes.csv")} | {"UTO"}


def _settle_codes(reading: dict) -> dict:
    """No check digit guards the two country codes. One that is no known code but differs
    from the other, known one by a single letter is that one misread (nationality and
    issuing state are the same on most passports); a code still unknown is listed in
    `uncertain`, for the caller not to trust."""
    known = known_codes()
    a, b = reading["issuing_country"], reading["nationality"]
    if a in known and b not in known and len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1:
        reading["nationality"] = a
    elif b in known and a not in known and len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1:
        reading["issuing_country"] = b
    for name, ln, start, end, _ in FIELDS[reading["format"]]:
        if name in ("issuing_country", "nationality"):
            line = reading["lines"][ln]
            reading["lines"][ln] = line[:start] + reading[name].ljust(end - start, "<") + line[end:]
    reading["uncertain"] = [f for f in ("issuing_country", "nationality") if reading[f] not in known]
    return reading


def split_text(text: str) -> list[list[str]]:
    """Candidate MRZ line groups in a text (a PDF's text layer, or OCR output): runs of 2
    or 3 consecutive lines of MRZ-like text of similar length."""
    rows = [clean(ln) for ln in text.splitlines()]
    rows = [r for r in rows if len(r) >= 26 and r.count("<") >= 1]
    out = []
    for size in (2, 3):
        for i in range(len(rows) - size + 1):
            group = rows[i:i + size]
            if max(map(len, group)) - min(map(len, group)) <= 3:
                out.append(group)
    # a scanner's text layer may join the lines of an MRZ into one
    for r in rows:
        for n, width in ((2, 44), (2, 36), (3, 30)):
            if len(r) == n * width:
                out.append([r[i * width:(i + 1) * width] for i in range(n)])
    return out
