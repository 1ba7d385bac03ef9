"""Time of forms.logs.redact() on 1, 10 and 50 MB of adversarial text, and the ratio
against the 1 MB run in the same process (linear: every MB costs the same).

The text repeats the shapes that made the former patterns quadratic (a long run of
capitals and digits holding one '<', digits grouped by single spaces then glued to a
word, a 12-digit run glued to a letter) with real identifiers planted among them; each
run checks that every planted identifier is gone. The values of an example case are
remembered first, as after a case is opened, so its names are taken out too. As a baseline the former MRZ pattern
runs on the first 20/40/80 kB of the same text (it doubled the length and took four
times as long).

    python bench/bench_redact.py [--sizes 1,10,50]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forms.common.logs import redact, remember_case  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

PLANTED = ("E12345678", "GBR533419862", "6222 0212 3456 7890 123", "P<DEUMUELLER<<JONAS<<<<<<<<<<<<<<<<<<<<<<<<")
OLD_MRZ = re.compile(r"[A-Z0-9<]*<[A-Z0-9<]*<[A-Z0-9<]*")


def adversarial(size: int) -> str:
    block = ("ABCDEFGH1234" * 2000 + "<" + " "  # a 24 kB run with one '<': the MRZ pattern's worst case
             + "1 " * 3000 + "x "  # digits grouped by spaces, glued to a word at the end
             + "123456789012" * 50 + "Q "  # a long digit run glued to a letter
             + " ".join(PLANTED) + " case 3f2a9c1d0e8b7a6f5e4d3c2b1a098765 ")
    return (block * (size // len(block) + 1))[:size]


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,50", help="megabytes, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    import json

    remember_case(json.loads((ROOT / "examples" / "registration-dispatched-de.json").read_text(encoding="utf-8")))
    print("former MRZ pattern (baseline, quadratic):")
    for kb in (20, 40, 80):
        t, _ = timed(OLD_MRZ.sub, "[MRZ]", adversarial(kb * 1000))
        print(f"  {kb:>3} kB  {t:8.3f} s")
    print("redact():")
    base = None
    for mb in sizes:
        text = adversarial(mb * 1_000_000)
        t, out = timed(redact, text)
        leaked = [p for p in PLANTED if p in out]
        per_mb = t / mb
        base = base or per_mb
        print(f"  {mb:>3} MB  {t:8.3f} s  {per_mb:6.3f} s/MB  ratio to 1 MB per MB: {per_mb / base:5.2f}"
              f"  planted ids left: {len(leaked)}")
        if leaked:
            raise SystemExit(f"leaked: {leaked}")


if __name__ == "__main__":
    main()
