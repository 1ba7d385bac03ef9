"""Benchmark of the file inspection: a case with 20 attachments (300-DPI JPEG scans of
cards, passport pages and A4 sheets with scanner noise, scanned and drawn PDFs), inspected
cold (new worker processes, empty cache), then again (cached), and the corpus file by file.

    python bench/inspection.py [--corpus PATH]

The attachments are made by a child process, so that this one's peak memory is the
inspection's own.

Figures are wall-clock seconds on this machine, with ratios against a baseline run in the
same process: reading and hashing every byte of the same files (the floor of the cached
run). Peak memory: the largest resident size of this process and of any worker.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageFilter  # noqa: E402,F401

from tests.inspection import makers as M  # noqa: E402

ON = dt.date(2026, 11, 29)


def noisy(img: Image.Image, seed: int) -> Image.Image:
    """Scanner noise, so that the JPEGs are as large as real 300-DPI scans."""
    noise = Image.effect_noise(img.size, 10 + seed % 3).convert("RGB")
    return Image.blend(img, noise, 0.06).filter(ImageFilter.SMOOTH)


def make_case(folder: Path) -> dict:
    atts = []

    def jpeg(name, kind, seed, req):
        path = M.write(folder / name, M.jpeg_bytes(noisy(M.document(kind, 300, seed=seed), seed), 300, quality=85))
        atts.append({"requirement": req, "path": str(path)})

    for i in range(4):
        jpeg(f"card-{i}.jpg", "id1", 10 + i, "reg.employment_document")
    for i in range(4):
        jpeg(f"passport-{i}.jpg", "id3", 20 + i, "reg.passport")
    for i in range(6):
        jpeg(f"sheet-{i}.jpg", "a4", 30 + i, "reg.employment_contract")
    for i in range(4):
        pages = [M.jpeg_bytes(noisy(M.document("a4", 300, seed=40 + i * 3 + p), p), 300, quality=85)
                 for p in range(1 + i % 3)]
        path = M.scan_pdf(folder, f"scan-{i}.pdf", pages)
        atts.append({"requirement": "reg.dispatch_letter", "path": str(path)})
    for i in range(2):
        path = M.text_pdf(folder, f"letter-{i}.pdf", [[f"Certificate {i}", "line two", "line three"]] * (1 + i))
        atts.append({"requirement": "reg.domestic_employer_certificate", "path": str(path)})
    case = json.loads((ROOT / "examples/registration-dispatched-de.json").read_text(encoding="utf-8"))
    case["attachments"] = atts
    case["_base_dir"] = str(folder)
    return case


def peak_kb() -> int:
    """This process's peak resident size (VmHWM on Linux; ru_maxrss counts the parent's)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def hash_all(case) -> float:
    from forms.inspection.analysis import file_sha256

    start = time.perf_counter()
    for att in case["attachments"]:
        file_sha256(att["path"])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--make", help=argparse.SUPPRESS)  # child: make the files in this folder
    args = parser.parse_args()
    if args.make:
        json.dump(make_case(Path(args.make)), sys.stdout)
        return
    import subprocess

    from forms.inspection import Cache, InspectionPool, inspect_case, inspect_files

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        case = json.loads(subprocess.run([sys.executable, __file__, "--make", tmp], check=True,
                                         capture_output=True, text=True).stdout)
        sizes = [os.path.getsize(a["path"]) for a in case["attachments"]]
        baseline = min(hash_all(case) for _ in range(3))
        cache = Cache(folder / "cache")
        pool = InspectionPool()
        start = time.perf_counter()
        cold = inspect_case(case, ON, pool=pool, cache=cache)
        t_cold = time.perf_counter() - start
        warm_times = []
        for _ in range(5):
            start = time.perf_counter()
            warm = inspect_case(case, ON, pool=pool, cache=cache)
            warm_times.append(time.perf_counter() - start)
        t_warm = min(warm_times)
        cache.clear()
        start = time.perf_counter()
        inspect_case(case, ON, pool=pool, cache=cache)  # workers running, cache empty
        t_warm_pool = time.perf_counter() - start
        pool.close()
        assert all(r.cached for r in warm.files) and not any(r.cached for r in cold.files)
        blockers = [f.code for f in cold.all_findings() if f.severity == "blocker"]
        parent_peak = peak_kb()
        print(f"20 attachments: {sum(sizes) / 1e6:.1f} MB in all ({min(sizes) // 1000}-{max(sizes) // 1000} KB each), "
              f"{sum(r.facts['pages'] or 0 for r in cold.files)} pages; blockers: {blockers or 'none'}")
        print(f"baseline, read and hash every byte:         {baseline * 1000:7.1f} ms")
        print(f"cold (start 2 workers, empty cache):        {t_cold * 1000:7.1f} ms  = {t_cold / baseline:5.1f} x baseline")
        print(f"workers running, empty cache:               {t_warm_pool * 1000:7.1f} ms  = {t_warm_pool / baseline:5.1f} x baseline")
        print(f"again, cached (best of 5):                  {t_warm * 1000:7.1f} ms  = {t_warm / baseline:5.1f} x baseline")
        print(f"peak resident memory: this process {parent_peak / 1024:.0f} MB, largest worker {pool.peak_rss_kb / 1024:.0f} MB")
        print(f"slowest file analysis: {max(r.facts['seconds'] for r in cold.files) * 1000:.0f} ms")

    corpus = Path(args.corpus)
    if corpus.is_dir():
        files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix not in (".md", ".json"))
        pool = InspectionPool()
        start = time.perf_counter()
        results = inspect_files(files, pool=pool, cache=Cache(None))
        total = time.perf_counter() - start
        pool.close()
        slowest = max(results, key=lambda r: r.facts.get("seconds") or 0)
        print(f"corpus: {len(files)} files in {total:.2f} s; slowest {Path(slowest.path).name} "
              f"{(slowest.facts['seconds'] or 0) * 1000:.0f} ms (time limit {pool.time_limit:.0f} s); "
              f"largest worker {pool.peak_rss_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
