"""`shebao inspect` and the file findings in `shebao check`: output, JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.conftest import EXAMPLES, write_case
from tests.inspection import makers as M

ROOT = Path(__file__).resolve().parents[2]
ON = ("--on", "2026-11-29")


def shebao(*args, lang="en"):
    return subprocess.run([sys.executable, "-m", "forms", *args, "--lang", lang], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def test_inspect_a_good_scan_exits_0_with_a_summary():
    r = shebao("inspect", str(EXAMPLES / "scans/harris-passport.jpg"), "--as", "dep.passport")
    assert r.returncode == 0, r.stderr
    assert "FILE_OK" in r.stdout and "about 300 DPI" in r.stdout
    zh = shebao("inspect", str(EXAMPLES / "scans/harris-passport.jpg"), "--as", "dep.passport", lang="zh")
    assert "未发现问题" in zh.stdout and "约 300 DPI" in zh.stdout


def test_inspect_json_and_thumbnails(tmp_path):
    files = [EXAMPLES / "scans/harris-passport.jpg", EXAMPLES / "scans/harris-separation-certificate.pdf"]
    r = shebao("inspect", *map(str, files), "--json", "--thumbnails", str(tmp_path / "thumbs"))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["summary"]["ready"] is True and out["summary"]["blocker"] == 0
    assert [f["facts"]["type"] for f in out["files"]] == ["jpeg", "pdf"]
    for f in out["files"]:
        thumb = Image.open(f["facts"]["thumbnail_file"])
        assert thumb.format == "PNG" and max(thumb.size) <= 256
        assert Path(f["facts"]["thumbnail_file"]).stat().st_mode & 0o777 == 0o600  # a passport's picture


def test_inspect_thumbnails_replace_a_planted_link_instead_of_following_it(tmp_path):
    scan = EXAMPLES / "scans/harris-passport.jpg"
    thumbs, victim = tmp_path / "thumbs", tmp_path / "victim.txt"
    victim.write_text("keep me")
    first = json.loads(shebao("inspect", str(scan), "--json", "--thumbnails", str(thumbs)).stdout)
    target = Path(first["files"][0]["facts"]["thumbnail_file"])
    target.unlink()
    target.symlink_to(victim)  # planted where the next thumbnail goes
    r = shebao("inspect", str(scan), "--json", "--thumbnails", str(thumbs))
    assert r.returncode == 0, r.stderr
    assert victim.read_text() == "keep me"
    assert not target.is_symlink() and Image.open(target).format == "PNG"


def test_inspect_exit_codes(tmp_path):
    empty = M.write(tmp_path / "passport.jpg", b"")
    r = shebao("inspect", str(empty))
    assert r.returncode == 1 and "FILE_EMPTY" in r.stdout and r.stderr == ""
    r = shebao("inspect", str(tmp_path / "missing.pdf"))
    assert r.returncode == 2 and "missing.pdf" in r.stderr and "Traceback" not in r.stderr
    r = shebao("inspect", str(tmp_path))
    assert r.returncode == 2
    r = shebao("inspect", str(empty), "--as", "reg.nonsense")
    assert r.returncode == 2 and "reg.passport" in r.stderr
    assert shebao("inspect").returncode == 2


def test_inspect_upload_limit_by_channel(tmp_path):
    big = tmp_path / "contract.png"
    Image.merge("RGB", [Image.effect_noise((1240, 1754), 40 + i) for i in range(3)]).save(big, "PNG")
    r = shebao("inspect", str(big), "--as", "reg.employment_contract", "--channel", "online")
    assert "FILE_TOO_BIG" in r.stdout and "2 MB" in r.stdout
    assert "FILE_TOO_BIG" not in shebao("inspect", str(big), "--channel", "counter").stdout


def test_check_shows_the_file_findings(tmp_path, example):
    case = example("departure-refund")
    bad = tmp_path / "card.pdf"
    Image.new("RGB", (40, 25), (230, 230, 230)).save(bad, "PNG")
    case["attachments"][1]["path"] = str(bad)
    path = write_case(tmp_path, case)
    r = shebao("check", str(path), *ON)
    assert r.returncode == 1, r.stdout
    assert "NAME_TYPE_MISMATCH" in r.stdout and "RESOLUTION_TOO_LOW" in r.stdout
    flat = " ".join(r.stdout.split())
    assert "[!] Personal bank card or passbook (mandatory)" in flat
    assert f"attached: {bad} (PNG image, 40 × 25 px" in flat
    data = shebao("check", str(path), *ON, "--no-inspect")
    assert data.returncode == 0 and "RESOLUTION_TOO_LOW" not in data.stdout
    j = json.loads(shebao("check", str(path), *ON, "--json").stdout)
    assert {f["code"] for f in j["findings"]} >= {"NAME_TYPE_MISMATCH", "RESOLUTION_TOO_LOW"}
    assert len(j["files"]) == len(case["attachments"]) and j["summary"]["ready"] is False
