"""The `shebao` command line. Each command lives in its own module and imports what it
needs only when it runs, so start-up stays fast.

Exit codes: 0 no blockers, 1 blockers, 2 unusable input (missing file, invalid JSON, a
schema violation, a date the rules do not cover). No traceback reaches the user; set
SHEBAO_DEBUG=1 to see one.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from forms.common.i18n import N_, tr

# command name -> module under forms.cli
COMMANDS = {
    "rules": "rules_cmd",
    "check": "check_cmd",
    "fill": "fill_cmd",
    "pack": "pack_cmd",
    "sign": "sign_cmd",
    "inspect": "inspect_cmd",
    "estimate": "estimate_cmd",
    "due": "due_cmd",
    "import": "import_cmd",
    "pack-all": "pack_all_cmd",
    "read": "read_cmd",
}

EXIT_OK, EXIT_BLOCKERS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 70


def default_lang() -> str:
    for var in ("SHEBAO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors are unusable input: exit 2, one line
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"shebao: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="shebao", description="Shebao Desk: social insurance paperwork for foreign nationals in Shenzhen.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module in COMMANDS.items():
        importlib.import_module(f"{__name__}.{module}").add_parser(sub)
    return parser


def _version() -> str:
    from forms import __version__
    return __version__


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # Chinese text on any console
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    from forms.common.untrusted import PrintableStream

    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(sys.stdout), PrintableStream(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    from forms.common import logs
    from forms.case.model import CaseError
    from forms.law.ruleset import RuleDateError
    from forms.common.untrusted import UnsafeFile

    logs.setup("cli")  # <data dir>/logs/cli.log, redacted; never stops the command
    log = logs.get("cli")
    lang = getattr(args, "lang", None) or default_lang()
    try:
        code = int(args.run(args, lang) or 0)
        log.info("%s: exit %d", args.command, code)
        return code
    except (CaseError, RuleDateError) as exc:
        log.info("%s: unusable input (%s)", args.command, type(exc).__name__)
        print(f"shebao: {exc.message[lang]}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except UnsafeFile as exc:  # a FIFO, a device, a file too large to read
        log.info("%s: unusable file (%s)", args.command, type(exc).__name__)
        print(f"shebao: {exc.message[lang]}", file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:  # a file or folder that cannot be read or written: say which
        log.info("%s: file error (%s)", args.command, type(exc).__name__)
        where = exc.filename if exc.filename is not None else "?"
        print("shebao: " + tr(N_("Cannot use {path}: {problem}. Check the path, that the folder exists and that you may write there."),
                              lang, path=logs.redact(logs.cut(str(where), 400)), problem=exc.strerror or str(exc)), file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as exc:  # noqa: BLE001 - the last guard: no traceback for users
        log.exception("%s: internal error", args.command)
        if os.environ.get("SHEBAO_DEBUG"):
            raise
        print("shebao: " + tr(N_("internal error ({kind}): {problem}. Run again with SHEBAO_DEBUG=1 and report it."),
                              lang, kind=type(exc).__name__, problem=logs.redact(logs.cut(str(exc), 400))[:200]), file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        logs.close()


def add_common(p: argparse.ArgumentParser, *, on: bool = True, lang: bool = True) -> None:
    if on:
        p.add_argument("--on", type=parse_date_arg, metavar="YYYY-MM-DD",
                       help="date of submission (default: today)")
    if lang:
        p.add_argument("--lang", choices=["zh", "en"], help="language of the output (default: from the locale)")


def parse_date_arg(text: str):
    import datetime as dt
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def on_or_today(args):
    import datetime as dt
    return args.on or dt.date.today()


def law_of(args):
    """The law on the command's --on date (default today), resolved once for the command."""
    from forms.law.ruleset import law_on
    return law_on(on_or_today(args))


if __name__ == "__main__":
    sys.exit(main())
