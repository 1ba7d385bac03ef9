"""shebao pack-all --out DIR: the submission pack (or the forms) of every case in the case
store, or of those named, into one folder; one line per case: saved, refused with its
blockers, or failed with the reason. Exit 0: all saved; 1: some refused or failed."""

from __future__ import annotations

import json
from pathlib import Path

from forms.cli import EXIT_BLOCKERS, EXIT_OK, add_common, on_or_today
from forms.cli.text import wrap
from forms.common.i18n import N_, pick, tr


def add_parser(sub) -> None:
    p = sub.add_parser("pack-all", help="packs (or forms) for every case in the case store, into one folder")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    p.add_argument("--forms", action="store_true", help="the filled forms (PDF) instead of the packs")
    p.add_argument("--case", action="append", default=[], metavar="ID", help="only this case (repeatable)")
    p.add_argument("--due", action="store_true", help="only the cases with something due (see shebao due)")
    p.add_argument("--draft", action="store_true", help="also cases with blockers, marked DRAFT on every page")
    p.add_argument("--form-lang", choices=["both", "zh", "en"], default="both",
                   help="language of the filled-in values (labels are always bilingual)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--store", metavar="DIR", help="the case store's folder (default: the app's data folder)")
    add_common(p)
    p.set_defaults(run=run)


def run(args, lang: str) -> int:
    from forms.office.batch import SAVED, run_batch
    from forms.verdict.refresh import refresh_summaries
    from forms.cli.due_cmd import open_store

    today = on_or_today(args)
    store = open_store(args.store)
    try:
        rows = store.rows()
        if args.due:
            refresh_summaries(store.path, str(store.root), today)
            rows = [r for r in store.rows() if r.due]
        ids = args.case or [r.id for r in sorted(rows, key=lambda r: r.name)]
        done = []

        def said(item):
            done.append(item)
            if not args.json:
                _print(item, lang)

        items = run_batch(store.load, ids, today, Path(args.out), "forms" if args.forms else "pack", draft=args.draft,
                          lang=None if args.form_lang == "both" else args.form_lang, on_item=said)
    finally:
        store.close()
    if args.json:
        print(json.dumps([i.to_dict() for i in items], ensure_ascii=False, indent=2))
    else:
        print(tr(N_("{saved} saved, {other} refused or failed, of {n} cases."), lang,
                 saved=sum(i.status == SAVED for i in items), other=sum(i.status != SAVED for i in items), n=len(items)))
    return EXIT_OK if all(i.status == SAVED for i in items) else EXIT_BLOCKERS


def _print(item, lang: str) -> None:
    status = {"saved": N_("saved"), "refused": N_("refused"), "failed": N_("failed")}[item.status]
    name = item.name or item.case
    print(f"{tr(status, lang):<8} {name}: " + (", ".join(item.paths) or pick(item.reason, lang) if item.reason or item.paths else ""))
    if item.reason and item.paths:
        print(wrap(pick(item.reason, lang), 9))
    for message in item.blockers:
        print(wrap("- " + pick(message, lang), 9))
