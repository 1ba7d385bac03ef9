"""Service-center mode: a temporary store wiped on exit, and at the next start when a
crash or a kill left it behind. The app runs as a subprocess (the real start-up and
shutdown) with every folder it could write to (data, cache, home, temp, runtime) under
the test's own folder, which is searched afterwards for anything of the case."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from forms.store import kiosk
from tests.desktop.conftest import data_dir, window  # noqa: F401  (fixtures)
from tests.ship.test_full_run import isolated_env

ROOT = Path(__file__).resolve().parents[2]
SCANS = ROOT / "examples" / "scans"
posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL, flock")


def driver(env, what: str, timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.ship.app_driver", what], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def traces_of_the_case(tmp: Path, values: list[bytes], shas: set[str]) -> list[str]:
    """Every file under tmp that holds one of the values, is one of the attachments, or is
    named after one."""
    found = []
    for path in tmp.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        if any(v in data for v in values):
            found.append(f"{path}: a value")
        if hashlib.sha256(data).hexdigest() in shas or any(s in path.name for s in shas):
            found.append(f"{path}: an attachment")
    return found


VALUES = [b"533419862", b"6217002860001234565", b"GBR533419862", b"HARRIS", b"P<GBRHARRIS<<EMILY<ROSE"]
SHAS = {hashlib.sha256((SCANS / n).read_bytes()).hexdigest() for n in ("harris-passport.jpg", "harris-bank-card.jpg")}


@posix_only
def test_sigkill_then_start_again_leaves_nothing_of_the_case(tmp_path):
    env = isolated_env(tmp_path)
    err = open(tmp_path / "stderr.txt", "w")
    proc = subprocess.Popen([sys.executable, "-m", "tests.ship.app_driver", "kiosk-attach"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        line = proc.stdout.readline()
        if line.startswith("CASE"):
            line = proc.stdout.readline()
        assert line.startswith("ATTACHED"), (line, (tmp_path / "stderr.txt").read_text()[-3000:])
        # what the app wrote is where the search below looks: it would find it
        folder = Path(line.split()[1])
        assert folder.is_relative_to(tmp_path / "runtime")
        assert len(traces_of_the_case(tmp_path, VALUES, SHAS)) >= 3
        proc.send_signal(signal.SIGKILL)  # no chance to clean up
    finally:
        proc.kill()
        proc.wait(10)
        err.close()
        (tmp_path / "stderr.txt").unlink()
    assert proc.returncode == -signal.SIGKILL
    assert folder.is_dir()  # the kill left it behind

    again = driver(env, "kiosk-quit")
    assert again.returncode == 0, again.stderr[-3000:]
    words = again.stdout.split()
    assert words[:4] == ["ROWS", "0", "SWEPT", "1"], again.stdout
    second = Path(words[5])
    assert not folder.exists() and not second.exists()  # swept at start, wiped at exit
    assert traces_of_the_case(tmp_path, VALUES, SHAS) == []
    assert list((tmp_path / "runtime").glob("shebao-desk-kiosk-*/session-*")) == []
    assert not (tmp_path / "data" / "cases.sqlite3").exists()  # the normal store was never used


@posix_only
def test_sigterm_wipes_the_session_at_once(tmp_path):
    env = isolated_env(tmp_path)
    env["SHEBAO_KIOSK"] = "1"
    proc = subprocess.Popen([sys.executable, "-m", "tests.ship.app_driver", "wait"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("STARTED"), line
        folder = Path(line.split()[1])
        assert (folder / "data" / "cases.sqlite3").is_file() and (folder / "data" / "logs" / "desk.log").is_file()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        proc.kill()
    assert not folder.exists()


def test_the_setting_turns_it_on_at_the_next_start(tmp_path):
    env = isolated_env(tmp_path)
    (tmp_path / "data").mkdir(mode=0o700)
    (tmp_path / "data" / "settings.ini").write_text("[General]\nkiosk=true\n")
    out = driver(env, "quit")
    assert out.returncode == 0, out.stderr[-3000:]
    assert "KIOSK -" not in out.stdout and "runtime" in out.stdout, out.stdout
    (tmp_path / "data" / "settings.ini").write_text("[General]\nkiosk=false\n")
    out = driver(env, "quit")
    assert "KIOSK -" in out.stdout, out.stdout
    assert (tmp_path / "data" / "cases.sqlite3").is_file()


def test_the_menu_switch_is_kept_in_the_normal_settings(window, data_dir):  # noqa: F811
    window.act_kiosk.trigger()
    assert window.act_kiosk.isChecked()
    assert "kiosk=true" in (data_dir / "settings.ini").read_text()
    assert "next start" in window.dialog.text()
    window.dialog.close()
    window.act_kiosk.trigger()
    assert "kiosk=false" in (data_dir / "settings.ini").read_text()


@posix_only
def test_sweep_removes_only_sessions_whose_app_is_gone(tmp_path, monkeypatch):
    monkeypatch.setenv(kiosk.ROOT_ENV, str(tmp_path / "root"))
    live = kiosk.KioskSession()
    assert live.swept == [] and (live.path / kiosk.LOCK).is_file()
    assert json.loads((live.path / kiosk.MARKER).read_text())["pid"] == os.getpid()
    # a session whose lock nobody holds: its app was killed
    dead = kiosk.KioskSession()
    dead._lock.close()
    # no lock file: the recorded PID decides (a PID that is not running, and ours)
    gone = kiosk.kiosk_root() / "session-999999-x"
    gone.mkdir()
    (gone / kiosk.MARKER).write_text(json.dumps({"pid": 2 ** 22 + 12345}))
    ours = kiosk.kiosk_root() / "session-ours-y"
    ours.mkdir()
    (ours / kiosk.MARKER).write_text(json.dumps({"pid": os.getpid()}))
    removed = kiosk.sweep()
    assert sorted(removed) == sorted([dead.path, gone])
    assert live.path.is_dir() and ours.is_dir()
    assert oct(os.stat(live.path).st_mode & 0o777) == "0o700"
    live.close()
    assert not live.path.exists()
    assert not kiosk.pid_alive(2 ** 22 + 12345) and kiosk.pid_alive(os.getpid())


def test_kiosk_opens_full_screen_with_a_language_switch_on_the_first_screen(tmp_path):
    """Issue 12, item 15: a visitor sees the whole screen and 中文 / English without a menu."""
    proc = driver(isolated_env(tmp_path), "kiosk-look")
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [line.split() for line in proc.stdout.splitlines()]
    assert lines[0] == ["FULLSCREEN", "True", "WELCOME", "True", "SWITCH", "True", "LANG", "en"], proc.stdout
    assert lines[1] == ["LANG", "zh", "HEADING", "欢迎使用_Shebao_Desk", "CHECKED", "True", "BAR", "True"], proc.stdout
    assert lines[2] == ["LANG", "en", "HEADING", "Welcome_to_Shebao_Desk"], proc.stdout
