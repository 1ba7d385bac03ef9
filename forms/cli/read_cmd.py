"""shebao read FILE... [--json]: the machine-readable zone of passports, ID cards and visas,
per field, with the check-digit status. Read by the inspection (worker processes, cache)."""

from __future__ import annotations

import json
import sys

from forms.cli import EXIT_BLOCKERS, EXIT_OK, EXIT_UNUSABLE, add_common
from forms.common.i18n import N_, tr

# (field, its check digit or None, label)
FIELDS = [
    ("document_code", None, N_("document code")),
    ("issuing_country", None, N_("issuing state")),
    ("surname", None, N_("surname")),
    ("given_names", None, N_("given names")),
    ("document_number", "document_number", N_("document number")),
    ("nationality", None, N_("nationality")),
    ("birth_date", "birth_date", N_("date of birth")),
    ("sex", None, N_("sex")),
    ("expiry_date", "expiry_date", N_("date of expiry")),
    ("optional_data", "optional_data", N_("optional data")),
    ("optional_data_2", None, N_("optional data (line 2)")),
]
COMPOSITE = N_("composite (whole line)")


def pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    import unicodedata

    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - cols)


def add_parser(sub) -> None:
    p = sub.add_parser("read", help="read the machine-readable zone (MRZ) of passport, ID card and visa scans")
    p.add_argument("files", nargs="+", metavar="FILE", help="scans or photos (JPEG, PNG, TIFF, PDF)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_common(p, on=False)
    p.set_defaults(run=run)


def fields(reading: dict) -> dict:
    """{field: {"value", "check"}}: check is True/False where a check digit guards the
    field, else None; plus the composite check digit."""
    checks = reading.get("checks", {})
    out = {}
    for name, check, _label in FIELDS:
        if name in reading:
            out[name] = {"value": reading[name], "check": checks.get(check) if check else None}
    if "composite" in checks:
        out["composite"] = {"value": None, "check": checks["composite"]}
    return out


def run(args, lang: str) -> int:
    from pathlib import Path

    from forms.inspection import inspect_files

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        for f in missing:
            print("shebao: " + tr(N_("not a file: {file}"), lang, file=f), file=sys.stderr)
        return EXIT_UNUSABLE
    results = inspect_files(args.files)
    rows = []
    for r in results:
        reading = (r.analysis or {}).get("mrz_read")
        problems = [f.code for f in r.findings if f.severity == "blocker"]
        rows.append({"path": r.path, "read": bool(reading and reading["valid"]), "mrz": reading,
                     "fields": fields(reading) if reading else None, "problems": problems})
    if args.json:
        json.dump({"files": rows}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for row in rows:
            print_row(row, lang)
    return EXIT_OK if all(row["read"] for row in rows) else EXIT_BLOCKERS


def status_line(reading: dict | None, lang: str) -> str:
    if reading is None:
        return tr(N_("no machine-readable zone found"), lang)
    how = tr(N_("text layer"), lang) if reading["source"] == "text" else tr(N_("OCR"), lang)
    parts = [reading["format"], how]
    if reading.get("rotation"):
        parts.append(tr(N_("turned {degrees}°"), lang, degrees=reading["rotation"]))
    if reading["valid"]:
        parts.append(tr(N_("every check digit holds"), lang))
    else:
        parts.append(tr(N_("check digits fail: not trusted"), lang))
    return ", ".join(parts)


def field_lines(reading: dict, lang: str) -> list[str]:
    out = []
    table = fields(reading)
    for name, _check, label in FIELDS:
        if name not in table:
            continue
        value, check = table[name]["value"], table[name]["check"]
        mark = {True: tr(N_("check digit holds"), lang), False: tr(N_("CHECK DIGIT WRONG"), lang), None: ""}[check]
        if name in reading.get("uncertain", ()):
            mark = tr(N_("not a known code"), lang)
        out.append(f"{pad(tr(label, lang), 24)}{pad(value or '—', 34)}{mark}".rstrip())
    if "composite" in table:
        mark = tr(N_("check digit holds"), lang) if table["composite"]["check"] else tr(N_("CHECK DIGIT WRONG"), lang)
        out.append(f"{pad(tr(COMPOSITE, lang), 24)}{pad('', 34)}{mark}")
    return out


def print_row(row: dict, lang: str) -> None:
    print(f"{row['path']}  ({status_line(row['mrz'], lang)})")
    if row["mrz"]:
        for line in row["mrz"]["lines"]:
            print(f"  {line}")
        for line in field_lines(row["mrz"], lang):
            print(f"  {line}")
    for code in row["problems"]:
        print(f"  {code}")
    print()
