"""reportlab's parsed CJK font, kept between processes.

Parsing WenQuanYi Micro Hei (49,531 glyphs) takes reportlab ~55 ms in every process that
draws a form, a third of a whole `shebao pack` beyond its floor (issue 11). The result is
plain numbers (metrics, the character -> glyph map, glyph widths and offsets), so it is
kept in the user's cache folder as a JSON header and arrays of numbers (no pickle: the file
is data, never code), valid for the font file's path, size and modification time and
reportlab's version, and read back in a few ms. The font's bytes are still read from the font file
(subsetting copies glyphs out of them). Anything unexpected (another reportlab, a face
attribute of a kind not handled here, a damaged cache file) means: parse as before.
tests/forms/test_fontcache.py checks that the face read back equals the parsed one.
"""

from __future__ import annotations

import json
import os
import threading
from array import array
from collections.abc import Sequence
from functools import cache
from pathlib import Path

FORMAT = 2
# the face's bulky tables, stored as arrays; every other attribute goes into the header
_TABLES = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos")
_SKIP = ("_ttf_data", "_pdfScale")  # the font's bytes (read from the font file) and a lambda
CODES = "iiiiididii"  # the arrays' item types, in file order (_arrays)


def cache_dir() -> Path | None:
    """<cache>/fonts beside the inspection cache; None when caching is off."""
    from forms.common.files import inspection_cache_dir

    folder = inspection_cache_dir()
    if folder is None:
        return None
    return (folder if os.environ.get("SHEBAO_CACHE_DIR") else folder.parent) / "fonts"


def load_font(name: str, path: Path, subfont: int = 0):
    """A reportlab TTFont of `path`, its face read from the cache when it can be."""
    from reportlab.pdfbase.ttfonts import TTFont

    folder = cache_dir()
    key = _key(path, subfont)
    # one file per font, its key inside: a new font or reportlab replaces it, none piles up
    entry = folder / f"{Path(path).stem[:60]}-{subfont}.bin" if folder is not None and key else None
    if entry is not None:
        face = _read(entry, path, key)
        if face is not None:
            return _font(name, face)
    font = TTFont(name, str(path), subfontIndex=subfont)
    if entry is not None:
        _write(entry, font.face, key)
    return font


def _key(path: Path, subfont: int) -> str | None:
    from reportlab import Version

    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{FORMAT}|{Version}|{os.path.abspath(path)}|{subfont}|{st.st_size}|{st.st_mtime_ns}"


def _font(name: str, face):
    """The TTFont around a ready face: what TTFont.__init__ does after parsing
    (tests/forms/test_fontcache.py compares the two)."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in rl_config.unShapedFontGlob)
    return font


# --- the file: 4-byte header length, JSON header, then the arrays in header order ---

def _encode(value):
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if isinstance(value, TTFNameBytes):
        return {"N": value.ustr}
    if isinstance(value, bytes):
        return {"B": value.decode("latin-1")}
    if isinstance(value, tuple):
        return {"T": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("dict keys")
        return {"D": {k: _encode(v) for k, v in value.items()}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(type(value).__name__)


def _decode(value):
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        [(tag, inner)] = value.items()
        if tag == "N":
            return TTFNameBytes(inner.encode("utf-8"))
        if tag == "B":
            return inner.encode("latin-1")
        if tag == "T":
            return tuple(_decode(v) for v in inner)
        return {k: _decode(v) for k, v in inner.items()}
    return value


def _arrays(face) -> list[array]:
    """The tables as arrays; ValueError if a number is not of the kind its array keeps
    (reportlab keeps some advance widths as int, those past numberOfHMetrics as float)."""
    g2c_glyphs, g2c_chars = array("i"), array("i")
    for gid, chars in face.glyphToChar.items():
        g2c_glyphs.extend([gid] * len(chars))
        g2c_chars.extend(chars)
    widths = [aw for aw, _ in face.hmetrics]
    n_int = next((i for i, aw in enumerate(widths) if type(aw) is not int), len(widths))
    kinds = [(face.charToGlyph.keys(), int), (face.charToGlyph.values(), int), (face.charWidths.keys(), int),
             (face.charWidths.values(), float), (widths[:n_int], int), (widths[n_int:], float),
             ([lsb for _, lsb in face.hmetrics], int), (face.glyphPos, int)]
    if any(type(v) is not kind for values, kind in kinds for v in values):
        raise ValueError("a number of another kind")
    return [array("i", face.charToGlyph.keys()), array("i", face.charToGlyph.values()),
            g2c_glyphs, g2c_chars,
            array("i", face.charWidths.keys()), array("d", face.charWidths.values()),
            array("i", widths[:n_int]), array("d", widths[n_int:]),
            array("i", (lsb for _, lsb in face.hmetrics)), array("i", face.glyphPos)]


def _write(entry: Path, face, key: str) -> None:
    try:
        attrs = {k: _encode(v) for k, v in face.__dict__.items() if k not in _SKIP + _TABLES}
        arrays = _arrays(face)
    except (TypeError, ValueError, AttributeError, OverflowError):
        return  # a face this module does not know how to keep: parse each time
    header = json.dumps({"key": key, "attrs": attrs, "sizes": [len(a) for a in arrays]}).encode()
    tmp = entry.with_name(f"{entry.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # two writers never share one
    try:
        missing = [d for d in (entry.parent, entry.parent.parent) if not d.exists()]
        for folder in reversed(missing):  # <data dir>/cache and /fonts, both owner-only
            folder.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(len(header).to_bytes(4, "little") + header)
            for a in arrays:
                a.tofile(fh)
        os.replace(tmp, entry)
    except OSError:  # a cache that cannot be written only costs time
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _read(entry: Path, path: Path, key: str):
    try:
        raw = entry.read_bytes()
        n = int.from_bytes(raw[:4], "little")
        header = json.loads(raw[4:4 + n])
        if header["key"] != key:
            return None
        attrs = {k: _decode(v) for k, v in header["attrs"].items()}
        arrays, pos = [], 4 + n
        for code, size in zip(CODES, header["sizes"]):
            a = array(code)
            a.frombytes(raw[pos:pos + size * a.itemsize])
            if len(a) != size:
                return None
            arrays.append(a)
            pos += size * a.itemsize
        if len(arrays) != len(CODES) or pos != len(raw):
            return None
        with open(path, "rb") as fh:
            data = fh.read()
    except (OSError, ValueError, KeyError, TypeError, UnicodeError):
        return None
    c2g_k, c2g_v, g2c_g, g2c_c, w_k, w_v, aw_int, aw_float, lsb, pos_ = arrays
    face = _face_class().__new__(_face_class())
    face.__dict__.update(attrs)
    face._ttf_data = data
    face.charToGlyph = dict(zip(c2g_k, c2g_v))
    face.charWidths = dict(zip(w_k, w_v))
    face.hmetrics = Pairs(aw_int.tolist() + aw_float.tolist(), lsb.tolist())
    face.glyphPos = pos_.tolist()
    face._glyph_to_char = (g2c_g, g2c_c)
    units = attrs.get("unitsPerEm")
    if not isinstance(units, int) or units <= 0:
        return None
    mult = 1000 / units
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x: x * mult)
    return face


class Pairs(Sequence):
    """reportlab's hmetrics, [(advance width, left side bearing)] per glyph, as two lists:
    the subsetter reads a few hundred of the 49,531 pairs, which need not all be made."""

    __slots__ = ("_widths", "_bearings")

    def __init__(self, widths: list, bearings: list):
        self._widths, self._bearings = widths, bearings

    def __len__(self) -> int:
        return len(self._bearings)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._widths[i], self._bearings[i]

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(a == b for a, b in zip(self, other))


@cache
def _face_class():
    from reportlab.pdfbase.ttfonts import TTFontFace

    class CachedFace(TTFontFace):
        """A face read from the cache. glyphToChar (used by text shaping and private
        glyphs only) is made when first asked for, in the parser's order."""

        def __getattr__(self, name):
            if name != "glyphToChar" or "_glyph_to_char" not in self.__dict__:
                raise AttributeError(name)
            glyph_to_char: dict = {}
            for gid, ch in zip(*self.__dict__.pop("_glyph_to_char")):
                glyph_to_char.setdefault(gid, []).append(ch)
            self.glyphToChar = glyph_to_char
            return glyph_to_char

    return CachedFace
