"""Fixtures for the inspection tests: one worker pool for the whole session (as the app
keeps one), and a fresh cache per test so that every analysis is really made."""

from __future__ import annotations

import pytest

from forms.inspection import Cache, InspectionPool


@pytest.fixture(scope="session")
def pool():
    p = InspectionPool()
    yield p
    p.close()


@pytest.fixture
def cache(tmp_path):
    return Cache(tmp_path / "cache")


@pytest.fixture
def inspect(pool, cache):
    """inspect(path, requirement=None, **kw) -> FileResult, with the session pool."""
    from forms.inspection import inspect_file

    def _inspect(path, requirement=None, **kw):
        kw.setdefault("on", __import__("datetime").date(2026, 11, 29))
        return inspect_file(path, requirement, pool=pool, cache=kw.pop("cache", cache), **kw)
    return _inspect


def codes(result) -> set[str]:
    return {f.code for f in result.findings}


def finding(result, code):
    matches = [f for f in result.findings if f.code == code]
    assert matches, f"no {code} in {[(f.code, f.message['en']) for f in result.findings]}"
    return matches[0]
