"""A full run, as separate processes with no network: the command line on the three
example cases (check, fill, pack, sign, and two error paths), the app driven through its
widgets (a departure typed in, scans dropped, an error in a slot and one in a task), and
the self-test. Then:

- no process opened a network socket: Python-level (a sitecustomize guard that makes any
  socket creation or name lookup fail loudly) and kernel-level (strace, where it works);
- no log holds a passport, PR card, bank, permit or social security number or an MRZ line;
- every file and folder in the data and cache dirs is owner-only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.forms.forms_helpers import make_p12

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GUARD = Path(__file__).resolve().parent / "netguard"
ON = "2026-11-29"
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes, strace")


def strace_works() -> bool:
    if not shutil.which("strace"):
        return False
    return subprocess.run(["strace", "-f", "-qq", "-o", os.devnull, "true"], capture_output=True).returncode == 0


def isolated_env(tmp: Path) -> dict:
    """Everything a process may write goes under tmp: data, cache, home, temp, config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHEBAO_", "XDG_"))}
    for name in ("home", "tmp", "config", "cache-home", "data-home", "runtime"):
        (tmp / name).mkdir(mode=0o700, exist_ok=True)
    env.update({
        "SHEBAO_DATA_DIR": str(tmp / "data"), "SHEBAO_CACHE_DIR": str(tmp / "cache"), "SHEBAO_LANG": "en",
        "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp / "home"), "TMPDIR": str(tmp / "tmp"),
        "XDG_CONFIG_HOME": str(tmp / "config"), "XDG_CACHE_HOME": str(tmp / "cache-home"),
        "XDG_DATA_HOME": str(tmp / "data-home"), "XDG_RUNTIME_DIR": str(tmp / "runtime"),
        "PYTHONPATH": os.pathsep.join([str(GUARD), str(ROOT)]),
        "SHEBAO_NETGUARD_LOG": str(tmp / "netguard.log"),
    })
    return env


class Run:
    def __init__(self, tmp: Path, trace: bool):
        self.tmp, self.trace = tmp, trace
        self.env = isolated_env(tmp)
        self.results: dict[str, subprocess.CompletedProcess] = {}
        self.traces: list[Path] = []

    def __call__(self, name: str, args: list[str], stdin: str | None = None, timeout: float = 120):
        cmd = [sys.executable, *args]
        if self.trace:
            out = self.tmp / f"strace-{name}.txt"
            self.traces.append(out)
            cmd = ["strace", "-f", "-qq", "-e", "trace=socket,connect,sendto", "-o", str(out), *cmd]
        result = subprocess.run(cmd, cwd=self.tmp, env=self.env, input=stdin, capture_output=True, text=True,
                                timeout=timeout)
        self.results[name] = result
        return result


def cli(*args) -> list[str]:
    return ["-m", "forms", *map(str, args)]


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("full-run")
    run = Run(tmp, strace_works())
    for name in ("departure-refund", "registration-dispatched-de", "registration-pr-employed"):
        run(f"check-{name}", cli("check", EXAMPLES / f"{name}.json", "--on", ON))
        run(f"check-json-{name}", cli("check", EXAMPLES / f"{name}.json", "--on", ON, "--json"))
    dep = EXAMPLES / "departure-refund.json"
    run("fill", cli("fill", dep, "--out", tmp / "filled", "--on", ON))
    run("pack", cli("pack", dep, "-o", tmp / "pack.pdf", "--on", ON))
    run("pack-de", cli("pack", EXAMPLES / "registration-dispatched-de.json", "-o", tmp / "pack-de.pdf", "--on", ON))
    make_p12(tmp / "signer.p12", b"correct horse")
    run("sign", cli("sign", tmp / "pack.pdf", "--field", "termination_notice_applicant_signature",
                    "--p12", tmp / "signer.p12", "-o", tmp / "signed.pdf"), stdin="correct horse\n")
    from forms.cli import COMMANDS
    if "inspect" in COMMANDS:  # the scan inspection, where it is merged
        run("inspect", cli("inspect", dep, "--on", ON))
    # error paths: an internal error whose message holds the numbers (the output folder is a
    # file named after them), and a case the schema refuses, with the numbers in it
    blocker = tmp / "533419862-6217002860001234565.json"
    blocker.write_text("{}")
    run("error-internal", cli("pack", dep, "-o", blocker / "pack.pdf", "--on", ON))
    bad = json.loads(dep.read_text())
    bad["person"]["passport"]["number"] = 533419862  # a number, not a string
    bad.pop("attachments")
    (tmp / "bad.json").write_text(json.dumps(bad))
    run("error-schema", cli("check", tmp / "bad.json", "--on", ON))
    run("app", ["-m", "tests.ship.app_driver", "full"], timeout=180)
    run("self-test", ["-m", "desktop.app", "--self-test"])
    return run


def test_every_flow_ran_as_expected(full_run):
    r = full_run.results
    for name, result in r.items():
        assert "Traceback" not in result.stderr, (name, result.stderr[-3000:])
    for name in ("check-departure-refund", "check-registration-dispatched-de", "fill", "pack", "pack-de", "sign",
                 "app", "self-test"):
        assert r[name].returncode == 0, (name, r[name].stdout[-2000:], r[name].stderr[-2000:])
    assert r["check-registration-pr-employed"].returncode in (0, 1)
    # an output path under a file: a clear message naming the path (exit 2), no traceback
    assert r["error-internal"].returncode == 2 and r["error-internal"].stderr.startswith("shebao: Cannot use ")
    assert "533419862" not in r["error-internal"].stderr  # the error report is redacted too
    assert r["error-schema"].returncode == 2
    assert (full_run.tmp / "signed.pdf").is_file() and (full_run.tmp / "pack-de.pdf").is_file()
    assert "CASE " in r["app"].stdout and "DONE" in r["app"].stdout
    # the slot's error was shown in the window, pointing to the log, without the numbers
    assert "ERROR-SHOWN QMessageBox True False" in r["app"].stdout, r["app"].stdout
    assert "Self-test passed" in r["self-test"].stdout


def test_no_process_opened_a_network_socket(full_run):
    guard_log = full_run.tmp / "netguard.log"
    assert not guard_log.exists(), guard_log.read_text()[:3000]
    for result in full_run.results.values():
        assert "NETGUARD" not in result.stderr
    if not full_run.trace:
        pytest.skip("strace is not usable here: the Python-level guard alone was checked")
    inet = re.compile(r"socket\((AF_INET|AF_INET6|AF_PACKET)|sa_family=AF_INET")
    seen = []
    for trace in full_run.traces:
        seen += [f"{trace.name}: {line}" for line in trace.read_text().splitlines() if inet.search(line)]
    assert not seen, seen[:10]
    # the same watch does see a socket when one is opened (without the Python guard)
    probe = full_run.tmp / "strace-probe.txt"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket,connect,sendto", "-o", str(probe), sys.executable,
                    "-S", "-c", "import socket; socket.socket().close()"], check=True, capture_output=True)
    assert inet.search(probe.read_text()), probe.read_text()


def personal_numbers() -> set[str]:
    """Every passport, PR card, permit, social security and bank number and MRZ line of
    the example cases and of the app driver's case."""
    from tests.ship.app_driver import ACCOUNT, HARRIS_MRZ, PASSPORT, SS

    out = {ACCOUNT, PASSPORT, SS, *HARRIS_MRZ}
    for path in EXAMPLES.glob("*.json"):
        case = json.loads(path.read_text())
        person, emp = case.get("person", {}), case.get("employment", {})
        out |= {person.get("passport", {}).get("number"), person.get("pr_card", {}).get("number"),
                emp.get("document_number"), emp.get("residence_permit_number"),
                case.get("social_security", {}).get("number"), case.get("bank", {}).get("account_number"),
                *person.get("passport", {}).get("mrz", [])}
    return {v for v in out if v}


def test_no_personal_number_in_any_log(full_run):
    logs = sorted((full_run.tmp / "data" / "logs").glob("*.log*"))
    names = {p.name for p in logs}
    assert {"cli.log", "desk.log"} <= names, names
    text = "\n".join(p.read_text(encoding="utf-8") for p in logs)
    # the log is real: it recorded the flows and the errors with their tracebacks
    assert "pack: file error (FileExistsError)" in text
    for expected in ("pack: exit 0", "sign: exit 0", "check: unusable input",
                     "new departure case", "open case", "unhandled error", "ValueError: account", "task failing failed",
                     "RuntimeError: cannot read scan", "Traceback (most recent call last)"):
        assert expected in text, expected
    numbers = personal_numbers()
    assert len(numbers) >= 12
    leaks = sorted(n for n in numbers if n in text or n.replace("<", "") in text.replace("<", ""))
    assert not leaks, leaks
    # nor the names of the people in the cases
    for name in ("HARRIS", "EMILY", "MUELLER", "JONAS"):
        assert name.lower() not in text.lower(), name


def test_data_and_cache_dirs_are_owner_only(full_run):
    seen = 0
    for root in (full_run.tmp / "data", full_run.tmp / "cache"):
        if not root.exists():
            continue
        for path in [root, *root.rglob("*")]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"
            seen += 1
    names = {p.name for p in (full_run.tmp / "data").rglob("*")}
    assert {"cases.sqlite3", "settings.ini", "desk.log", "cli.log", "attachments"} <= names, names
    assert seen >= 8
