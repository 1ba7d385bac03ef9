"""shebao check CASE.json: the requirements and the findings of one case."""

from __future__ import annotations

import json
import sys

from forms.cli import EXIT_BLOCKERS, EXIT_OK, add_common, law_of
from forms.cli.text import advice_lines, finding_line, requirement_lines
from forms.common.i18n import N_, pick, tr, trn


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="list the documents a case needs and what is wrong with it")
    p.add_argument("case", help="case file (JSON)")
    p.add_argument("--json", action="store_true", help="print the result as JSON (see README)")
    p.add_argument("--no-inspect", action="store_true",
                   help="check the case data only, without opening the attached files")
    add_common(p)
    p.set_defaults(run=run)


def run(args, lang: str) -> int:
    from forms.case.model import full_name, load_case
    from forms.verdict.report import build_report

    case = load_case(args.case)
    report = build_report(case, law_of(args), inspect=not args.no_inspect)
    if args.json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_report(report, lang, full_name(case))
    return EXIT_OK if report.ready else EXIT_BLOCKERS


def print_report(report, lang: str, name: str) -> None:
    from forms.common.i18n import format_date

    case = report.case
    procedure = {"registration": N_("registration"), "departure": N_("settlement upon departure")}
    print(tr(N_("{name}: {procedure}, checked for {date}"), lang, name=name or "?",
             procedure=tr(procedure.get(case.get("procedure"), "?"), lang), date=format_date(report.on, lang)))
    print()
    print(tr(N_("Documents ({count}):"), lang, count=len(report.requirements)))
    summaries = {r.path: pick(r.facts.get("summary"), lang) for r in report.files or [] if r.exists}
    for req in report.requirements:
        attached = [a["path"] + (f" ({summaries[a['path']]})" if a["path"] in summaries else "")
                    for a in report.attachments_for(req.id)]
        for line in requirement_lines(req, lang, report.status(req), attached):
            print(line)
    if report.advice:
        print()
        print(tr(N_("Good to know:"), lang))
        for line in advice_lines(report.advice, lang):
            print(line)
    print()
    c = {s: sum(1 for f in report.findings if f.severity == s) for s in ("blocker", "warning", "info")}
    print(tr(N_("Findings: {blockers}, {warnings}, {infos}"), lang,
             blockers=trn("{n} blocker", "{n} blockers", c["blocker"], lang),
             warnings=trn("{n} warning", "{n} warnings", c["warning"], lang),
             infos=trn("{n} note", "{n} notes", c["info"], lang)))
    for f in report.findings:
        for line in finding_line(f, lang):
            print(line)
    print()
    print(tr(N_("Ready to submit.") if report.ready else N_("Not ready: resolve the blockers first."), lang))
