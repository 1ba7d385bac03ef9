"""A whole `shebao pack` process after `check` (issue 11: whole-process pack time, measured
in bench/bench_pack.py): with every file's verdict in the inspection cache and the font in
the font cache, it does the same work without loading what it then does not need. No time
is asserted; what the process imported and parsed is."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from forms_helpers import EXAMPLES, ON, ROOT, pdftotext

PROBE = """
import json, sys
from reportlab.pdfbase import ttfonts
parsed = []
original = ttfonts.TTFontFile.extractInfo
ttfonts.TTFontFile.extractInfo = lambda self, *a, **k: (parsed.append(1), original(self, *a, **k))[1]
from forms.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "fonts_parsed": len(parsed),
                  "modules": sorted(m for m in ("jsonschema", "multiprocessing", "forms.inspection.worker") if m in sys.modules)}))
"""


def _pack(tmp_path, cache, name):
    env = {**os.environ, "SHEBAO_CACHE_DIR": str(cache), "SHEBAO_DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / name
    r = subprocess.run([sys.executable, "-c", PROBE, "pack", str(EXAMPLES / "departure-refund.json"), "-o", str(out),
                        "--on", ON.isoformat(), "--lang", "en"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.stderr == ""  # its own lines only, and here none
    return json.loads(r.stdout.splitlines()[-1]), out


def test_a_pack_after_check_loads_no_validator_no_workers_and_parses_no_font(tmp_path):
    cache = tmp_path / "cache"
    first, first_pdf = _pack(tmp_path, cache, "first.pdf")  # reads the files, parses the font
    assert first["code"] == 0 and first["fonts_parsed"] == 1 and "forms.inspection.worker" in first["modules"]
    again, again_pdf = _pack(tmp_path, cache, "again.pdf")
    assert again == {"code": 0, "fonts_parsed": 0, "modules": []}
    assert pdftotext(again_pdf) == pdftotext(first_pdf)  # the same pack


def test_an_invalid_case_is_still_judged_by_jsonschema(tmp_path):
    case = json.loads((EXAMPLES / "departure-refund.json").read_text(encoding="utf-8"))
    case["person"]["birth_date"] = "1990-02-30"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "forms", "pack", str(path), "-o", str(tmp_path / "p.pdf"), "--lang", "en"],
                       cwd=ROOT, env={**os.environ, "SHEBAO_DATA_DIR": str(tmp_path / "data")},
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.startswith("shebao: Invalid case at $.person.birth_date: ")
    assert not (tmp_path / "p.pdf").exists()
