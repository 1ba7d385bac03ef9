"""Untrusted input made harmless: files that are not regular files, text that would drive
the terminal, values too long to quote, and output written through a planted link.

    read_regular(path, limit)      the bytes of a regular file of at most `limit` bytes
    open_regular(path, limit)      the same, as an open binary file (stream it yourself)
    check_regular(path, limit)     os.stat_result of a regular file, or NotRegularFile/TooLarge
    printable(text)                control characters and bidi overrides shown as \\u001b
    excerpt(value, limit)          repr of a value, cut to `limit` characters
    write_exclusive(path, data)    write aside (O_EXCL, O_NOFOLLOW, 0600), then rename

A FIFO, a device (/dev/zero, /dev/urandom) or a link to one is refused from its stat,
before it is opened: opening a FIFO blocks until a writer comes, and a device reads for
ever. The size is checked before reading, and the read stops at the limit whatever the
file grows to meanwhile.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from forms.common.i18n import N_, bi

MB = 1 << 20


class UnsafeFile(OSError):
    """A file that is not read: not a regular file, or larger than allowed. `.message`
    is bilingual; `.strerror` its English text (for callers that report OSErrors)."""

    def __init__(self, message: dict, filename):
        super().__init__(0, message["en"], os.fspath(filename) if filename is not None else None)
        self.message = message


class NotRegularFile(UnsafeFile):
    pass


class TooLarge(UnsafeFile):
    pass


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return N_("a folder")
    if stat.S_ISFIFO(mode):
        return N_("a pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("a device")
    if stat.S_ISSOCK(mode):
        return N_("a socket")
    return N_("not a regular file")


def _check(st: os.stat_result, path, limit: int | None) -> os.stat_result:
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(bi(N_("{path} is {kind}, not a file: choose the file itself."),
                                path=excerpt_path(path), kind=bi(_kind(st.st_mode))), path)
    if limit is not None and st.st_size > limit:
        raise TooLarge(bi(N_("{path} is {size} MB, more than the {limit} MB Shebao Desk reads: it is not a scan or case file, or it is damaged."),
                          path=excerpt_path(path), size=st.st_size // MB, limit=limit // MB), path)
    return st


def check_regular(path, limit: int | None = None) -> os.stat_result:
    """The stat of `path` (links followed, nothing opened) if it is a regular file of at
    most `limit` bytes; NotRegularFile or TooLarge otherwise; OSError if it is not there.
    A NUL byte in the path is an OSError too, not a ValueError."""
    try:
        return _check(os.stat(path), path, limit)
    except ValueError:  # "embedded null byte"
        raise FileNotFoundError(2, "the path holds a NUL character", excerpt_path(path)) from None


def open_regular(path, limit: int | None = None):
    """Open `path` for reading in binary if it is a regular file within `limit` bytes.
    Checked before opening (a FIFO would block the open) and again on the open file (it
    may have been swapped in between); O_NONBLOCK keeps even that open from blocking."""
    check_regular(path, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        _check(os.fstat(fd), path, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path, limit: int) -> bytes:
    """The whole content of a regular file of at most `limit` bytes."""
    with open_regular(path, limit) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # it grew after the check
        raise TooLarge(bi(N_("{path} is {size} MB, more than the {limit} MB Shebao Desk reads: it is not a scan or case file, or it is damaged."),
                          path=excerpt_path(path), size=len(data) // MB, limit=limit // MB), path)
    return data


# --- text for the terminal --------------------------------------------------------------

# C0 and C1 controls (but tab and newline), DEL, and the bidi embeddings, overrides and
# isolates that reorder what a terminal shows.
_CONTROL = {c: f"\\u{c:04x}" for c in [*range(0x00, 0x20), *range(0x7F, 0xA0),
                                       *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
            if c not in (0x09, 0x0A)}


def printable(text: str) -> str:
    """`text` with every control character written as \\uXXXX (valid inside JSON strings
    too), so that a name cannot move the cursor, recolour or clear the terminal."""
    return text.translate(_CONTROL)


def excerpt(value, limit: int = 60) -> str:
    """A short quotation of an untrusted value: its repr, cut to `limit` characters."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"… ({len(value)} characters)"
    if isinstance(value, (list, dict)) and len(value) > 8:
        return f"{type(value).__name__} of {len(value)} items"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def excerpt_path(path, limit: int = 200) -> str:
    text = os.fspath(path) if not isinstance(path, str) else path
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text if len(text) <= limit else text[:limit // 2] + "…" + text[-limit // 2:]


# --- output -----------------------------------------------------------------------------

def write_exclusive(path, data) -> Path:
    """Write `data` (bytes, or a function that writes into the open file) to `path`,
    owner-only. A new temporary file beside it, created with O_EXCL and O_NOFOLLOW at mode
    0600 (mkstemp), is renamed over `path`: a planted link or a stale world-readable file
    cannot receive the data. A failure leaves `path` as it was and no temporary file behind."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data) if isinstance(data, (bytes, bytearray, memoryview)) else data(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --- JSON values ------------------------------------------------------------------------

MAX_DEPTH = 32  # a case nests 4 levels deep; jsonschema recurses on every level
MAX_STRING = 20_000  # the longest free text of a case (notes) is 10,000 characters
MAX_NUMBER_DIGITS = 100


class BigNumber(int):
    """What json_loads makes of an integer of more than MAX_NUMBER_DIGITS digits (Python
    refuses to convert such a string, and no case value is one): a marker for the check."""


class NotFinite(float):
    """NaN or ±Infinity in the JSON text (Python's json accepts them, JSON does not)."""


def json_loads(text: str):
    """json.loads that never fails on numbers: huge integers and NaN/Infinity become
    markers that json_problem() reports with their JSON path."""
    import json

    def parse_int(s: str):
        return BigNumber(0) if len(s.lstrip("-")) > MAX_NUMBER_DIGITS else int(s)

    return json.loads(text, parse_int=parse_int, parse_constant=lambda s: NotFinite("nan"))


_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _bad_char(text: str) -> str | None:
    """What makes `text` unusable: XML (so DOCX) and UTF-8 files cannot hold C0 controls
    (but tab and line breaks) or lone surrogates, and a NUL ends a path in the OS."""
    m = _BAD_CHAR.search(text)
    if m is None:
        return None
    o = ord(m.group())
    if o == 0:
        return N_("a NUL character")
    if 0xD800 <= o <= 0xDFFF:
        return N_("a lone surrogate (broken UTF-16) character")
    return N_("a control character")


def json_path(parts) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{excerpt_path(str(part), 60)}"
    return out


def json_problem(node, path=(), depth: int = 0) -> tuple[tuple, dict] | None:
    """(path parts, bilingual problem) of the first value no case can hold (in document
    order): nesting deeper than MAX_DEPTH, a string or key with control characters, NUL
    or lone surrogates, a string over MAX_STRING characters, a huge integer, NaN or an
    infinite number. None if there is none. Run before the schema: jsonschema would
    recurse into the nesting and accept NaN as a number."""
    if depth > MAX_DEPTH:
        return path, bi(N_("nested more than {depth} levels deep"), depth=MAX_DEPTH)
    if isinstance(node, str):
        return _string_problem(node, path)
    if isinstance(node, BigNumber):
        return path, bi(N_("a number of more than {digits} digits"), digits=MAX_NUMBER_DIGITS)
    if isinstance(node, float) and (node != node or node in (float("inf"), float("-inf"))):
        return path, bi(N_("not a finite number (NaN or Infinity)"))
    if isinstance(node, dict):
        for key, value in node.items():
            found = _string_problem(key, path + (key,)) or json_problem(value, path + (key,), depth + 1)
            if found:
                return found
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found = json_problem(value, path + (i,), depth + 1)
            if found:
                return found
    return None


def _string_problem(text: str, path) -> tuple[tuple, dict] | None:
    if len(text) > MAX_STRING:
        return path, bi(N_("a text of {length} characters, more than {limit}"), length=len(text), limit=MAX_STRING)
    bad = _bad_char(text)
    if bad:
        return path, bi(N_("the text holds {what}: remove it"), what=bi(bad))
    return None


class PrintableStream:
    """A text stream that writes through printable(): sys.stdout and sys.stderr of the
    command line, so that nothing printed (a name, a path, a value quoted in an error)
    reaches the terminal as a control sequence."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text))
        return len(text)

    def __getattr__(self, name):  # flush, fileno, encoding, isatty...
        return getattr(self._stream, name)


def attachment_limit_mb() -> int:
    """The largest attached file that is read at all, in MB: limits.file_mb of
    resources/data/inspection.toml (the inspection, the pack and the store share it)."""
    import tomllib

    from forms.common.paths import resource

    with open(resource("data", "inspection.toml"), "rb") as fh:
        return tomllib.load(fh)["limits"]["file_mb"]


def destination_problem(path, folder: bool = False) -> dict | None:
    """Why a file (or, with `folder`, a folder) cannot be written at `path`, checked before
    any work is done, or None. Nothing is created; links are followed as a save would."""
    path = Path(path)
    target_dir = path if folder else path.parent
    if not folder:
        try:
            st = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):  # what is wrong with the folders: below
            pass
        except OSError as exc:
            return bi(N_("{path} cannot be written: {problem}. Choose another place."),
                      path=str(path), problem=exc.strerror or str(exc))
        else:
            if not stat.S_ISREG(st.st_mode):
                return bi(N_("{path} is not a file one can save to (a folder, a device or a pipe): choose a file name in a folder."),
                          path=str(path))
    # the nearest part of the path that exists says what is wrong with the rest
    probe = target_dir
    while not os.path.lexists(probe) and probe != probe.parent:
        probe = probe.parent
    if probe.is_file():
        return bi(N_("{part} is a file, not a folder, so nothing can be saved under it: choose another folder."),
                  part=str(probe))
    if probe != target_dir:
        return bi(N_("The folder {folder} does not exist: choose a folder that does."), folder=str(target_dir))
    if not probe.is_dir():
        return bi(N_("{part} is not a folder: choose another place."), part=str(probe))
    if not os.access(probe, os.W_OK | os.X_OK):
        return bi(N_("You may not write in the folder {folder}: choose another folder."), folder=str(probe))
    return None
