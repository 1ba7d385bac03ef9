"""Roster import speed: a generated 1,000-row XLSX roster with 5 % bad rows (the template's
headers), read, checked row by row and stored with each case's status; then the same file
imported again (nothing to change). Against the floor of reading the workbook alone with
openpyxl, in the same process.

    python bench/bench_roster.py [--rows 1000]

Target (issue 14): the import under 10 s; every good row imported, every bad row reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    from openpyxl import load_workbook

    from forms.office.roster import guess_mapping, import_roster, read_table
    from forms.store import CaseStore
    from tests.roster_maker import make_roster

    tmp = Path(tempfile.mkdtemp(prefix="shebao-roster-"))
    try:
        path = tmp / "roster.xlsx"
        bad = make_roster(path, args.rows)
        t0 = time.perf_counter()
        book = load_workbook(path, read_only=True)
        n = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        floor = time.perf_counter() - t0
        store = CaseStore(tmp / "store")
        today = dt.date.today()
        t0 = time.perf_counter()
        table = read_table(path)
        first = import_roster(store, table, guess_mapping(table.headers), today)
        first_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        table = read_table(path)
        again = import_roster(store, table, guess_mapping(table.headers), today)
        again_s = time.perf_counter() - t0
        stored = len(store.rows())
        store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    reported = sorted({p.row for p in first.problems})
    print(f"{args.rows} rows ({len(bad)} bad), {n - 1} read by openpyxl alone in {floor:.2f} s")
    print(f"  import: {first_s:.2f} s (target < 10 s; {first_s / floor:.1f}x the bare read): "
          f"{len(first.created)} created, {len(reported)} rows refused, every bad row reported: {reported == sorted(bad)}")
    print(f"  again:  {again_s:.2f} s: {len(again.created)} created, {len(again.updated)} updated, "
          f"{len(again.unchanged)} unchanged; {stored} cases in the store")
    return 0


if __name__ == "__main__":
    sys.exit(main())
