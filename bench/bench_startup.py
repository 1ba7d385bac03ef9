"""Start-up time of Shebao Desk against a bare PySide6 QMainWindow, in the same run.

Each sample is a fresh process, timed from spawn until its main window is shown and the
event loop has gone idle (a zero-time timer fired after show()). Runs alternate between
the three kinds so that machine noise hits them alike; medians are reported.

    QT_QPA_PLATFORM=offscreen python bench/bench_startup.py [--runs 7]

Targets (issue 5): app / bare <= 1.5; (issue 14) app with 10,000 cases whose statuses date
from yesterday / app empty <= 1.2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.setWindowTitle("bare")
w.resize(900, 600)
w.show()
QTimer.singleShot(0, lambda: (print("IDLE", flush=True), app.quit()))
app.exec()
"""

APP = """
from PySide6.QtCore import QTimer
from desktop.app import build, run
app, w = build([])
QTimer.singleShot(0, lambda: (print("IDLE", w.case_list.model.rowCount(), flush=True), app.quit()))
run(app, w)  # and after the loop, shutdown() as the app's main() does: the next start finds what an exit leaves
"""


def seed(folder: Path, n: int, day: dt.date | None = None) -> None:
    """n cases (the three examples in turn, each its own name) with their statuses cached
    as computed on `day` (default: yesterday, as on the first start of a day, when every
    cached status is stale and the window refreshes them all)."""
    sys.path.insert(0, str(ROOT))
    from forms.case.model import load_case
    from forms.store import CaseStore
    from forms.verdict.summary import case_summary

    store = CaseStore(folder)
    day = day or dt.date.today() - dt.timedelta(days=1)
    examples = [load_case(ROOT / "examples" / name) for name in
                ("registration-dispatched-de.json", "departure-refund.json", "registration-pr-employed.json")]
    examples = [{k: v for k, v in e.items() if k not in ("attachments", "_base_dir", "id")} for e in examples]
    summaries = [case_summary(store.prepare(dict(e)), day) for e in examples]  # the name does not change it
    with store.db:
        for i in range(n):
            case = {**examples[i % 3], "id": None}
            case["person"] = {**case["person"], "surname": f"{case['person']['surname']}{i:05d}"}
            store.save(case, summaries[i % 3])
    store.close()


def sample(code: str, data_dir: Path) -> float:
    # Both kinds start alike and as an installed app does: without site's .pth processing
    # (an editable install's import hook alone costs ~10 ms), the checkout and
    # site-packages on the path.
    import site

    path = os.pathsep.join([str(ROOT), *site.getsitepackages()])
    env = {**os.environ, "SHEBAO_DATA_DIR": str(data_dir), "PYTHONPATH": path}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-S", "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(30)
    if not line.startswith("IDLE"):
        raise SystemExit(f"no idle window: {line!r}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description="start-up benchmark")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cases", type=int, default=10000)
    args = parser.parse_args()
    # An installed app starts from bytecode (pip and PyInstaller compile it); a checkout run
    # with PYTHONDONTWRITEBYTECODE=1 would compile every module of ours from source at each
    # start (~13 ms) while the bare window's modules, in site-packages, are compiled.
    import compileall
    for package in ("forms", "desktop"):
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        empty, full = Path(tmp) / "empty", Path(tmp) / "full"
        seed(full, args.cases)
        for d in (empty, full):  # a first start creates settings and warms the disk cache
            sample(APP, d)
        sample(BARE, empty)
        times = {"bare": [], "app": [], "app_full": []}
        for _ in range(args.runs):
            times["bare"].append(sample(BARE, empty))
            times["app"].append(sample(APP, empty))
            times["app_full"].append(sample(APP, full))
    med = {k: statistics.median(v) for k, v in times.items()}
    low = {k: min(v) for k, v in times.items()}
    print(f"runs: {args.runs} each, alternating; medians from process start to a shown, idle main window")
    print(f"  fastest runs: bare {low['bare'] * 1000:.0f} ms, app {low['app'] * 1000:.0f} ms "
          f"(ratio {low['app'] / low['bare']:.2f}), {args.cases} cases {low['app_full'] * 1000:.0f} ms "
          f"(ratio {low['app_full'] / low['app']:.2f}): the least disturbed by other work")
    print(f"  bare PySide6 QMainWindow  {med['bare'] * 1000:7.0f} ms")
    print(f"  Shebao Desk, empty store  {med['app'] * 1000:7.0f} ms   ratio to bare {med['app'] / med['bare']:.2f}  (target <= 1.5)")
    print(f"  Shebao Desk, {args.cases} cases  {med['app_full'] * 1000:7.0f} ms   ratio to empty {med['app_full'] / med['app']:.2f}  (target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
