"""`shebao-desk --self-test` of the installed package (the frozen bundle's is run by
test_bundle.py): passes on a whole installation, fails with a clear message on a broken
one, and leaves nothing in the user's data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def self_test(env_extra: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "SHEBAO_DATA_DIR": str(tmp_path / "user-data"), "SHEBAO_LANG": "en",
           "TMPDIR": str(tmp_path / "tmp"), **env_extra}
    env.pop("QT_QPA_PLATFORM", None)  # the self-test goes offscreen by itself
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "desktop.app", "--self-test"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_self_test_passes_and_touches_no_user_data(tmp_path):
    out = self_test({}, tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.splitlines()
    assert lines[0].startswith("  ok  window") and "qtbase_zh_CN" in lines[0]
    assert "pack 7 pages, 3 empty signature fields, 2 JPEG scans unchanged" in out.stdout
    assert lines[-1].startswith("Self-test passed (installed package")
    assert not (tmp_path / "user-data").exists()
    assert list((tmp_path / "tmp").iterdir()) == []  # its temporary folder is gone


def test_self_test_names_what_is_broken(tmp_path):
    fake = tmp_path / "broken" / "shebao_examples"  # an installation without its example case
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    out = self_test({"PYTHONPATH": os.pathsep.join([str(tmp_path / "broken"), str(ROOT)])}, tmp_path)
    assert out.returncode == 1
    assert "Self-test failed: the example case" in out.stderr and "departure-refund.json is missing" in out.stderr
    assert "Traceback" not in out.stderr
    zh = self_test({"PYTHONPATH": os.pathsep.join([str(tmp_path / "broken"), str(ROOT)]), "SHEBAO_LANG": "zh"},
                   tmp_path)
    assert zh.returncode == 1 and "自检失败" in zh.stderr
    assert list((tmp_path / "tmp").iterdir()) == []  # a failed self-test keeps nothing either
