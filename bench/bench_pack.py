"""Pack benchmark (not a test): the three departure forms and 20 scanned A4 pages at
300 DPI, and the same forms with a 200-page scanned PDF, against the floor of converting
the images with img2pdf and merging them (and the PDF) with pypdf (bench/floor.py), in
the same process. The pack's verdict includes the file inspection, answered from its
cache after the warm-up run (as for a case checked before it is packed). Prints the
ratios the issues set limits for (times: medians of the runs, min beside them):

    20 scans, warm (fonts loaded)        pack / floor          <= 1.3
    20 scans, whole processes            shebao pack / floor   <= 2
    200-page scanned PDF, warm           pack / floor          <= 1.3
    200-page scanned PDF, peak memory    pack / floor          <= 1.2   (tracemalloc)
    three forms alone, warm              seconds               <  0.2
    size                                 pack / sum of scans   <= 1.05

    python bench/bench_pack.py [--runs N] [--pages N]
"""

from __future__ import annotations

import argparse
import os
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


def scanned_pdf(scans: list[Path], pages: int, path: Path) -> Path:
    """A multi-page scanner's PDF: the scans one after another, each JPEG as it is."""
    import img2pdf

    with open(path, "wb") as fh:
        img2pdf.convert([str(scans[i % len(scans)]) for i in range(pages)], outputstream=fh)
    return path


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


def timed(fn, runs: int) -> tuple[float, float]:
    """(median, min) seconds of `runs` calls after a warm-up. The machine is shared: the
    median is the figure, the min the least disturbed run."""
    import statistics

    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def peak(fn) -> float:
    """Peak memory (bytes allocated by Python, tracemalloc) of one call."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (user + system)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def interleaved(a, b, runs: int) -> dict:
    """Wall-clock and CPU seconds of a and b (median and min of `runs` each), run
    alternately so that the load of the shared machine hits both alike. CPU time does not
    count the time spent waiting for a core, which wall-clock time does."""
    import statistics

    a(), b()
    wall, cpu = ([], []), ([], [])
    for _ in range(runs):
        for i, fn in enumerate((a, b)):
            t, c = time.perf_counter(), cpu_seconds()
            fn()
            wall[i].append(time.perf_counter() - t)
            cpu[i].append(cpu_seconds() - c)
    return {kind: [(statistics.median(x), min(x)) for x in series] for kind, series in (("wall", wall), ("cpu", cpu))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--pages", type=int, default=200)
    args = ap.parse_args()
    from floor import floor

    # An installed app runs from bytecode (pip and PyInstaller compile it); a checkout run
    # with PYTHONDONTWRITEBYTECODE=1 would compile every module of ours from source in each
    # `shebao pack` process (~40 ms) while the floor's libraries, in site-packages, are
    # compiled (as bench/bench_startup.py does).
    import compileall
    compileall.compile_dir(ROOT / "forms", quiet=1)

    from forms.case.model import load_case
    from forms.pack.build import build_pack
    from forms.fill.render_pdf import render_form

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ.setdefault("SHEBAO_CACHE_DIR", str(tmp / "cache"))
        case_path, scans = make_case(tmp)
        files = [str(p) for p in scans]
        case = load_case(case_path)
        # the floor merges the forms as filled once (shebao fill), with the scans
        from forms.fill.write import fill_forms
        forms_pdf = [str(p) for p in fill_forms(case, ON, tmp / "forms", formats=("pdf",))]
        floor_files = forms_pdf + files

        warm = interleaved(lambda: floor(floor_files, tmp / "floor.pdf"),
                                            lambda: build_pack(case, ON, tmp / "pack.pdf"), args.runs)
        forms = timed(lambda: [render_form(case, f, ON) for f in
                               ("declaration_form", "termination_application", "termination_notice")], args.runs)

        shebao = [sys.executable, "-m", "forms", "pack", str(case_path), "-o", str(tmp / "cold.pdf"),
                  "--on", ON.isoformat()]
        floor_cmd = [sys.executable, str(ROOT / "bench" / "floor.py"), str(tmp / "floor-cold.pdf"), *floor_files]
        cold = interleaved(lambda: subprocess.run(floor_cmd, check=True, capture_output=True),
                                            lambda: subprocess.run(shebao, check=True, capture_output=True), args.runs)

        scan_bytes = sum(p.stat().st_size for p in scans)
        pack_bytes = (tmp / "pack.pdf").stat().st_size
        from pypdf import PdfReader
        pages = len(PdfReader(tmp / "pack.pdf").pages)

        # the same forms with one long scanned PDF: the separation certificate
        long_pdf = scanned_pdf(scans, args.pages, tmp / "long.pdf")
        long_case = load_case(case_path)
        long_case["attachments"] = [{"requirement": "dep.passport", "path": files[0]},
                                    {"requirement": "dep.bank_card", "path": files[1]},
                                    {"requirement": "dep.separation_certificate", "path": str(long_pdf)}]
        long_files = forms_pdf + files[:2] + [str(long_pdf)]
        long = interleaved(lambda: floor(long_files, tmp / "floor-long.pdf"),
                                            lambda: build_pack(long_case, ON, tmp / "pack-long.pdf"),
                                            args.runs)
        mem_floor = peak(lambda: floor(long_files, tmp / "floor-long.pdf"))
        mem_pack = peak(lambda: build_pack(long_case, ON, tmp / "pack-long.pdf"))
        long_mb = long_pdf.stat().st_size / 1e6

    def row(name, m, limit):
        for kind in ("wall", "cpu"):
            (f_med, f_min), (p_med, p_min) = m[kind]
            print(f"{name:<5} {kind:<4} floor {f_med * 1000:7.1f} ms   pack {p_med * 1000:7.1f} ms   ratio "
                  f"{p_med / f_med:.2f}  (<= {limit})   [min: {f_min * 1000:.1f} / {p_min * 1000:.1f} ms, {p_min / f_min:.2f}]")

    print(f"pack: {pages} pages; 20 scans {scan_bytes / 1e6:.1f} MB; medians of {args.runs} runs")
    row("warm", warm, 1.3)
    row("cold", cold, 2)
    row(f"{args.pages}p", long, 1.3)
    print(f"memory  {args.pages}-page scanned PDF ({long_mb:.0f} MB): floor {mem_floor / 1e6:.0f} MB   pack "
          f"{mem_pack / 1e6:.0f} MB   ratio {mem_pack / mem_floor:.2f}  (<= 1.2)")
    print(f"forms three forms warm {forms[0] * 1000:.1f} ms  (< 200 ms)")
    print(f"size   pack {pack_bytes / 1e6:.2f} MB / scans {scan_bytes / 1e6:.2f} MB = {pack_bytes / scan_bytes:.3f}  (<= 1.05)")


if __name__ == "__main__":
    main()
