"""shebao sign PDF --field NAME --p12 FILE: sign one signature field (PAdES-B-B, offline)."""

from __future__ import annotations

import sys

from forms.cli import EXIT_OK, EXIT_UNUSABLE
from forms.common.i18n import N_, tr


def add_parser(sub) -> None:
    p = sub.add_parser("sign", help="sign a signature field of a filled form with a certificate (.p12)")
    p.add_argument("pdf", help="the filled form (PDF)")
    p.add_argument("--field", required=True, help="signature field, e.g. applicant_signature")
    p.add_argument("--p12", required=True, metavar="FILE", help="certificate and key (PKCS#12, .p12/.pfx)")
    p.add_argument("-o", "--output", metavar="OUT.pdf", help="signed copy (default: NAME-signed.pdf)")
    p.add_argument("--lang", choices=["zh", "en"], help="language of the output (default: from the locale)")
    p.set_defaults(run=run)


def read_passphrase(lang: str) -> bytes:
    """Asked without echo on a terminal; read from standard input when it is piped."""
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass
        return getpass.getpass(tr(N_("Passphrase of the certificate: "), lang)).encode()
    return (sys.stdin.readline() if sys.stdin else "").rstrip("\r\n").encode()


def run(args, lang: str) -> int:
    from forms.fill.sign import SignError, sign_pdf

    try:
        out = sign_pdf(args.pdf, args.field, args.p12, read_passphrase(lang), args.output)
    except SignError as exc:
        print(f"shebao: {exc.message[lang]}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(tr(N_("Signed {field}: {path}"), lang, field=args.field, path=str(out)))
    return EXIT_OK
