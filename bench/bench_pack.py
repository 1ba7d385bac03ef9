"""Pack benchmark (not a test): the three departure forms and 20 scanned A4 pages at
300 DPI, against the floor of converting the same images with img2pdf and merging them
with pypdf (bench/floor.py). Prints the ratios the issue sets limits for:

    warm (one process, fonts loaded)   pack / floor          <= 1.5
    whole processes (start-up counts)  shebao pack / floor   <= 2.5
    three forms alone, warm            seconds               <  0.2
    size                               pack / sum of scans   <= 1.05

    python bench/bench_pack.py [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
ON = dt.date(2026, 11, 29)
W, H = 2480, 3508  # A4 at 300 DPI


def scan(i: int, path: Path) -> None:
    """A realistic scanned text page: off-white paper with sensor noise, lines of words,
    a red seal; JPEG quality 85, 300 DPI."""
    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(i)
    noise = Image.effect_noise((W, H), 6).point(lambda v: 238 + (v - 128) // 6)
    im = Image.merge("RGB", (noise, noise, noise.point(lambda v: max(0, v - 6))))
    d = ImageDraw.Draw(im)
    y = 260
    d.rectangle((200, y, 1400, y + 70), fill=(40, 40, 40))
    y += 200
    while y < H - 300:
        x = 200
        if rnd.random() < 0.12:
            y += 60
            continue
        while x < W - 250:
            w = rnd.randint(40, 260)
            if x + w > W - 200:
                break
            d.rectangle((x, y, x + w, y + 34), fill=(rnd.randint(30, 70),) * 3)
            x += w + rnd.randint(18, 30)
        y += 70
    d.ellipse((1700, H - 700, 2150, H - 250), outline=(200, 30, 30), width=12)
    im.filter(ImageFilter.GaussianBlur(1.2)).save(path, quality=85, dpi=(300, 300))


def make_case(folder: Path) -> tuple[Path, list[Path]]:
    scans = []
    for i in range(20):
        p = folder / f"scan{i:02d}.jpg"
        scan(i, p)
        scans.append(p)
    case = json.loads((ROOT / "examples" / "departure-refund.json").read_text(encoding="utf-8"))
    reqs = ["dep.passport", "dep.bank_card"] + ["dep.separation_certificate"] * 18
    case["attachments"] = [{"requirement": r, "path": str(p)} for r, p in zip(reqs, scans)]
    path = folder / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return path, scans


def timed(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)  # the least disturbed run: other work on the machine only adds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    from floor import floor

    from forms.case.model import load_case
    from forms.pack.build import build_pack
    from forms.fill.render_pdf import render_form

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        case_path, scans = make_case(tmp)
        files = [str(p) for p in scans]
        case = load_case(case_path)

        warm_floor = timed(lambda: floor(files, tmp / "floor.pdf"), args.runs)
        warm_pack = timed(lambda: build_pack(case, ON, tmp / "pack.pdf"), args.runs)  # case loaded once
        forms = timed(lambda: [render_form(case, f, ON) for f in
                               ("declaration_form", "termination_application", "termination_notice")], args.runs)

        shebao = [sys.executable, "-m", "forms", "pack", str(case_path), "-o", str(tmp / "cold.pdf"),
                  "--on", ON.isoformat()]
        floor_cmd = [sys.executable, str(ROOT / "bench" / "floor.py"), str(tmp / "floor-cold.pdf"), *files]
        cold_pack = timed(lambda: subprocess.run(shebao, check=True, capture_output=True), args.runs)
        cold_floor = timed(lambda: subprocess.run(floor_cmd, check=True, capture_output=True), args.runs)

        scan_bytes = sum(p.stat().st_size for p in scans)
        pack_bytes = (tmp / "pack.pdf").stat().st_size
        from pypdf import PdfReader
        pages = len(PdfReader(tmp / "pack.pdf").pages)

    print(f"pack: {pages} pages; 20 scans {scan_bytes / 1e6:.1f} MB")
    print(f"warm   floor {warm_floor * 1000:7.1f} ms   pack {warm_pack * 1000:7.1f} ms   ratio {warm_pack / warm_floor:.2f}  (<= 1.5)")
    print(f"cold   floor {cold_floor * 1000:7.1f} ms   pack {cold_pack * 1000:7.1f} ms   ratio {cold_pack / cold_floor:.2f}  (<= 2.5)")
    print(f"forms  three forms warm {forms * 1000:.1f} ms  (< 200 ms)")
    print(f"size   pack {pack_bytes / 1e6:.2f} MB / scans {scan_bytes / 1e6:.2f} MB = {pack_bytes / scan_bytes:.3f}  (<= 1.05)")


if __name__ == "__main__":
    main()
