"""The scan inspection in the documents step (off the UI thread, with progress, Cancel and
Check again; thumbnails and findings under each file, named as the user named the file;
the findings in the header, the review and the case list), and the output step's draft,
typed signature and failures, all through the widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from forms.fill.render_pdf import signature_boxes
from tests.forms.forms_helpers import check_pack, image_boxes, inside, pdftotext
from tests.inspection import makers as M

from .conftest import EXAMPLES
from .drive import LEFT, click, drop_files, fill, key_text, new_case_button, next_step, page
from .test_flows import current, form_pages, inspected


def new_departure_at_documents(window, qtbot):
    click(new_case_button(window, "departure"))
    for _ in range(3):
        next_step(window)
    assert current(window) == "departure"
    fill(window, "departure", "departure.choice", "terminate")
    next_step(window)
    assert current(window) == "documents"
    return page(window, "documents")


def test_inspection_runs_in_the_background_can_be_cancelled_and_shows_findings(window, qtbot, tmp_path):
    docs = new_departure_at_documents(window, qtbot)
    blank = M.blank_scan(tmp_path, "empty page.jpg", "id3", 300)
    pages = [M.scan(tmp_path, f"certificate page {i}.jpg", "a4", 300, seed=i) for i in range(1, 7)]
    with qtbot.waitSignal(window.session.saved, timeout=10000):
        drop_files(docs.rows["dep.passport"], [blank])
    with qtbot.waitSignal(window.session.saved, timeout=10000):
        drop_files(docs.rows["dep.separation_certificate"], pages)
    # the inspection starts by itself; the window keeps working, and Cancel stops it
    qtbot.waitUntil(lambda: docs.inspect_task is not None, timeout=10000)
    assert docs.progress.isVisible() and docs.cancel_button.isVisible()
    click(docs.cancel_button)
    qtbot.waitUntil(lambda: docs.inspect_task is None, timeout=30000)
    assert "stopped" in docs.inspect_status.text() and docs.check_button.isVisible()
    assert not docs.progress.isVisible()

    click(docs.check_button)
    qtbot.waitUntil(lambda: inspected(window), timeout=60000)
    row = docs.rows["dep.passport"].file_rows[0]
    assert row.name.text() == "empty page.jpg"
    qtbot.waitUntil(lambda: not row.thumb.pixmap().isNull())  # decoded between events
    assert row.thumb.isVisible()
    messages = row.findings.messages()
    assert any("empty page.jpg" in m and "blank" in m for m in messages), messages
    assert not any("attachments/" in m for m in messages)  # never the store's path
    assert not row.findings.rows[0].icon.pixmap().isNull()
    assert "1 blockers" in docs.inspect_status.text() or "blocker" in docs.inspect_status.text()
    codes = {f.code for f in window.session.report.findings}
    assert "PAGE_BLANK" in codes
    # the header (progress in a new case until the review, then the blockers), the review,
    # and from the review's finding back to the file's row
    assert "answers given" in window.editor.status.text()
    next_step(window)
    assert "blocker" in window.editor.status.text()
    review = page(window, "review")
    findings = review.tree.topLevelItem(0)
    item = next(findings.child(i) for i in range(findings.childCount())
                if findings.child(i).data(0, Qt.ItemDataRole.UserRole)[1].code == "PAGE_BLANK")
    assert "empty page.jpg" in item.text(0)
    review.tree.setFocus()
    review.tree.setCurrentItem(item)
    QTest.keyClick(review.tree, Qt.Key.Key_Return)
    assert current(window) == "documents"
    assert docs.rows["dep.passport"].file_rows[0].remove_button.hasFocus()
    # the case list counts the file's blocker too
    click(window.editor.list_button)
    model = window.case_list.model
    status = model.data(model.index(model.row_for(window.store.rows()[0].id), 2))
    case_id = next(r.id for r in window.store.rows())
    assert window.store.rows()[0].summary["blocker"] >= 1, status
    assert case_id

    # removing the file takes its findings away
    window.open_case(case_id)
    window.editor.go("documents")
    click(docs.rows["dep.passport"].file_rows[0].remove_button)
    qtbot.waitUntil(lambda: inspected(window), timeout=60000)
    assert "PAGE_BLANK" not in {f.code for f in window.session.report.findings}


def test_a_draft_pack_with_a_typed_signature_and_a_scan_that_cannot_be_read(window, qtbot, tmp_path):
    docs = new_departure_at_documents(window, qtbot)
    with qtbot.waitSignal(window.session.saved, timeout=10000):
        drop_files(docs.rows["dep.passport"], [EXAMPLES / "scans" / "harris-passport.jpg"])
    att = window.session.case["attachments"][0]
    window.store.blobs.path(att["path"]).write_bytes(b"\xff\xd8 this is no longer a picture")  # a damaged disk
    for _ in range(2):
        next_step(window)
    assert current(window) == "output"
    out = page(window, "output")
    assert "Not ready" in out.status.text() and "DRAFT" in out.status.text()

    # sign by typing the name, in the plain style
    click(out.sign_button)
    dialog = out.dialog
    qtbot.waitExposed(dialog)
    bar = dialog.tabs.tabBar()
    QTest.mouseClick(bar, LEFT, Qt.KeyboardModifier.NoModifier, bar.tabRect(1).center())
    assert dialog.tabs.currentIndex() == 1 and not dialog.ok_button.isEnabled()
    dialog.typed.edit.setFocus()
    key_text(dialog.typed.edit, "Emily Harris")
    click(dialog.typed.style_buttons["plain"])
    assert not dialog.typed.preview.pixmap().isNull()
    click(dialog.ok_button)
    assert window.session.signature is not None and out.sign_image.isVisible()

    # a case with blockers: the app says what a draft is before saving one
    click(out.pack_button)
    box = out.dialog
    assert isinstance(box, QMessageBox) and "blockers" in box.text() and "DRAFT" in box.text()
    draft_button = next(b for b in box.buttons() if "draft" in b.text().lower())
    click(draft_button)
    dialog = out.dialog
    assert "draft" in Path(dialog.selectedFiles()[0]).name
    pack = tmp_path / "draft.pdf"
    dialog.selectFile(str(pack))
    dialog.accept()
    qtbot.waitUntil(lambda: out.task is None and pack.exists(), timeout=60000)
    # the damaged scan: the pack has a page saying why, named as the user named the file
    notice = window.dialog
    assert isinstance(notice, QMessageBox) and "harris-passport.jpg" in notice.text()
    assert "could not be included" in notice.text()
    notice.accept()
    marks = check_pack(pack)
    text = pdftotext(pack)
    assert "harris-passport.jpg" in text
    from pypdf import PdfReader
    for i in range(len(PdfReader(pack).pages)):
        assert "DRAFT" in pdftotext(pack, "-raw", "-f", str(i + 1), "-l", str(i + 1)), i
    for form_id, start in form_pages(marks, ["declaration_form", "termination_application"]).items():
        [box] = [b for b in signature_boxes(form_id) if b["role"] == "signature"]
        assert any(inside(img, box["rect"]) for img in image_boxes(pack, start + box["page"])), form_id

    # saving where no file can be written: a clear message in the UI language, nothing lost
    window.set_language("zh")
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    target = blocker / "pack.pdf"
    click(out.pack_button)
    click(next(b for b in out.dialog.buttons() if "草稿" in b.text()))
    out.dialog.selectFile(str(target))
    out.dialog.accept()
    qtbot.waitUntil(lambda: out.task is None and isinstance(window.dialog, QMessageBox) and window.dialog is not notice,
                    timeout=60000)
    message = window.dialog.text()
    assert "无法保存" in message and "Traceback" not in message, message
    assert not target.exists() and not list(tmp_path.glob("**/*.part"))
    assert window.store.load(window.session.id)["attachments"]  # the case is as it was
    window.dialog.accept()
