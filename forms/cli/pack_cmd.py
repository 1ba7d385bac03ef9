"""shebao pack CASE.json -o pack.pdf: cover, forms and scans in one PDF."""

from __future__ import annotations

import sys

from forms.cli import EXIT_BLOCKERS, EXIT_OK, add_common, law_of
from forms.common.i18n import N_, tr, trn


def add_parser(sub) -> None:
    p = sub.add_parser("pack", help="assemble the submission pack: cover, forms and scans in one PDF")
    p.add_argument("case", help="case file (JSON)")
    p.add_argument("-o", "--output", required=True, metavar="PACK.pdf", help="the pack to write")
    p.add_argument("--draft", action="store_true", help="assemble despite blockers, marked DRAFT on every page")
    p.add_argument("--form-lang", choices=["both", "zh", "en"], default="both",
                   help="language of the filled-in values (labels are always bilingual)")
    add_common(p)
    p.set_defaults(run=run)


def run(args, lang: str) -> int:
    from forms.case.model import load_case
    from forms.pack.build import PackRefused, build_pack
    from forms.pack.files import PackFileError
    from forms.cli.fill_cmd import refuse_blockers

    case = load_case(args.case)
    law = law_of(args)
    try:
        result = build_pack(case, law, args.output, draft=args.draft,
                            lang=None if args.form_lang == "both" else args.form_lang)
    except PackRefused as exc:
        refuse_blockers(exc.report, lang)
        return EXIT_BLOCKERS
    except PackFileError as exc:  # a file the check passed that still cannot go in: no pack
        print("shebao: " + exc.message[lang], file=sys.stderr)
        return EXIT_BLOCKERS
    for problem in result.problems:
        print(tr(N_("WARNING"), lang) + ": " + problem[lang], file=sys.stderr)
    print(tr(N_("{path}: {pages}"), lang, path=str(result.path), pages=trn("{n} page", "{n} pages", result.pages, lang)))
    return EXIT_OK
