"""Save a screenshot of the case list and of every step, in Chinese and in English.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py OUTDIR [--scale 2]
    xvfb-run -a python tools/screenshots.py OUTDIR

Uses a temporary data directory seeded with the example cases (their scans copied into
the case store), so nothing of the user's own is shown or touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = dt.date(2026, 11, 29)


def seed(store) -> dict:
    from forms.case import load_case
    from forms.summary import case_summary

    ids = {}
    for key, name in (("mueller", "registration-dispatched-de.json"), ("harris", "departure-refund.json"),
                      ("lee", "registration-pr-employed.json")):
        case = load_case(ROOT / "examples" / name)
        base = Path(case.pop("_base_dir"))
        for att in case.pop("attachments", []):
            store.attach(case, att["requirement"], base / att["path"])
        store.save(case, case_summary(store.prepare(case), TODAY))
        ids[key] = case["id"]
    blank = store.create("registration")
    store.save(blank, case_summary(blank, TODAY))
    ids["blank"] = blank["id"]
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (2 = high-DPI)")
    args = parser.parse_args()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    os.environ["SHEBAO_DATA_DIR"] = tempfile.mkdtemp(prefix="shebao-shots-")
    os.environ.setdefault("SHEBAO_LANG", "en")
    args.outdir.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from desktop import i18n
    from desktop.app import build

    app, window = build([], today=TODAY)
    ids = seed(window.store)
    window.case_list.model.set_rows(window.store.rows())
    window.case_list.update_empty()
    em = window.fontMetrics().horizontalAdvance("M")
    window.resize(QSize(em * 100, em * 62))
    saved = []

    def shot(name: str) -> None:
        app.processEvents()
        path = args.outdir / f"{name}.png"
        window.grab().save(str(path))
        saved.append(path)

    for lang in ("zh", "en"):
        window.set_language(lang)
        window.close_case()
        window.case_list.select(ids["mueller"])
        shot(f"{lang}-00-case-list")
        for case_key, steps in (("mueller", None), ("harris", ["departure", "documents", "review"]),
                                ("blank", ["person", "documents", "review"])):
            window.open_case(ids[case_key])
            for n, key in enumerate(window.editor.visible_keys(), 1):
                if steps is not None and key not in steps:
                    continue
                window.editor.go(key)
                window.editor.current_page().scroll.verticalScrollBar().setValue(0)
                shot(f"{lang}-{case_key}-{n}-{key}")
            window.close_case()
    window.set_language("en")
    window.close()
    print("\n".join(str(p) for p in saved))
    return 0


if __name__ == "__main__":
    sys.exit(main())
