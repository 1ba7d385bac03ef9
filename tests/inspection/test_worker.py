"""The worker processes: a time limit per file, a memory ceiling, recovery after a worker
is killed or dies, and no re-run of a caller's script in the workers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from forms.inspection import Cache, InspectionPool, inspect_file
from tests.inspection import makers as M
from tests.inspection.conftest import codes, finding

ROOT = Path(__file__).resolve().parents[2]


def test_a_file_over_the_time_limit_is_stopped_and_reported(tmp_path):
    """The limit is set below what any file takes (a worker's start counts against its
    first file), so that the test does not depend on a file that hangs a reader."""
    pages = [M.jpeg_bytes(M.document("a4", 300, seed=s)) for s in (1, 2, 3)]
    slow = M.scan_pdf(tmp_path, "contract.pdf", pages)
    pool = InspectionPool(workers=1, time_limit=0.05)
    try:
        r = inspect_file(slow, "reg.employment_contract", pool=pool, cache=Cache(None))
        f = finding(r, "FILE_TIMEOUT")
        assert f.severity == "blocker" and str(slow) in f.message["en"] and "0.1" in f.message["en"]
        assert r.facts["type"] == "unknown" and r.thumbnail_png is None
        again = inspect_file(slow, "reg.employment_contract", pool=pool, cache=Cache(None))
        assert "FILE_TIMEOUT" in codes(again) and pool.started == 2  # killed, replaced
    finally:
        pool.close()
    # a time-out is not cached: it may be the machine's load, not the file
    cache = Cache(tmp_path / "cache")
    pool = InspectionPool(workers=1, time_limit=0.05)
    try:
        inspect_file(slow, pool=pool, cache=cache)
    finally:
        pool.close()
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_file_over_the_memory_ceiling_is_reported(tmp_path):
    """An 8000 x 8000 RGB PNG is under Pillow's pixel limit but needs 192 MB decoded: with a
    ceiling of 200 MB for the whole worker it cannot be read."""
    big = M.huge_png(tmp_path, "contract.png", 8000, 8000, rgb=True)
    pool = InspectionPool(workers=1, memory_mb=200)
    try:
        r = inspect_file(big, "reg.employment_contract", pool=pool, cache=Cache(None))
        assert codes(r) & {"FILE_TOO_COMPLEX", "FILE_CRASHED"}, [(f.code, f.message["en"]) for f in r.findings]
        assert r.blocked
        if "FILE_TOO_COMPLEX" in codes(r):
            assert "200 MB" in finding(r, "FILE_TOO_COMPLEX").message["en"]
        # the same pool goes on with the next file
        ok = inspect_file(M.scan(tmp_path, "card.jpg", "id1", 300), "dep.bank_card", pool=pool, cache=Cache(None))
        assert codes(ok) == {"FILE_OK"}
    finally:
        pool.close()
    # with the default ceiling the same file is read
    pool = InspectionPool(workers=1)
    try:
        r = inspect_file(big, "reg.employment_contract", pool=pool, cache=Cache(None))
        assert not codes(r) & {"FILE_TOO_COMPLEX", "FILE_CRASHED"} and r.facts["width_px"] == 8000
        assert pool.peak_rss_kb > 190_000
    finally:
        pool.close()


def test_a_worker_that_cannot_start_is_a_finding_not_a_traceback(tmp_path):
    """A 20 MB ceiling leaves no room to import the readers: the worker ends, the file is
    reported as FILE_CRASHED, and nothing is printed."""
    scan = M.scan(tmp_path, "card.jpg", "id1", 300)
    code = textwrap.dedent(f"""
        from forms.inspection import Cache, InspectionPool, inspect_file
        pool = InspectionPool(workers=1, memory_mb=20)
        r = inspect_file({str(scan)!r}, pool=pool, cache=Cache(None))
        print(sorted(f.code for f in r.findings))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    if sys.platform.startswith("linux"):
        assert out.stdout.strip() == "['FILE_CRASHED']"
    assert "Traceback" not in out.stderr and out.stderr.strip() == ""


def test_a_script_without_main_guard_can_use_the_inspection(tmp_path):
    """Spawned workers do not run the caller's script again (they would without the
    `if __name__ == "__main__"` idiom, and start workers of their own)."""
    scan = M.scan(tmp_path, "card.jpg", "id1", 300)
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        print("script ran")
        from forms.inspection import Cache, inspect_file
        r = inspect_file({str(scan)!r}, "dep.bank_card", cache=Cache(None))
        print(sorted(f.code for f in r.findings))
    """))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["script ran", "['FILE_OK']"]
    assert "Traceback" not in out.stderr
