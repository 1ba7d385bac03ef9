"""Whole cases entered through the widgets: a departure (terminate and refund) and the
registration of an employee dispatched from Germany, from a new case to a ready case
saved in the store, exported as a .shebao file, and its submission pack saved (signed in
the app, or left to sign on paper); the packs pass the forms' checks."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from forms.case.model import load_case
from forms.verdict.report import build_report
from forms.store import CaseStore
from forms.store.archive import read_archive

from forms.fill.render_pdf import signature_boxes
from tests.forms.forms_helpers import check_pack, image_boxes, inside, jpegs_in, norm, pdftotext, sig_fields

from .conftest import EXAMPLES, TODAY
from .drive import click, draw, drop_files, fill, new_case_button, next_step, page, paste, signature_strokes, type_text

HARRIS_MRZ = ["P<GBRHARRIS<<EMILY<ROSE<<<<<<<<<<<<<<<<<<<<<", "5334198623GBR9006153F3109030<<<<<<<<<<<<<<<2"]
MUELLER_MRZ = ["P<D<<MUELLER<<JONAS<<<<<<<<<<<<<<<<<<<<<<<<<", "C01X00T478D<<8408129M3302141<<<<<<<<<<<<<<<4"]


def current(window) -> str:
    return window.editor.current_key()


def inspected(window) -> bool:
    docs, session = page(window, "documents"), window.session
    return docs.inspect_task is None and session.inspected_key == session.inspection_key()


def previewed(out) -> bool:
    return out.preview_task is None and out.preview_key is not None and not out._preview_timer.isActive()


def save_pack_through_the_dialog(window, qtbot, path: Path) -> str:
    """Save the pack with the Output step's button and the file dialog; the result text."""
    out = page(window, "output")
    click(out.pack_button)
    dialog = out.dialog
    default = Path(dialog.selectedFiles()[0]).name
    dialog.selectFile(str(path))
    dialog.accept()
    qtbot.waitUntil(lambda: out.task is None and path.exists(), timeout=60000)
    assert out.result_label.isVisible() and str(path) in out.result_label.text()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    return default


def form_pages(marks, form_ids) -> dict:
    """{form id: first page} from the pack's bookmarks (titled as the forms are)."""
    from forms.fill.render_pdf import layout
    out = {}
    for form_id in form_ids:
        title = layout(form_id).form.title["en"]
        out[form_id] = next(p for _, t, p in marks if title in t)
    return out


def without_ids(case: dict) -> dict:
    out = {k: v for k, v in case.items() if k not in ("id", "attachments") and not k.startswith("_")}
    return json.loads(json.dumps(out))


def test_departure_case_from_new_to_ready_and_exported(window, qtbot, tmp_path):
    click(new_case_button(window, "departure"))
    assert current(window) == "procedure"
    assert page(window, "procedure").fields["procedure"].buttons["departure"].isChecked()
    next_step(window)
    assert current(window) == "eligibility"
    fill(window, "eligibility", "employment.arrangement", "permit")
    next_step(window)
    assert current(window) == "person"
    for field, value in (("person.surname", "HARRIS"), ("person.given_names", "EMILY ROSE"), ("person.sex", "F"),
                         ("person.birth_date", "15/06/1990"), ("person.nationality", "United Kingdom"),
                         ("person.phone", "+86 137 0000 0003"), ("person.email", "emily.harris@example.com"),
                         ("person.address_cn", "深圳市福田区示例大道88号 / 88 Example Avenue, Futian, Shenzhen"),
                         ("person.passport.number", "533419862"), ("person.passport.issuing_country", "GB"),
                         ("person.passport.issue_date", "03/09/2021"), ("person.passport.expiry", "03/09/2031")):
        fill(window, "person", field, value)
    # the MRZ is pasted, both lines at once, and checked against the rest: no finding
    paste(page(window, "person").fields["person.passport.mrz"], "\n".join(HARRIS_MRZ))
    assert not page(window, "person").finding_views["person.passport.mrz"].findings
    next_step(window)
    assert current(window) == "departure"
    dep = page(window, "departure")
    assert not dep.bank_form.parentWidget().isVisibleTo(dep)
    fill(window, "departure", "departure.choice", "terminate")
    assert dep.bank_form.parentWidget().isVisibleTo(dep)
    assert "relationship ends" in dep.consequences["terminate"].text()
    for field, value in (("departure.leaving_date", "20/12/2026"),
                         ("departure.reason", "Employment ended; returning to the United Kingdom"),
                         ("departure.reason_code", "leaving_china"),
                         ("employment.employer_name_zh", "深圳示例科技有限公司"),
                         ("employment.employer_name_en", "Shenzhen Example Technology Co., Ltd."),
                         ("employment.credit_code", "91440300MA5H2K7L0H"),
                         ("employment.document_number", "144030020220067890"),
                         ("departure.by_proxy", True), ("departure.by_proxy", False),
                         ("employment.start_date", "01/03/2022"), ("employment.end_date", "20/11/2026"),
                         ("employment.residence_permit_expiry", "01/03/2027"),
                         ("social_security.number", "GBR533419862"), ("social_security.card_number", "sz0012345678"),
                         ("social_security.contributed_from", "01/03/2022"),
                         ("social_security.contributed_until", "30/11/2026"),
                         ("social_security.contribution_months", "57"),
                         ("bank.bank_name", "中国建设银行 China Construction Bank"), ("bank.branch", "深圳分行 Shenzhen Branch"),
                         ("bank.account_holder", "HARRIS EMILY ROSE"), ("bank.account_number", "6217002860001234565"),
                         ("bank.kind", "card"), ("bank.financial_ss_card", True),
                         ("address_abroad.lines", ["Flat 4, 12 Example Road"]), ("address_abroad.city", "Manchester"),
                         ("address_abroad.postal_code", "M1 1AA"), ("address_abroad.country", "United Kingdom"),
                         ("address_abroad.email", "emily.harris@example.com"), ("address_abroad.phone", "+44 161 496 0000")):
        fill(window, "departure", field, value)
    fill(window, "departure", "departure.by_proxy", True)  # a proxy's ID and relationship are asked for
    assert dep.fields["departure.proxy_id_number"].isVisibleTo(dep) and dep.fields["departure.proxy_relationship"].isVisibleTo(dep)
    fill(window, "departure", "departure.by_proxy", False)
    assert not dep.fields["departure.proxy_id_number"].isVisibleTo(dep)
    # the contribution history, pasted from the record's table: the estimate appears
    history = dep.fields["contributions"]
    click(history.paste_button)
    paste(history.dialog.text, "起止年月\t养老保险缴费基数\n202203-202206\t12,000.00\n202207-202306\t13,000.00\n"
                               "202307-202406\t14,000.00\n202407-202611\t15,000.00\n")
    click(history.dialog.buttons.button(history.dialog.buttons.StandardButton.Ok))
    assert "RMB" in dep.estimate_view.headline.text()
    next_step(window)
    assert current(window) == "documents"
    docs = page(window, "documents")
    assert {"dep.declaration_form", "dep.passport", "dep.bank_card"} <= set(docs.rows)
    scans = EXAMPLES / "scans"
    for req, name in (("dep.passport", "harris-passport.jpg"), ("dep.bank_card", "harris-bank-card.jpg"),
                      ("dep.separation_certificate", "harris-separation-certificate.pdf")):
        with qtbot.waitSignal(window.session.saved, timeout=5000):
            drop_files(docs.rows[req], [scans / name])
    assert [r.name.text() for r in docs.rows["dep.passport"].file_rows] == ["harris-passport.jpg"]
    assert not docs.rows["dep.passport"].findings.findings
    next_step(window)
    assert current(window) == "review"
    review = page(window, "review")
    assert "Ready to submit" in review.summary.text(), [(f.code, f.field, f.message["en"]) for f in window.session.report.findings if f.severity == "blocker"]
    next_step(window)
    assert current(window) == "output"

    # what the widgets produced is the example case itself, and the engine finds it ready
    stored = CaseStore(window.store.root).load(window.session.id)
    expected = load_case(EXAMPLES / "departure-refund.json")
    expected.pop("channel")  # the procedure step asks for a channel only for a registration
    assert without_ids(stored) == without_ids(expected)
    report = build_report(stored, TODAY)
    assert report.ready and not [f for f in report.findings if f.severity == "blocker"]

    # export through the Output step's button and the file dialog
    out = tmp_path / "harris.shebao"
    click(page(window, "output").export_button)
    dialog = window.dialog
    dialog.selectFile(str(out))
    dialog.accept()
    case, files = read_archive(out)
    assert case["person"]["surname"] == "HARRIS" and len(files) == 3

    # the files were inspected in the background: thumbnails, and each file's note
    qtbot.waitUntil(lambda: inspected(window), timeout=60000)
    click(window.editor.back_button)
    click(window.editor.back_button)
    assert current(window) == "documents"
    passport = docs.rows["dep.passport"].file_rows[0]
    qtbot.waitUntil(lambda: not passport.thumb.pixmap().isNull())  # decoded between events
    assert passport.thumb.isVisible()
    assert any("harris-passport.jpg" in m and "No problems found" in m for m in passport.findings.messages())
    click(window.editor.next_button)
    click(window.editor.next_button)
    assert current(window) == "output"

    # sign in the app: a signature drawn with the mouse, placed in each applicant's box
    out = page(window, "output")
    assert "empty" in out.sign_text.text()
    click(out.sign_button)
    pad_dialog = out.dialog
    qtbot.waitExposed(pad_dialog)
    assert not pad_dialog.ok_button.isEnabled()
    draw(pad_dialog.pad, signature_strokes())
    click(pad_dialog.undo_button)  # the second stroke went wrong: undo it and draw it again
    assert len(pad_dialog.pad.strokes) == 1
    draw(pad_dialog.pad, signature_strokes()[1:])
    click(pad_dialog.ok_button)
    assert window.session.signature is not None and out.sign_image.isVisible()
    assert "29 November 2026" in out.sign_text.text()
    qtbot.waitUntil(lambda: previewed(out), timeout=60000)
    assert out.choice.currentData() == "declaration_form" and out.document.pageCount() == 1
    assert out.print_button.isEnabled()

    # the pack, saved through the file dialog with a sensible default name
    pack = tmp_path / "saved" / "harris-pack.pdf"
    pack.parent.mkdir()
    default = save_pack_through_the_dialog(window, qtbot, pack)
    assert default == "HARRIS EMILY ROSE - submission pack.pdf"
    marks = check_pack(pack)
    titles = [t for _, t, _ in marks]
    assert any("harris-passport.jpg" in t for t in titles)  # the original names, not the store's
    assert not any("attachments/" in t for t in titles)
    text = pdftotext(pack)
    for value in ("HARRIS EMILY ROSE", "533419862", "6217002860001234565", "2026年12月20日", "20 December 2026",
                  "1990年6月15日", "15 June 1990", "GBR533419862"):
        assert value in text, value
    jpegs = jpegs_in(pack, tmp_path / "img")
    for name in ("harris-passport.jpg", "harris-bank-card.jpg"):
        assert (EXAMPLES / "scans" / name).read_bytes() in jpegs, name
    assert sig_fields(pack) == {}  # every applicant's box is signed in the app
    forms = ["declaration_form", "termination_application", "termination_notice"]
    for form_id, start in form_pages(marks, forms).items():
        [box] = [b for b in signature_boxes(form_id) if b["role"] == "signature"]
        assert any(inside(img, box["rect"]) for img in image_boxes(pack, start + box["page"])), form_id
    assert "2026年11月29日" in norm(text) or "2026年11月29日" in text


def test_registration_of_a_dispatched_german_employee(window, qtbot, tmp_path):
    click(new_case_button(window, "registration"))
    fill(window, "procedure", "channel", "counter")
    next_step(window)
    fill(window, "eligibility", "employment.arrangement", "dispatched")
    assert not page(window, "eligibility").forms["employment.pr_employed"].isRowVisible(
        page(window, "eligibility").fields["employment.pr_employed"])
    next_step(window)
    for field, value in (("person.surname", "MÜLLER"), ("person.given_names", "JONAS"), ("person.sex", "M"),
                         ("person.birth_date", "12/08/1984"), ("person.nationality", "Germany"),
                         ("person.phone", "+86 138 0000 0001"), ("person.email", "jonas.mueller@example.com"),
                         ("person.address_cn", "深圳市南山区科技园示例路1号 / 1 Example Road, Science Park, Nanshan, Shenzhen"),
                         ("person.passport.number", "C01X00T47"), ("person.passport.issuing_country", "Germany"),
                         ("person.passport.issue_date", "15/02/2023"), ("person.passport.expiry", "14/02/2033"),
                         ("person.passport.mrz", MUELLER_MRZ)):
        fill(window, "person", field, value)
    assert not page(window, "person").finding_views["person.passport.mrz"].findings
    next_step(window)
    assert current(window) == "employment"
    emp = page(window, "employment")
    assert emp.agreement_form.parentWidget().isVisibleTo(emp)  # the engine says: agreement in force
    assert not emp.fields["employment.claims_exemption"].isChecked()  # never assumed: claimed explicitly
    for field, value in (("employment.employer_name_zh", "深圳德示精密机械有限公司"),
                         ("employment.employer_name_en", "Shenzhen Demo Precision Machinery Co., Ltd."),
                         ("employment.credit_code", "91440300MA5G8XQ2PT"),
                         ("employment.contact_name", "王小明"), ("employment.contact_phone", "+86 755 8888 0000"),
                         ("employment.overseas_employer", "Beispiel Maschinenbau GmbH, Stuttgart, Germany"),
                         ("employment.document_number", "144030020250012345"),
                         ("employment.document_processed", "16/11/2026"), ("employment.document_expiry", "15/11/2027"),
                         ("employment.residence_permit_number", "R440300123456"),
                         ("employment.residence_permit_expiry", "20/11/2027"),
                         ("employment.start_date", "16/11/2026"), ("employment.end_date", "15/11/2027"),
                         ("employment.job_title", "Senior Process Engineer"), ("employment.monthly_wage", "42000"),
                         ("employment.contribution_start", "16/11/2026")):
        fill(window, "employment", field, value)
    # the claim is stored explicitly when the user makes it
    fill(window, "employment", "employment.claims_exemption", True)
    deadline = emp.finding_views["employment.document_processed"].messages()
    assert deadline and "16 December 2026" in deadline[0] and "17 days left" in deadline[0]
    next_step(window)
    docs = page(window, "documents")
    scans = EXAMPLES / "scans"
    assert "Germany" in docs.rows["reg.certificate_of_coverage"].title.text()
    for req, name in (("reg.passport", "mueller-passport.jpg"), ("reg.employment_document", "mueller-work-permit.jpg"),
                      ("reg.residence_permit", "mueller-residence-permit.jpg"),
                      ("reg.employment_contract", "mueller-contract.pdf"),
                      ("reg.dispatch_letter", "mueller-dispatch-letter.pdf"),
                      ("reg.domestic_employer_certificate", "mueller-domestic-employer.pdf"),
                      ("reg.certificate_of_coverage", "mueller-certificate-of-coverage.pdf")):
        with qtbot.waitSignal(window.session.saved, timeout=5000):
            drop_files(docs.rows[req], [scans / name])
    next_step(window)
    review = page(window, "review")
    assert "Ready to submit" in review.summary.text(), review.summary.text()
    codes = [review.tree.topLevelItem(0).child(i).data(0, Qt.ItemDataRole.UserRole)[1].code
             for i in range(review.tree.topLevelItem(0).childCount())]
    assert "AGREEMENT_EXEMPTION" in codes and "REG_DEADLINE_OPEN" in codes

    stored = CaseStore(window.store.root).load(window.session.id)
    expected = load_case(EXAMPLES / "registration-dispatched-de.json")
    assert without_ids(stored) == without_ids(expected)
    assert [a["requirement"] for a in stored["attachments"]] == [a["requirement"] for a in expected["attachments"]]
    assert build_report(stored, TODAY).ready

    # back to the list with the keyboard: the row shows the status and the deadline
    # the offscreen platform leaves no window active once a completion popup closed, and
    # shortcuts go to the active window only: activate it, as a user's click does
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.case_list
    model = window.case_list.model
    row = model.row_for(stored["id"])
    assert model.data(model.index(row, 0)) == "MÜLLER JONAS"
    assert model.data(model.index(row, 2)) == "Ready"
    assert "16/12/2026" in model.data(model.index(row, 3)) and "registration deadline" in model.data(model.index(row, 3))
    pack_forms_docx_and_print_left_to_sign_on_paper(window, qtbot, tmp_path)


def pack_forms_docx_and_print_left_to_sign_on_paper(window, qtbot, tmp_path):
    """The German registration, reopened from the list at the Output step: the boxes are
    left empty to sign on paper; the pack, the form as PDF and DOCX, and a print."""
    click(window.case_list.buttons["open"])
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert current(window) == "output"
    out = page(window, "output")
    qtbot.waitUntil(lambda: inspected(window) and previewed(out), timeout=60000)
    assert window.session.signature is None and "sign by hand" in out.sign_text.text()
    assert [out.choice.itemData(i) for i in range(out.choice.count())] == ["registration_form", "pack"]

    pack = tmp_path / "mueller.pdf"
    save_pack_through_the_dialog(window, qtbot, pack)
    marks = check_pack(pack)
    assert set(sig_fields(pack)) == {"registration_form_employee_signature", "registration_form_employer_seal"}
    start = form_pages(marks, ["registration_form"])["registration_form"]
    assert image_boxes(pack, start) == []  # nothing drawn in the boxes
    text = pdftotext(pack)
    for value in ("MÜLLER JONAS", "C01X00T47", "1984年8月12日", "12 August 1984", "2026年11月16日", "16 November 2026"):
        assert value in text, value
    assert (EXAMPLES / "scans" / "mueller-passport.jpg").read_bytes() in jpegs_in(pack, tmp_path / "img")
    assert any("mueller-certificate-of-coverage.pdf" in t for _, t, _ in marks)

    # the form as PDF and as DOCX, into a folder chosen in the dialog
    for button, suffix in ((out.forms_button, ".pdf"), (out.docx_button, ".docx")):
        folder = tmp_path / f"forms{suffix}"
        folder.mkdir()
        click(button)
        out.dialog.selectFile(str(folder))
        out.dialog.accept()
        target = folder / f"registration_form{suffix}"
        qtbot.waitUntil(lambda: out.task is None and target.exists(), timeout=60000)
        if os.name == "posix":
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "C01X00T47" in pdftotext(tmp_path / "forms.pdf" / "registration_form.pdf")
    assert set(sig_fields(tmp_path / "forms.pdf" / "registration_form.pdf")) == {"employee_signature", "employer_seal"}
    from docx import Document
    docx_text = "\n".join(c.text for t in Document(tmp_path / "forms.docx" / "registration_form.docx").tables
                          for row in t.rows for c in row.cells)
    assert "C01X00T47" in docx_text

    # print the preview (the registration form) to a PDF file through the print dialog
    from PySide6.QtWidgets import QLineEdit
    click(out.print_button)
    dialog = out.dialog
    printed = tmp_path / "printed.pdf"
    type_text(dialog.findChild(QLineEdit, "filename"), str(printed))
    dialog.accept()
    qtbot.waitUntil(lambda: out.task is None and printed.exists() and printed.stat().st_size > 0, timeout=60000)
    assert "Sent 1 pages" in out.result_label.text() or "Sent 1 page" in out.result_label.text()
    from pypdf import PdfReader
    assert len(PdfReader(printed).pages) == 1
