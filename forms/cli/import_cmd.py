"""shebao import ROSTER: employees from a CSV or .xlsx roster into the case store, one case
per row (forms.office.roster). A re-import updates the case with the same passport number and
nationality. Exit 0: every row imported; 1: some rows refused (listed, nothing of them
stored); 2: the file cannot be read."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from forms.cli import EXIT_BLOCKERS, EXIT_OK, EXIT_UNUSABLE, add_common, on_or_today
from forms.cli.text import wrap
from forms.common.i18n import N_, pick, tr


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="import employees from a roster (CSV or .xlsx): one case per row")
    p.add_argument("roster", nargs="?", help="the roster file (.csv or .xlsx)")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help="map a column header to a case field (e.g. 'Pass No=person.passport.number'); "
                        "other columns are recognised by their header")
    p.add_argument("--procedure", choices=["registration", "departure"], default="registration",
                   help="for rows without a procedure column (default: registration)")
    p.add_argument("--dry-run", action="store_true", help="check and report, store nothing")
    p.add_argument("--template", metavar="FILE", help="write an empty roster with the bilingual headers (.xlsx or .csv) and stop")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--store", metavar="DIR", help="the case store's folder (default: the app's data folder)")
    add_common(p)
    p.set_defaults(run=run)


def run(args, lang: str) -> int:
    from forms.office.roster import FIELDS, RosterError, guess_mapping, import_roster, read_table, save_template
    from forms.cli.due_cmd import open_store

    if args.template:
        print(tr(N_("Template saved to {path}."), lang, path=str(save_template(Path(args.template)))))
        return EXIT_OK
    if not args.roster:
        print("shebao: " + tr(N_("Name the roster file to import (or --template FILE)."), lang), file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        table = read_table(Path(args.roster))
    except RosterError as exc:
        print(f"shebao: {exc.message[lang]}", file=sys.stderr)
        return EXIT_UNUSABLE
    remembered = {}
    for item in args.map:
        column, _sep, fld = item.partition("=")
        if fld not in FIELDS or column not in table.headers:
            print("shebao: " + tr(N_("--map {item}: the column must be one of the file's headers and the field one of: {fields}"),
                                  lang, item=item, fields=", ".join(FIELDS)), file=sys.stderr)
            return EXIT_UNUSABLE
        remembered[column] = fld
    mapping = guess_mapping(table.headers, remembered)
    store = open_store(args.store)
    try:
        result = import_roster(store, table, mapping, on_or_today(args), procedure=args.procedure, dry_run=args.dry_run)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"mapping": {table.headers[i]: f for i, f in mapping.items()}, **result.to_dict()},
                         ensure_ascii=False, indent=2))
    else:
        print(tr(N_("{created} created, {updated} updated, {unchanged} unchanged, {refused} rows refused."), lang,
                 created=len(result.created), updated=len(result.updated), unchanged=len(result.unchanged),
                 refused=len(result.refused_rows)))
        for entry in result.updated:
            changed = ", ".join(c["field"] for c in entry["changes"])
            print(wrap(tr(N_("row {row}: {name} updated: {fields}"), lang, row=entry["row"], name=entry["name"],
                          fields=changed), 2))
        for p in result.problems:
            where = (tr(N_("row {row}, column “{column}”"), lang, row=p.row, column=p.column) if p.column else
                     tr(N_("row {row}"), lang, row=p.row) if p.row else "")
            print(wrap(f"{where}: {pick(p.message, lang)}" if where else pick(p.message, lang), 2))
            print(wrap(tr(N_("fix: {fix}"), lang, fix=pick(p.fix, lang)), 6))
    return EXIT_BLOCKERS if result.problems else EXIT_OK
