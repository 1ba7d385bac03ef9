"""A generated employee roster (XLSX or CSV) with a known share of bad rows, for the roster
import's tests and bench/bench_roster.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from forms.office.roster import FIELDS, header

COLUMNS = ["person.surname", "person.given_names", "person.sex", "person.birth_date", "person.nationality",
           "person.passport.number", "person.passport.expiry", "employment.employer_name_en",
           "employment.document_kind", "employment.document_number", "employment.document_processed",
           "employment.document_expiry", "employment.residence_permit_expiry", "employment.monthly_wage"]
NATIONS = ["DE", "FR", "US", "GB", "JP", "KR", "IT", "ES", "CA", "AU"]
# (column, cell value, why it is refused)
BAD = [("employment.document_processed", "31/02/2027", "not a date"),
       ("person.nationality", "Atlantis", "not a country"),
       ("person.passport.number", "", "empty"),
       ("person.passport.number", "AB-12/34", "pattern"),
       ("person.sex", "unknown", "not one of the choices")]


def roster_rows(n: int, bad_every: int = 20, start: dt.date = dt.date(2026, 11, 1)) -> tuple[list[list], dict]:
    """n rows; every `bad_every`-th row (the 20th, 40th... : 5 %) has one bad cell.
    Returns the rows and {file row number: (column header, reason)} of the bad ones."""
    rows, bad = [], {}
    for i in range(n):
        values = {
            "person.surname": f"EMPLOYEE{i:05d}", "person.given_names": "ALEX", "person.sex": "MF"[i % 2],
            "person.birth_date": dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
            "person.nationality": NATIONS[i % len(NATIONS)], "person.passport.number": f"P{i:07d}",
            "person.passport.expiry": (start + dt.timedelta(days=400 + i)).isoformat(),
            "employment.employer_name_en": "Example Trading (Shenzhen) Co., Ltd.",
            "employment.document_kind": "work_permit", "employment.document_number": f"WP{i:08d}",
            "employment.document_processed": start + dt.timedelta(days=i % 40),
            "employment.document_expiry": (start + dt.timedelta(days=300 + i % 200)).strftime("%Y/%m/%d"),
            "employment.residence_permit_expiry": start + dt.timedelta(days=20 + i % 90),
            "employment.monthly_wage": 15000 + i,
        }
        if (i + 1) % bad_every == 0:
            column, value, reason = BAD[(i // bad_every) % len(BAD)]
            values[column] = value
            bad[i + 2] = (header(column), reason)  # row 1 is the header
        rows.append([values[c] for c in COLUMNS])
    return rows, bad


def make_roster(path: Path, n: int, bad_every: int = 20) -> dict:
    """Write the roster (.xlsx or .csv by the suffix) with the template's headers."""
    assert all(c in FIELDS for c in COLUMNS)
    rows, bad = roster_rows(n, bad_every)
    headers = [header(c) for c in COLUMNS]
    if Path(path).suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        book.save(path)
    else:
        import csv

        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(headers)
            w.writerows([[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in rows])
    return bad
