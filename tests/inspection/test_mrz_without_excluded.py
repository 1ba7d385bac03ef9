"""The bundle leaves out parts of numpy and other libraries the MRZ reader is believed not
to need (EXCLUDES in packaging/shebao-desk.spec). A reader that reaches one of them fails
only in the bundle, where an engine error loses the reading quietly: the example passport
scans are read here in a process where every left-out module cannot be imported."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from forms.inspection import mrz_ocr

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not mrz_ocr.available(), reason="MRZ reader (onnxruntime, rapidocr) not installed")

READ = r"""
import importlib.abc, json, sys
blocked = set(json.loads(sys.argv[1]))

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in blocked):
            raise ModuleNotFoundError(f"No module named {name!r} (left out of the bundle)")
        return None

sys.meta_path.insert(0, Block())
from PIL import Image
from forms.inspection.mrz_ocr import read_image
out = {}
for path in sys.argv[2:]:
    reading = read_image(Image.open(path))
    out[path] = reading and {k: reading[k] for k in ("valid", "surname", "document_number")}
print(json.dumps(out))
"""


def left_out() -> list[str]:
    """The spec's excluded Python modules the reader could reach (numpy's parts, OpenCV and
    RapidOCR's pipeline): read from its EXCLUDES list, not copied here."""
    spec = (ROOT / "packaging" / "shebao-desk.spec").read_text(encoding="utf-8")
    block = spec[spec.index("EXCLUDES = "):spec.index("]", spec.index('"PIL._avif"')) + 1]
    names = re.findall(r'"([A-Za-z_][\w.]*)"', block)
    return [n for n in names if n.startswith(("numpy.", "onnxruntime.")) or n in ("cv2", "shapely", "pyclipper", "yaml")]


def test_the_example_passports_read_without_what_the_bundle_leaves_out():
    blocked = left_out()
    assert "numpy.ma" in blocked and "cv2" in blocked  # the list was found
    scans = [ROOT / "examples" / "scans" / f"{name}-passport.jpg" for name in ("harris", "mueller")]
    done = subprocess.run([sys.executable, "-c", READ, json.dumps(blocked), *map(str, scans)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert out[str(scans[0])] == {"valid": True, "surname": "HARRIS", "document_number": "533419862"}
    assert out[str(scans[1])] == {"valid": True, "surname": "MUELLER", "document_number": "C01X00T47"}
