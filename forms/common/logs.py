"""The log file: what the app and the command line did, and every error with its traceback,
with personal numbers taken out before anything is written.

    <data dir>/logs/desk.log   the desktop app (rotating: 1 MB, 3 old files kept)
    <data dir>/logs/cli.log    the `shebao` command line

Files and folder are owner-only. Every line goes through `redact()`: patterns remove what
looks like a passport, PR card, bank card, account or social security number or an MRZ
line, and the values of the cases seen in this process (remember_case) are removed even
where no pattern catches them (a name, a number typed in an odd format). The log never
holds what is needed to identify a person; it holds case ids, requirement ids, counts,
timings and tracebacks.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path

LOGGER = "shebao"
MAX_BYTES = 1_000_000
BACKUPS = 3
MAX_RECORD = 20_000  # characters of one formatted record (a traceback fits); the rest is cut

# Every pattern below matches maximal runs and decides in its callback, so that no start
# position rescans the text after it: redact() is linear in the length of the text.
# An MRZ line (or a piece of one): a run of capitals, digits and '<' with at least two '<'.
_MRZ = re.compile(r"[A-Z0-9<]+")
# 12 or more digits, optionally grouped by single spaces or dashes: card and account numbers.
_LONG_DIGITS = re.compile(r"\d(?:[ \-]?\d)*")
_SEPARATOR = re.compile(r"[ \-]")
# A word of 6+ letters and digits with at least 4 digits: passport, PR card, permit and
# social security numbers (E12345678, GBR533419862, 533419862, ...).
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{6,}(?![A-Za-z0-9])")
# ... except what the log needs and cannot identify anyone: case ids and content hashes
# (lowercase hex of 32/40/64), memory addresses.
_KEEP = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|0x[0-9a-fA-F]+)$")

# Case fields whose values never reach the log, whatever their format.
SENSITIVE_FIELDS = (
    "person.surname", "person.given_names", "person.name_zh", "person.phone", "person.email",
    "person.address_cn", "person.passport.number", "person.passport.mrz", "person.pr_card.number",
    "employment.document_number", "employment.residence_permit_number", "social_security.number",
    "social_security.registered_passport_number", "bank.account_number", "bank.account_holder",
    "departure.proxy_name", "address_abroad.lines", "address_abroad.phone", "address_abroad.email",
    "address_abroad.postal_code",
)

_values: set[str] = set()
_values_lock = threading.Lock()
_pattern: list = [None]  # compiled alternation of the remembered values, rebuilt on change


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _token(m: re.Match) -> str:
    word = m.group(0)
    if _digits(word) < 4 or _KEEP.match(word):
        return word
    return "[ID]"


def _mrz(m: re.Match) -> str:
    run = m.group(0)
    return "[MRZ]" if len(run) >= 10 and run.count("<") >= 2 else run


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _long_digits(m: re.Match) -> str:
    """A run of digits and single separators is a number if it has 12 digits and stands
    alone. Glued to a word at either end, the group touching the word stays, and the
    rest, from the separator on, is judged (as a backtracking pattern would)."""
    run, (start, end), text = m.group(0), m.span(), m.string
    head = tail = ""
    if start > 0 and _alnum(text[start - 1]):
        cut = _SEPARATOR.search(run)
        if cut is None:
            return run
        head, run = run[:cut.end()], run[cut.end():]
    if end < len(text) and _alnum(text[end]):
        cut = max(run.rfind(" "), run.rfind("-"))
        if cut < 0:
            return head + run
        run, tail = run[:cut], run[cut:]
    return head + ("[NUMBER]" if _digits(run) >= 12 else run) + tail


def redact(text: str) -> str:
    """`text` without personal numbers, MRZ lines or remembered case values."""
    if not text:
        return text
    pattern = _pattern[0]
    if pattern is not None:
        text = pattern.sub("[REDACTED]", text)
    text = _MRZ.sub(_mrz, text)
    text = _LONG_DIGITS.sub(_long_digits, text)
    return _TOKEN.sub(_token, text)


def cut(text: str, limit: int = MAX_RECORD) -> str:
    """`text` cut to `limit` characters (head and tail kept), before it is redacted."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} …[{len(text) - 2 * half} characters cut]… {text[-half:]}"


def _leaves(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _leaves(item)


def _case_values(case: dict) -> set[str]:
    """The case's personal values, each word of its names and addresses, its file names."""
    new = set()
    for field in SENSITIVE_FIELDS:
        node = case
        for part in field.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        for value in _leaves(node):
            value = value.strip()
            if len(value) >= 3:
                new.add(value)
                # each word of a name or address, wherever it turns up alone
                new.update(w for w in re.split(r"[\s,/]+", value) if len(w) >= 4 and not w.isdigit()
                           and any(c.isalpha() for c in w))
    atts = case.get("attachments")
    for att in atts if isinstance(atts, list) else []:
        label = att.get("label") if isinstance(att, dict) else None
        if isinstance(label, str) and len(label) >= 3:
            new.add(label)
    return new


def _alternation(values) -> re.Pattern:
    ordered = sorted(values, key=len, reverse=True)  # the longest first: no partial leftovers
    return re.compile("(?<![A-Za-z0-9])(?:" + "|".join(re.escape(v) for v in ordered) + ")(?![A-Za-z0-9])",
                      re.IGNORECASE)


def remember_case(case: dict) -> None:
    """Keep the case's personal values out of every later log line of this process."""
    new = _case_values(case)
    with _values_lock:
        if new <= _values:
            return
        _values.update(new)
        _pattern[0] = _alternation(_values)


def scrub(case: dict, root: Path | None = None) -> int:
    """Take the case's values out of the log files already written (after "remove this
    person's data": a line logged before the case was known here, such as a refused
    import, may hold its name). Rewritten in place: a handler appending to the file
    keeps working. Returns how many files changed."""
    values = _case_values(case)
    folder = Path(root or _data_dir()) / "logs"
    if not values or not folder.is_dir():
        return 0
    pattern, changed = _alternation(values), 0
    for path in folder.iterdir():
        if not path.is_file() or path.is_symlink():
            continue
        try:
            with open(path, "r+", encoding="utf-8", errors="surrogateescape") as fh:
                text = fh.read()
                clean = pattern.sub("[REDACTED]", text)
                if clean != text:
                    fh.seek(0)
                    fh.write(clean)
                    fh.truncate()
                    changed += 1
        except OSError:
            continue
    return changed


def _data_dir() -> Path:
    from forms.common.files import data_dir

    return data_dir()


def forget_cases() -> None:
    with _values_lock:
        _values.clear()
        _pattern[0] = None


class RedactingFormatter(logging.Formatter):
    """Redacts the whole formatted record: message, arguments, traceback and stack."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(cut(super().format(record)))


class PrivateRotatingFileHandler(logging.FileHandler):
    """A log file created owner-only (0600) that rotates at MAX_BYTES, keeping BACKUPS old
    files (.1 the newest). Not logging.handlers.RotatingFileHandler: that module imports
    socket, and nothing of ours does."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS):
        self.max_bytes, self.backups = max_bytes, backups
        super().__init__(path, mode="a", encoding="utf-8", delay=False)

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self._rotate()
        except (OSError, ValueError):
            pass  # rotation is housekeeping: keep logging into the current file
        super().emit(record)

    def _rotate(self) -> None:
        self.stream.close()
        self.stream = None
        base = self.baseFilename
        for i in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{i}"):
                os.replace(f"{base}.{i}", f"{base}.{i + 1}")
        os.replace(base, f"{base}.1")
        self.stream = self._open()


FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir(root: Path | None = None) -> Path:
    from forms.common.files import data_dir, private_dir

    return private_dir(Path(root or data_dir()) / "logs")


def setup(program: str, root: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send the "shebao" loggers to <data dir>/logs/<program>.log. Returns the file, or None
    if it cannot be written (a read-only data dir must not stop the app or the CLI)."""
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):  # a second setup (tests, kiosk) moves the file
        if isinstance(handler, PrivateRotatingFileHandler):
            logger.removeHandler(handler)
            handler.close()
    try:
        path = log_dir(root) / f"{program}.log"
        handler = PrivateRotatingFileHandler(path)
    except Exception:  # noqa: BLE001 - StoreError, OSError: run without a log file
        quiet_libraries(None)
        return None
    handler.setFormatter(RedactingFormatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    quiet_libraries(handler)
    return path


# Libraries that log their warnings ("Object 2 0 found", "convert -depth 8 ..."): without
# a handler of their own Python prints them on standard error.
LIBRARIES = ("pypdf", "img2pdf", "pikepdf", "PIL", "reportlab", "fontTools", "py.warnings")


def quiet_libraries(handler: logging.Handler | None = None) -> None:
    """Send the libraries' log records (and Python warnings) to `handler`, the log file,
    never to the terminal; with no handler (no log file), drop them."""
    logging.captureWarnings(True)
    for name in LIBRARIES:
        lib = logging.getLogger(name)
        for old in list(lib.handlers):
            if isinstance(old, (PrivateRotatingFileHandler, logging.NullHandler)):
                lib.removeHandler(old)
        lib.addHandler(handler or logging.NullHandler())
        lib.propagate = False


def close() -> None:
    """Close the log files (before their folder is wiped)."""
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    quiet_libraries(None)


def get(name: str) -> logging.Logger:
    return logging.getLogger(f"{LOGGER}.{name}")
