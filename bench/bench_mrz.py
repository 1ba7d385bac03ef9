"""Benchmark of the MRZ reader: accuracy and time on (a) the specimen images of the shared
corpus with the values of mrz_expected.json and (b) generated data pages, an MRZ set in
OCR-B with known values (TD3 passports, some TD1 cards and MRV-A visas), at 150-300 DPI,
turned by 0/90/180/270 degrees, blurred and JPEG-compressed at several qualities, some as
photos (tilted, on a dark background).

    python bench/bench_mrz.py [--corpus PATH] [--pages N]

Each image goes through the inspection's analysis in this process (as a worker runs it:
decode, measures, MRZ search), one at a time. Reported: share read (every check digit
holds), per-field accuracy (a field not read counts as wrong), the share read with every
check digit valid but a wrong value (must be 0), the median and slowest time per image
with the ratio against decoding the same JPEG with Pillow (the baseline, same process),
and a cached read through inspect_file.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from forms.inspection import mrz_ocr  # noqa: E402
from forms.inspection.analysis import analyse  # noqa: E402
from tests.inspection import mrz_pages as P  # noqa: E402

FIELDS = ["document_type", "issuing_country", "surname", "given_names", "document_number", "nationality",
          "birth_date", "sex", "expiry_date", "optional_data"]


def expected_fields(lines: list[str]) -> dict:
    from forms.law import mrz

    parsed = mrz.parse(lines)
    return {f: parsed[f] for f in FIELDS}


def generated(folder: Path, n: int) -> list[dict]:
    """Half clear 300-DPI scans, half degraded (DPI, blur, JPEG quality, photo)."""
    out = []
    for seed in range(n):
        clear = seed % 2 == 0
        layout = "TD3" if seed % 6 not in (3, 5) else ("TD1" if seed % 6 == 3 else "MRVA")
        values = P.random_values(1000 + seed)
        lines = P.mrz_lines(layout, values)
        rotation = (0, 90, 180, 270)[(seed // 2) % 4]
        if clear:
            dpi, blur, quality, photo = 300, 0.0, 90, False
        else:
            dpi = (150, 200, 300)[(seed // 2) % 3]
            blur = (0.0, 0.7, 1.2)[(seed // 6) % 3]
            quality = (75, 50, 35)[(seed // 4) % 3]
            photo = seed % 8 == 1
        img = P.page(lines, layout, dpi, seed=seed)
        data = P.distort(img, rotation=rotation, blur=blur, quality=quality,
                         tilt=2.0 if photo else 0.0, margin=0.3 if photo else 0.0, dpi=dpi)
        path = folder / f"gen-{seed:03d}.jpg"
        path.write_bytes(data)
        label = f"{layout} {dpi}dpi rot{rotation} blur{blur} q{quality}{' photo' if photo else ''}"
        out.append({"path": path, "lines": lines, "clear": clear, "label": label, "layout": layout})
    return out


def corpus_items(corpus: Path) -> list[dict]:
    entries = json.loads((corpus / "mrz_expected.json").read_text())["entries"]
    return [{"path": corpus / e["file"], "lines": e["mrz_lines"], "clear": False, "label": e["file"],
             "layout": e["format"]} for e in entries]


def run(items: list[dict]) -> dict:
    times, cpu, base, rows = [], [], [], []
    field_ok = {f: 0 for f in FIELDS}
    read = valid_wrong = 0
    for item in items:
        t = time.perf_counter()
        with Image.open(item["path"]) as im:
            im.load()
        base.append(time.perf_counter() - t)
        t, c = time.perf_counter(), time.process_time()
        a, _thumb = analyse(item["path"])
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        reading = a.get("mrz_read")
        expected = expected_fields(item["lines"])
        ok = bool(reading and reading["valid"])
        if ok:
            read += 1
            if any(reading.get(f) != expected[f] for f in FIELDS):
                valid_wrong += 1
        for f in FIELDS:
            field_ok[f] += bool(ok and reading.get(f) == expected[f])
        rows.append((item["label"], ok, times[-1]))
    n = len(items)
    return {"n": n, "read": read / n if n else 0, "valid_wrong": valid_wrong / n if n else 0,
            "fields": {f: field_ok[f] / n for f in FIELDS}, "median": statistics.median(times),
            "cpu": statistics.median(cpu),
            "max": max(times), "base": statistics.median(base), "rows": rows}


def cached_read(path: Path) -> float:
    from forms.inspection import Cache, InspectionPool, inspect_file

    with tempfile.TemporaryDirectory() as tmp:
        cache, pool = Cache(Path(tmp) / "cache"), InspectionPool(workers=1)
        try:
            inspect_file(path, "reg.passport", pool=pool, cache=cache)
            t = time.perf_counter()
            r = inspect_file(path, "reg.passport", pool=pool, cache=cache)
            assert r.cached
            return time.perf_counter() - t
        finally:
            pool.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--pages", type=int, default=48, help="generated pages (half clear, half degraded)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not mrz_ocr.available():
        sys.exit("the MRZ reader (onnxruntime, rapidocr) is not installed")
    t = time.perf_counter()
    mrz_ocr._engine()
    load = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        gen = generated(Path(tmp), args.pages)
        sets = [("corpus specimens (mrz_expected.json)", corpus_items(Path(args.corpus))),
                ("generated, clear 300 DPI", [g for g in gen if g["clear"]]),
                ("generated, degraded", [g for g in gen if not g["clear"]])]
        results = [(name, run(items)) for name, items in sets if items]
        cached = cached_read(sets[1][1][0]["path"])
    print(f"MRZ reader: PP-OCRv6 small recogniser on ONNX Runtime; model loaded in {load:.2f} s (once per worker)\n")
    head = (f"{'set':<40} {'n':>3} {'read':>6} {'valid+wrong':>11} {'median s':>9} {'cpu s':>6} {'max s':>6} "
            f"{'x decode':>9}")
    print(head)
    print("-" * len(head))
    for name, r in results:
        print(f"{name:<40} {r['n']:>3} {r['read']:>6.0%} {r['valid_wrong']:>11.0%} {r['median']:>9.2f} "
              f"{r['cpu']:>6.2f} {r['max']:>6.2f} {r['median'] / r['base']:>9.0f}")
    print("\nper-field accuracy (a field not read counts as wrong)")
    print(f"{'field':<18}" + "".join(f"{name.split(' (')[0][:22]:>24}" for name, _ in results))
    for f in FIELDS:
        print(f"{f:<18}" + "".join(f"{r['fields'][f]:>24.0%}" for _, r in results))
    print(f"\ncached read (inspect_file, second time): {cached * 1000:.1f} ms")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(median s is wall-clock; cpu s the processor time of the read itself)")
    if args.verbose:
        for name, r in results:
            for label, ok, secs in r["rows"]:
                print(f"  {'ok ' if ok else 'NOT'} {secs:5.2f} {label}")


if __name__ == "__main__":
    main()
