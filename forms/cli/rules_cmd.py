"""shebao rules: the checklist for a situation, without a case file."""

from __future__ import annotations

import argparse

from forms.cli import EXIT_OK, add_common, law_of
from forms.cli.text import advice_lines, finding_line, requirement_lines, section_lines
from forms.common.i18n import N_, tr


def add_parser(sub) -> None:
    p = sub.add_parser("rules", help="print the checklist for a procedure and situation")
    p.add_argument("--procedure", required=True, choices=["registration", "departure"])
    p.add_argument("--nationality", metavar="CC", type=str.upper, help="ISO 3166 two-letter country code")
    p.add_argument("--channel", choices=["online", "counter", "one_stop"], default="counter")
    p.add_argument("--group", choices=["permit", "pr", "dispatched"], default="permit",
                   help="work or correspondent permit, PR card holder, or dispatched by an overseas employer")
    p.add_argument("--document", choices=["work_permit", "correspondent_card"], default="work_permit")
    p.add_argument("--choice", choices=["terminate", "retain"], default="terminate", help="departure only")
    p.add_argument("--proxy", action="store_true", help="departure: someone applies on the applicant's behalf")
    p.add_argument("--claim-exemption", action="store_true",
                   help="claim the agreement exemption (only where the agreement covers the group)")
    p.add_argument("--no-exemption", action="store_true", help=argparse.SUPPRESS)  # the default now
    add_common(p)
    p.set_defaults(run=run)


def situation(args) -> dict:
    """A minimal case standing for the situation asked about."""
    case = {"schema_version": 1, "procedure": args.procedure, "channel": args.channel,
            "person": {}, "employment": {"arrangement": "dispatched" if args.group == "dispatched" else "direct",
                                         "claims_exemption": args.claim_exemption and not args.no_exemption}}
    if args.nationality:
        case["person"]["nationality"] = args.nationality
    if args.group == "pr":
        case["employment"].update(document_kind="pr_card", pr_employed=True)
    else:
        case["employment"]["document_kind"] = args.document
    if args.procedure == "departure":
        case["departure"] = {"choice": args.choice, "by_proxy": args.proxy}
    return case


def run(args, lang: str) -> int:
    from forms.case import countries
    from forms.case.model import CaseError
    from forms.law.checks import _agreement
    from forms.common.i18n import bi
    from forms.law.guidance import guidance
    from forms.law.requirements import advice, requirements

    if args.nationality and not countries.is_code(args.nationality):
        raise CaseError(bi(N_("Unknown country code {code}: use an ISO 3166 two-letter code such as DE."),
                           code=args.nationality))
    law = law_of(args)
    case = situation(args)
    reqs = requirements(case, law)
    print(tr(N_("Documents ({count}):"), lang, count=len(reqs)))
    for req in reqs:
        for line in requirement_lines(req, lang):
            print(line)
    tips = advice(case, law)
    if tips:
        print()
        print(tr(N_("Good to know:"), lang))
        for line in advice_lines(tips, lang):
            print(line)
    notes = _agreement(case, law)
    if notes:
        print()
        for f in notes:
            for line in finding_line(f, lang):
                print(line)
    for section in guidance(case, law):
        print()
        for line in section_lines(section, lang, law):
            print(line)
    return EXIT_OK
