"""Shared test fixtures: paths to the examples and the shared corpus, case builders."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = dt.date(2026, 11, 29)  # the date the examples are checked on in tests


@pytest.fixture(autouse=True, scope="session")
def _inspection_cache_in_tmp(tmp_path_factory):
    """Keep the file inspection's cache (forms/inspection/cache.py) out of the user's
    cache folder, for the tests and the commands they run."""
    os.environ["SHEBAO_CACHE_DIR"] = str(tmp_path_factory.mktemp("inspection-cache"))
    yield


def corpus_dir() -> Path:
    return Path(os.environ.get("SHEBAO_CORPUS") or ROOT.parent / "shared" / "corpus")


@pytest.fixture
def corpus() -> Path:
    path = corpus_dir()
    if not path.is_dir():
        pytest.skip(f"shared corpus not found at {path} (set SHEBAO_CORPUS)")
    return path


def load_example(name: str) -> dict:
    from forms.case.model import load_case

    return load_case(EXAMPLES / name)


@pytest.fixture
def example():
    """example("departure-refund") -> a fresh, loaded copy of that example case."""
    def _load(name: str) -> dict:
        return copy.deepcopy(load_example(f"{name}.json"))
    return _load


def write_case(tmp_path: Path, case: dict, name: str = "case.json") -> Path:
    data = {k: v for k, v in case.items() if not k.startswith("_")}
    base = case.get("_base_dir")
    if base:  # keep attachments resolvable from the new location
        for att in data.get("attachments", []):
            if not os.path.isabs(att["path"]):
                att["path"] = str(Path(base) / att["path"])
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(autouse=True, scope="session")
def _data_dir_in_tmp(tmp_path_factory):
    """Keep the store and the logs (forms/common/logs.py) of in-process CLI runs, and of the
    commands the tests start, out of the user's data folder. Tests that need their own
    data dir set SHEBAO_DATA_DIR themselves (monkeypatch wins over this default)."""
    os.environ["SHEBAO_DATA_DIR"] = str(tmp_path_factory.mktemp("user-data"))
    yield
