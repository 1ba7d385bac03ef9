"""shebao fill CASE.json --out DIR: the forms a case needs, as PDF and DOCX."""

from __future__ import annotations

import sys

from forms.cli import EXIT_BLOCKERS, EXIT_OK, EXIT_UNUSABLE, add_common, law_of
from forms.common.i18n import N_, tr


def add_parser(sub) -> None:
    p = sub.add_parser("fill", help="fill the forms of a case as signable PDF (and DOCX)")
    p.add_argument("case", help="case file (JSON)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the filled forms")
    p.add_argument("--format", default="pdf,docx", metavar="pdf,docx", help="file formats (default: pdf,docx)")
    p.add_argument("--draft", action="store_true", help="fill despite blockers, marked DRAFT on every page")
    p.add_argument("--form-lang", choices=["both", "zh", "en"], default="both",
                   help="language of the filled-in values (labels are always bilingual)")
    add_common(p)
    p.set_defaults(run=run)


def refuse_blockers(report, lang: str) -> None:
    from forms.cli.text import finding_line

    print(tr(N_("Refused: the case has blockers. Resolve them, or add --draft for a draft marked DRAFT on every page."), lang),
          file=sys.stderr)
    for f in report.findings:
        if f.severity == "blocker":
            for line in finding_line(f, lang):
                print(line, file=sys.stderr)


def run(args, lang: str) -> int:
    from forms.case.model import load_case
    from forms.fill.write import FORMATS, fill_forms, forms_for
    from forms.verdict.report import build_report

    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        print("shebao: " + tr(N_("Unknown format {format}: use pdf, docx or both (pdf,docx)."), lang,
                              format=", ".join(bad) or "''"), file=sys.stderr)
        return EXIT_UNUSABLE
    case = load_case(args.case)
    law = law_of(args)
    report = build_report(case, law, inspect=True)  # the verdict `check` gives, file findings included
    if not report.ready and not args.draft:
        refuse_blockers(report, lang)
        return EXIT_BLOCKERS
    if not forms_for(case, law):
        print(tr(N_("This case needs no forms (retaining the account, or registering online)."), lang))
        return EXIT_OK
    paths = fill_forms(case, law, args.out, formats, None if args.form_lang == "both" else args.form_lang,
                       draft=args.draft)
    for path in paths:
        print(path)
    return EXIT_OK
