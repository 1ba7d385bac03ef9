"""Save a screenshot of the welcome page, the case list, every step and the About dialog,
in Chinese and in English, in the light and the dark palette.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py OUTDIR [--scale 2] [--theme light]
    xvfb-run -a python tools/screenshots.py OUTDIR

Files are named THEME-LANG-WHAT.png (light-en-mueller-3-person.png).

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
    from forms.case.model import load_case
    from forms.verdict.summary import case_summary

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
    # a phone photo of a passport page at a quarter of the scan's size: too few pixels
    # for a passport page, so the documents step shows a file with a finding
    from PIL import Image
    small = Path(tempfile.mkdtemp(prefix="shebao-shots-")) / "passport photo.jpg"
    with Image.open(ROOT / "examples" / "scans" / "mueller-passport.jpg") as im:
        im.resize((im.width // 4, im.height // 4)).save(small, "JPEG", quality=80, dpi=(75, 75))
    store.attach(blank, "reg.passport", small)
    store.save(blank, case_summary(store.prepare(blank), TODAY))
    ids["blank"] = blank["id"]
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (2 = high-DPI)")
    parser.add_argument("--theme", choices=("light", "dark", "both"), default="both")
    args = parser.parse_args()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    os.environ["SHEBAO_DATA_DIR"] = tempfile.mkdtemp(prefix="shebao-shots-")
    os.environ.setdefault("SHEBAO_LANG", "en")
    args.outdir.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSize

    from desktop.app import build

    app, window = build([], today=TODAY)
    em = window.fontMetrics().horizontalAdvance("M")
    window.resize(QSize(em * 100, em * 62))
    saved = []
    themes = ("light", "dark") if args.theme == "both" else (args.theme,)

    def shot(name: str, widget=None) -> None:
        import time
        end = time.monotonic() + 0.15  # the layouts settle (messages shown under fields) as before a paint
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
        path = args.outdir / f"{name}.png"
        (widget or window).grab().save(str(path))
        saved.append(path)

    def wait(done, seconds: float = 60) -> None:
        """Let the event loop run until done() (the inspection, a preview) or a time limit."""
        import time
        end = time.monotonic() + seconds
        while not done() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
        app.processEvents()

    def inspected() -> bool:
        docs, session = window.editor.pages["documents"], window.session
        return docs.inspect_task is None and session.inspected_key == session.inspection_key()

    def previewed() -> bool:
        out = window.editor.pages["output"]
        return out.preview_task is None and out.preview_key is not None and not out._preview_timer.isActive()

    def rendered() -> None:
        """QPdfView draws its pages in a thread: give it a moment."""
        import time
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def sign(lang: str) -> None:
        """Draw a signature on the pad with the mouse, as a user does, and use it."""
        import math

        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        out = window.editor.pages["output"]
        out.sign_button.click()
        dialog = out.dialog
        dialog.resize(dialog.sizeHint())
        dialog.show()
        pad = dialog.pad
        w, h = pad.width(), pad.height()
        for stroke in range(2):
            pts = [QPoint(int(w * (0.1 + 0.38 * t / 40 + 0.42 * stroke)),
                          int(h * (0.55 - 0.25 * math.sin(t / 4.0 + stroke) * (1 - t / 60))))
                   for t in range(41)]
            QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[0])
            for pt in pts[1:]:
                QTest.mouseMove(pad, pt)
            QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[-1])
        shot(f"{lang}-harris-sign-dialog", dialog)
        dialog.ok_button.click()

    def about(prefix: str) -> None:
        window.about()
        dialog = window.dialog
        dialog.show()
        shot(f"{prefix}-about", dialog)
        dialog.close()

    for look in themes:  # the welcome page: the store is still empty
        window.set_appearance(look)
        for lang in ("zh", "en"):
            window.set_language(lang)
            shot(f"{look}-{lang}-00-welcome")
    ids = seed(window.store)
    window.case_list.model.set_rows(window.store.rows())
    window.case_list.update_empty()
    for look, lang in ((look, lang) for look in themes for lang in ("zh", "en")):
        window.set_appearance(look)
        window.set_language(lang)
        window.close_case()
        window.case_list.select(ids["mueller"])
        lang = f"{look}-{lang}"  # the file name's prefix
        shot(f"{lang}-01-case-list")
        about(lang)
        for case_key, steps in (("mueller", None), ("harris", ["departure", "documents", "review", "output"]),
                                ("blank", ["person", "documents", "review"])):
            window.open_case(ids[case_key])
            for n, key in enumerate(window.editor.visible_keys(), 1):
                if steps is not None and key not in steps:
                    continue
                window.editor.go(key)
                window.editor.current_page().scroll.verticalScrollBar().setValue(0)
                if key in ("documents", "review"):
                    wait(inspected)  # thumbnails and the files' findings
                if key == "documents":  # from the first row with files
                    docs = window.editor.pages["documents"]
                    first = next((r for r in docs.rows.values() if r.file_rows), None)
                    if first is not None:
                        app.processEvents()
                        docs.scroll.verticalScrollBar().setValue(first.y())
                if key == "output":
                    if case_key == "harris":
                        sign(lang)
                    wait(previewed)
                    rendered()
                shot(f"{lang}-{case_key}-{n}-{key}")
                if key == "employment" and case_key == "mueller":  # why a field is asked, under the step
                    window.activateWindow()
                    window.editor.current_page().fields["employment.contact_name"].setFocus()
                    shot(f"{lang}-{case_key}-{n}-{key}-help")
                if key == "output" and case_key == "harris":  # the pack, scrolled to a scan
                    out = window.editor.pages["output"]
                    out.choice.setCurrentIndex(out.choice.findData("pack"))
                    wait(previewed)
                    out.view.pageNavigator().jump(4, out.view.pageNavigator().currentLocation())
                    rendered()
                    shot(f"{lang}-{case_key}-{n}-{key}-pack")
                    out.choice.setCurrentIndex(0)
                    wait(previewed)
                    out.remove_signature()
            window.close_case()
    window.set_language("en")
    window.set_appearance("system")
    window.close()
    print("\n".join(str(p) for p in saved))
    return 0


if __name__ == "__main__":
    sys.exit(main())
