"""Killed mid-preview, mid-import: the next start removes what was left, and nothing of the
app is ever outside its data folder (service-center mode: outside the session, and after
the next start nowhere at all). The app runs as a subprocess with every folder it could
write to under the test's own folder; each start after a kill is the "next start" of the
one before. ROUNDS kills each."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.archive_maker import make_archives
from tests.desktop.conftest import data_dir, window  # noqa: F401  (fixtures)
from tests.ship.test_full_run import isolated_env

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("LEFTOVER_ROUNDS", 20))
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL, flock")
# Not the app's: the network guard's own log, and the test's inputs.
NOT_THE_APPS = ("netguard.log", "inputs")


def env_for(tmp: Path, kiosk: bool) -> dict:
    env = isolated_env(tmp)
    env.pop("SHEBAO_CACHE_DIR")  # the inspection cache where the app puts it by itself
    if kiosk:
        env["SHEBAO_KIOSK"] = "1"
    return env


def start(env, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.desktop.kill_driver", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=open(os.environ.get("LEFTOVER_STDERR", os.devnull), "a"), text=True)


def kill_when(proc: subprocess.Popen, word: str, delay: float) -> None:
    import selectors

    try:
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            assert sel.select(timeout=90), f"no {word} from the app in 90 s"
        line = proc.stdout.readline()
        assert line.startswith(word), line
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(20)


def start_and_quit(env) -> str:
    done = subprocess.run([sys.executable, "-m", "tests.desktop.kill_driver", "list"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=90)
    assert done.returncode == 0 and done.stdout.startswith("ROWS"), done.stderr[-3000:]
    return done.stdout


def files_outside(tmp: Path, data: Path | None) -> list[str]:
    out = []
    for path in tmp.rglob("*"):
        if path.is_dir() or path.name in NOT_THE_APPS or (tmp / "inputs") in path.parents:
            continue
        if data is not None and data in path.parents:
            continue
        if "fontconfig" in path.parts:  # the system's font cache, nothing of ours
            continue
        out.append(str(path.relative_to(tmp)))
    return out


def leftovers_inside(data: Path) -> list[str]:
    """Partial copies, temporary folders, locks of processes that are gone, and stored
    attachments no case refers to."""
    out = [str(p.relative_to(data)) for p in data.glob("attachments/??/.*")]
    out += [str(p.relative_to(data)) for p in data.glob("tmp/*")]
    out += [str(p.relative_to(data)) for p in data.glob("owners/*")]
    db = sqlite3.connect(data / "cases.sqlite3")
    refs = {a["path"] for (text,) in db.execute("SELECT json FROM cases")
            for a in json.loads(text).get("attachments", [])}
    db.close()
    out += [f"orphan {p.name}" for p in data.glob("attachments/??/*")
            if not p.name.startswith(".") and f"attachments/{p.parent.name}/{p.name}" not in refs]
    return out


@pytest.mark.parametrize("kiosk", [False, True], ids=["normal", "kiosk"])
def test_killed_during_previews_the_next_start_leaves_nothing_behind(tmp_path, kiosk):
    env = env_for(tmp_path, kiosk)
    data = tmp_path / "data"
    runtime = tmp_path / "runtime"
    rng = random.Random(17)
    for _round in range(ROUNDS):
        kill_when(start(env, "preview"), "PREVIEWING", rng.uniform(0, 0.3))
        # the preview's pack (the passport scan in it) is in the data folder, or the session
        assert files_outside(tmp_path, runtime if kiosk else data) == []
    if kiosk:
        left = [p for p in runtime.glob("shebao-desk-kiosk-*/session-*")]
        assert len(left) == 1  # the last kill's session, until the next start
    else:
        assert any(data.glob("tmp/*"))  # the last kill's preview folder, until the next start
    start_and_quit(env)
    if kiosk:
        assert files_outside(tmp_path, None) == []  # nothing at all
        assert not (tmp_path / "data").exists()
    else:
        assert files_outside(tmp_path, data) == []
        assert leftovers_inside(data) == []


def test_killed_during_imports_the_next_start_leaves_no_partial_copy_or_orphan(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    archives = make_archives(inputs, ROUNDS, scan_bytes=1_500_000)
    env = env_for(tmp_path, False)
    data = tmp_path / "data"
    rng = random.Random(18)
    left_by_kills = 0
    for archive in archives:
        kill_when(start(env, "import", str(archive)), "IMPORTING", rng.uniform(0, 0.4))
        left_by_kills += bool(leftovers_inside(data))
    start_and_quit(env)
    assert leftovers_inside(data) == []
    assert files_outside(tmp_path, data) == []
    assert left_by_kills > 0  # the kills did land mid-import: there was something to sweep


def test_remove_this_persons_data_leaves_no_trace_in_any_file_of_the_data_folder(window, data_dir, monkeypatch,
                                                                               tmp_path, qtbot):  # noqa: F811
    import hashlib

    from tests.ship.test_remove import HARRIS_VALUES, fake_cache_entries, stored

    monkeypatch.delenv("SHEBAO_CACHE_DIR")  # the inspection cache where the app keeps it: in the data folder
    bad = tmp_path / "HARRIS-EMILY-ROSE.shebao"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    window.import_from(str(bad))  # refused: its name must not stay in the log either
    qtbot.waitUntil(lambda: window.dialog is not None, timeout=10000)  # the import runs in the background
    window.dialog.done(0)
    case = stored(window.store, "departure-refund")
    shas = {a["sha256"] for a in case["attachments"]}
    fake_cache_entries(shas)
    window.refresh_row(case["id"])
    window.open_case(case["id"])
    window.session.set("person.phone", "+86 137 0000 0003")
    window.close_case()
    names = [a["label"].encode() for a in case["attachments"]] + [b"HARRIS-EMILY-ROSE", b"harris", b"Harris"]
    everything = HARRIS_VALUES + names
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(v in p.read_bytes() for p in files for v in everything)  # the search would find them

    window.remove_for_good(case["id"], "HARRIS EMILY ROSE")
    found = []
    for path in data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(data_dir)}: {v!r}" for v in everything if v in data]
            if hashlib.sha256(data).hexdigest() in shas or any(s in path.name for s in shas):
                found.append(f"{path.relative_to(data_dir)}: an attachment")
    assert found == []
    assert (data_dir / "logs" / "desk.log").read_text().count("import refused") == 1
