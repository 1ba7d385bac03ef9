"""After a language switch everything on screen is in the new language, and nothing the
user chose is reset (issue 12, item 9); counts go through plural forms."""

from __future__ import annotations

from .conftest import EXAMPLES
from .drive import page


def open_example(window, qtbot, name):
    window.open_example(str(EXAMPLES / f"{name}.json"))
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)


def test_output_result_and_choice_follow_the_language(window, qtbot, tmp_path):
    open_example(window, qtbot, "departure-refund")
    window.editor.go("output")
    out = page(window, "output")
    out.choice.setCurrentIndex(out.choice.findData("pack"))
    out.write_pack(str(tmp_path / "harris.pdf"), draft=True)
    qtbot.waitUntil(lambda: out.result_label.isVisible() and "Saved the pack" in out.result_label.text(), timeout=60000)
    window.set_language("zh")
    assert "已将提交材料包" in out.result_label.text() and "Saved" not in out.result_label.text()
    assert out.choice.currentData() == "pack"  # the preview choice is kept
    assert out.choice.currentText() == "提交材料包（表格和扫描件）"


def test_documents_count_every_requirement_with_files(window, qtbot):
    open_example(window, qtbot, "departure-refund")
    window.editor.go("documents")
    docs = page(window, "documents")
    reqs = window.session.report.requirements
    with_files = sum(1 for r in reqs if window.session.report.attachments_for(r.id))
    assert with_files == 3
    assert docs.summary.text() == f"{with_files} of {len(reqs)} documents have files attached."
