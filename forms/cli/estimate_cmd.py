"""shebao estimate CASE.json: an estimate of the refund of the personal pension account.
Never part of the submission pack; it says that the bureau computes the real amount."""

from __future__ import annotations

import json
import sys

from forms.cli import EXIT_OK, EXIT_UNUSABLE, add_common
from forms.common.i18n import N_, tr


def add_parser(sub) -> None:
    p = sub.add_parser("estimate", help="estimate the refund of the personal pension account on departure")
    p.add_argument("case", help="case file (JSON) with its contribution history")
    p.add_argument("--record", metavar="RECORD.txt",
                   help="read the history from the pasted table text of the contribution record instead")
    p.add_argument("--json", action="store_true", help="print the estimate as JSON")
    p.add_argument("--pdf", metavar="ESTIMATE.pdf", help="also write the one-page estimate for the employee")
    add_common(p)
    p.set_defaults(run=run)


def run(args, lang: str) -> int:
    import datetime as dt
    from pathlib import Path

    from forms.case.model import full_name, load_case
    from forms.law.deadlines import evaluation_date
    from forms.estimate import EstimateError, HistoryError, estimate_case, parse_record, to_case

    case = load_case(args.case)
    on = args.on or evaluation_date(case, dt.date.today())
    try:
        if args.record:
            case = dict(case, contributions=to_case(parse_record(Path(args.record).read_text(encoding="utf-8-sig"))))
        est = estimate_case(case, on)
    except (HistoryError, EstimateError) as exc:
        print(f"shebao: {exc.message[lang]}", file=sys.stderr)
        return EXIT_UNUSABLE
    if args.json:
        json.dump(est.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_estimate(est, lang, full_name(case))
    if args.pdf:
        from forms.estimate.pdf import render_estimate
        from forms.fill.write import write_private

        path = write_private(Path(args.pdf), render_estimate(case, est, lang))
        print(tr(N_("{path}: one page (not for the submission pack)"), lang, path=str(path)), file=sys.stderr)
    return EXIT_OK


def print_estimate(est, lang: str, name: str) -> None:
    from forms.estimate import text as T
    from forms.cli.text import finding_line, wrap

    print(tr(N_("{name}: estimate of the pension account refund"), lang, name=name or "?"))
    print()
    table = [T.headers(lang)] + T.rows(est, lang)
    widths = [max(_cols(r[i]) for r in table) for i in range(len(table[0]))]
    for row in table:
        print("  " + "  ".join(_pad(cell, w, right=i > 0) for i, (cell, w) in enumerate(zip(row, widths))))
    for line in T.legend(est, lang):
        print("  " + line)
    print()
    print(T.headline(est, lang))
    print(T.totals_line(est, lang))
    print(T.range_line(est, lang))
    if est.findings:
        print()
        for f in est.findings:
            for line in finding_line(f, lang):
                print(line)
    print()
    print(tr(N_("Assumptions:"), lang))
    for a in est.assumptions[:-1]:
        print(wrap("- " + a[lang], 2))
    print(tr(N_("Sources:"), lang))
    for s in T.source_lines(est, lang):
        print(wrap("- " + s, 2))
    print()
    print(wrap(T.disclaimer(lang), 0))


def _cols(text: str) -> int:
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)  # CJK: two terminal columns


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _cols(text))
    return fill + text if right else text + fill
