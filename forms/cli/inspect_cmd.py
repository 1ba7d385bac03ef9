"""shebao inspect FILE... [--as REQUIREMENT]: check attached files on their own."""

from __future__ import annotations

import json
import sys

from forms.cli import EXIT_BLOCKERS, EXIT_OK, EXIT_UNUSABLE, add_common, law_of
from forms.common.i18n import N_, pick, tr


def add_parser(sub) -> None:
    p = sub.add_parser("inspect", help="check scans (PDF, JPEG, PNG, TIFF) for what the counter will refuse")
    p.add_argument("files", nargs="+", metavar="FILE", help="files to check")
    p.add_argument("--as", dest="requirement", metavar="REQUIREMENT",
                   help="the requirement the files are for, e.g. reg.passport (sets the document size and the MRZ check)")
    p.add_argument("--channel", choices=["online", "counter", "one_stop"],
                   help="where they will be submitted (upload size limit)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--thumbnails", metavar="DIR", help="write each file's thumbnail (PNG) into DIR")
    add_common(p)
    p.set_defaults(run=run)


def run(args, lang: str) -> int:
    from pathlib import Path

    from forms.law.findings import counts, has_blockers
    from forms.inspection import inspect_files, requirement_ids

    law = law_of(args)
    if args.requirement and args.requirement not in requirement_ids(law):
        print("shebao: " + tr(N_("unknown requirement {id}: use one of {ids}"), lang, id=args.requirement,
                              ids=", ".join(requirement_ids(law))), file=sys.stderr)
        return EXIT_UNUSABLE
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        for f in missing:
            print("shebao: " + tr(N_("not a file: {file}"), lang, file=f), file=sys.stderr)
        return EXIT_UNUSABLE
    results = inspect_files(args.files, requirement=args.requirement, channel=args.channel, on=law.on)
    if args.thumbnails:
        _write_thumbnails(results, Path(args.thumbnails))
    findings = [f for r in results for f in r.findings]
    if args.json:
        out = {"files": [r.to_json() for r in results], "summary": {**counts(findings), "ready": not has_blockers(findings)}}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in results:
            print_result(r, lang)
    return EXIT_BLOCKERS if has_blockers(findings) else EXIT_OK


def print_result(r, lang: str) -> None:
    from forms.cli.text import _SEV, wrap

    from forms.cli.read_cmd import field_lines, status_line

    print(f"{r.path}  ({pick(r.facts.get('summary'), lang)})")
    if r.facts.get("mrz"):
        print(f"  MRZ: {status_line(r.facts['mrz'], lang)}")
        for line in field_lines(r.facts["mrz"], lang):
            print(f"    {line}")
    for f in r.findings:
        print(f"  {tr(_SEV[f.severity], lang):<8} {f.code}")
        print(wrap(f.message[lang], 6))
    print()


def _write_thumbnails(results, folder) -> None:
    """Each thumbnail (a passport's, say) owner-only, written as a new file renamed into
    place: a link planted under its name is replaced, not followed."""
    import hashlib

    from forms.common.untrusted import write_exclusive

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for r in results:
        if r.thumbnail_png:
            name = hashlib.sha256(r.path.encode()).hexdigest()[:12] + ".png"
            write_exclusive(folder / name, r.thumbnail_png)
            r.facts["thumbnail_file"] = str(folder / name)
