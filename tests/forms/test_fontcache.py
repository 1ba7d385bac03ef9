"""forms.fill.fontcache: the CJK font read back from the cache is the font reportlab parses."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import ttfonts

from forms.common.paths import resource
from forms.fill import fontcache
from forms.fill.pdftext import FONT_FILE

PATH = resource(*FONT_FILE)


@pytest.fixture
def parsed():  # fresh: subsetting moves the parser's position (_pos)
    return ttfonts.TTFont("CacheTest", str(PATH), subfontIndex=0)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEBAO_CACHE_DIR", str(tmp_path))
    return tmp_path / "fonts"


def _same_face(a, b):
    assert a.glyphToChar == b.glyphToChar  # a cached face makes it when first asked for
    assert a.__dict__.keys() == b.__dict__.keys()
    for key, value in a.__dict__.items():
        other = b.__dict__[key]
        if key == "_pdfScale":
            assert [value(x) for x in (0, 1, 2048, -513)] == [other(x) for x in (0, 1, 2048, -513)]
            continue
        if key == "hmetrics":  # a list of pairs, or fontcache.Pairs that makes each pair when read
            assert len(value) == len(other) and value[-3:] == other[-3:] and value[5] == other[5]
            assert [(type(w), type(s), w, s) for w, s in value] == [(type(w), type(s), w, s) for w, s in other]
            continue
        assert type(value) is type(other), key
        assert value == other, key
        if isinstance(value, dict):
            assert list(value.items()) == list(other.items()), key  # the same order, too
        if isinstance(value, ttfonts.TTFNameBytes):
            assert value.ustr == other.ustr, key


def _cached(monkeypatch, name="CacheTest"):
    """load_font that must not parse: the face comes from the cache file."""
    with monkeypatch.context() as m:
        m.setattr(ttfonts.TTFontFile, "extractInfo", lambda *a, **k: pytest.fail("parsed again"))
        return fontcache.load_font(name, PATH)


def test_the_face_read_back_equals_the_parsed_face(parsed, cache, monkeypatch):
    first = fontcache.load_font("CacheTest", PATH)  # parses and keeps it
    assert [p.suffix for p in cache.iterdir()] == [".bin"]
    _same_face(first.face, parsed.face)
    again = _cached(monkeypatch)
    _same_face(again.face, parsed.face)
    wrapper = {k: v for k, v in again.__dict__.items() if k not in ("face", "state", "encoding")}
    assert wrapper == {k: v for k, v in parsed.__dict__.items() if k not in ("face", "state", "encoding")}
    assert type(again.encoding) is type(parsed.encoding) and type(again.state) is type(parsed.state)


def test_the_cached_font_subsets_and_measures_alike(parsed, cache, monkeypatch):
    fontcache.load_font("CacheTest", PATH)
    again = _cached(monkeypatch)
    text = "社会保险 Social insurance 0123456789 / 草稿（）：，。"
    codes = sorted({ord(ch) for ch in text})
    assert again.face.makeSubset(codes) == parsed.face.makeSubset(codes)
    assert again.stringWidth(text, 9.5) == parsed.stringWidth(text, 9.5)


def test_a_damaged_or_foreign_cache_file_means_parse_again(parsed, cache, monkeypatch):
    fontcache.load_font("CacheTest", PATH)
    [entry] = cache.iterdir()
    for damage in (entry.read_bytes()[:-8], b"\xff\xff\xff\x7f{", b"", entry.read_bytes() + b"x"):
        entry.write_bytes(damage)
        _same_face(fontcache.load_font("CacheTest", PATH).face, parsed.face)
        _same_face(_cached(monkeypatch).face, parsed.face)  # and the parse was written back


def test_no_cache_file_when_caching_is_off(tmp_path, monkeypatch, parsed):
    monkeypatch.setenv("SHEBAO_CACHE_DIR", "off")
    monkeypatch.chdir(tmp_path)
    _same_face(fontcache.load_font("CacheTest", PATH).face, parsed.face)
    assert fontcache.cache_dir() is None and not list(tmp_path.iterdir())


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX modes")
def test_the_cache_file_is_owner_only(cache):
    fontcache.load_font("CacheTest", PATH)
    [entry] = cache.iterdir()
    assert entry.stat().st_mode & 0o777 == 0o600 and cache.stat().st_mode & 0o777 == 0o700


def test_a_changed_font_file_replaces_its_cache_file(tmp_path, cache, monkeypatch):
    import os
    import shutil

    font = tmp_path / "copy.ttc"
    shutil.copyfile(PATH, font)
    fontcache.load_font("CacheTest", font)
    [entry] = cache.iterdir()
    os.utime(font, ns=(1, 1))  # another version of the font (or reportlab): parse again
    with monkeypatch.context() as m:
        calls = []
        m.setattr(ttfonts.TTFontFile, "extractInfo", lambda self, *a, orig=ttfonts.TTFontFile.extractInfo: (calls.append(1), orig(self, *a))[1])
        fontcache.load_font("CacheTest", font)
    assert calls and list(cache.iterdir()) == [entry]  # the same one file, rewritten


def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path, monkeypatch, parsed):
    (tmp_path / "fonts").write_text("a file where the folder would be")
    monkeypatch.setenv("SHEBAO_CACHE_DIR", str(tmp_path))
    _same_face(fontcache.load_font("CacheTest", PATH).face, parsed.face)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fonts"]


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX modes")
def test_in_the_data_folder_the_cache_folders_are_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("SHEBAO_CACHE_DIR")
    monkeypatch.setenv("SHEBAO_DATA_DIR", str(tmp_path))
    fontcache.load_font("CacheTest", PATH)
    assert fontcache.cache_dir() == tmp_path / "cache" / "fonts"
    assert [oct(p.stat().st_mode & 0o777) for p in (tmp_path / "cache", tmp_path / "cache" / "fonts")] == ["0o700", "0o700"]
