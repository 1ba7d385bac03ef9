"""Names as in the passport (issue 12, item 6): the Person step offers a typed name's
passport form, and the MRZ's spelling when the engine finds the name differs from the
passport's MRZ; the user accepts or keeps what was typed. Nothing is rewritten unasked."""

from __future__ import annotations

from forms.store import CaseStore

from .drive import click, fill, page
from .test_input import open_example


def person(window):
    window.editor.go("person")
    return page(window, "person")


def test_a_typed_name_is_offered_in_the_passport_form_and_accepting_writes_it(window, qtbot):
    window.new_case("registration")
    step = person(window)
    offer = step.offers["person.surname"]
    assert offer.isHidden()  # nothing typed, nothing offered
    fill(window, "person", "person.surname", "Müller")
    assert window.session.get("person.surname") == "Müller"  # as typed, until the user says otherwise
    qtbot.waitUntil(offer.isVisible, timeout=3000)
    assert offer.value == "MUELLER" and "MUELLER" in offer.use.text() and "ICAO 9303" in offer.label.text()
    click(offer.use)
    assert step.fields["person.surname"].text() == "MUELLER"
    assert window.session.get("person.surname") == "MUELLER"
    assert CaseStore(window.store.root).load(window.session.id)["person"]["surname"] == "MUELLER"  # saved
    assert offer.isHidden()  # it is the passport's form now: nothing more to offer
    fill(window, "person", "person.given_names", "JONAS")  # already in the passport's form
    assert step.offers["person.given_names"].isHidden()


def test_keeping_the_name_as_typed_changes_nothing_and_the_offer_stays_away(window, qtbot):
    window.new_case("registration")
    step = person(window)
    offer = step.offers["person.given_names"]
    fill(window, "person", "person.given_names", "Zoë")
    qtbot.waitUntil(offer.isVisible, timeout=3000)
    assert offer.value == "ZOE"
    click(offer.keep)
    assert step.fields["person.given_names"].text() == "Zoë" and window.session.get("person.given_names") == "Zoë"
    assert offer.isHidden()
    fill(window, "person", "person.surname", "Brontë")  # leaving the field again does not bring it back
    assert offer.isHidden() and step.offers["person.surname"].isVisible()
    fill(window, "person", "person.given_names", "Chloë")  # another name is offered again
    assert offer.isVisible() and offer.value == "CHLOE"


def test_a_name_that_differs_from_the_mrz_is_a_finding_at_the_field_with_the_mrz_spelling(window, qtbot):
    open_example(window, "registration-dispatched-de")  # MRZ: P<D<<MUELLER<<JONAS
    step = person(window)
    fill(window, "person", "person.surname", "Miller")
    view, offer = step.finding_views["person.surname"], step.offers["person.surname"]
    qtbot.waitUntil(lambda: any("MUELLER" in m for m in view.messages()), timeout=3000)
    assert view.isVisible() and "surname" in view.messages()[0]
    assert offer.isVisible() and offer.value == "MUELLER" and "machine-readable zone" in offer.label.text()
    assert window.session.get("person.surname") == "Miller"
    click(offer.use)
    assert window.session.get("person.surname") == "MUELLER"
    qtbot.waitUntil(lambda: not view.findings, timeout=3000)
    assert offer.isHidden()
    # Müller agrees with MUELLER under ICAO transliteration: no finding, only the offer of the passport form
    fill(window, "person", "person.surname", "Müller")
    qtbot.waitUntil(offer.isVisible, timeout=3000)
    assert not [f for f in view.findings if f.code == "MRZ_MISMATCH"] and offer.value == "MUELLER"


def test_a_passport_scan_whose_mrz_spells_the_name_otherwise_shows_the_finding_at_the_name(window, qtbot, tmp_path):
    """The MRZ read from an attached file (here its text layer) is checked by the
    inspection; the app shows that finding at the name field, with the MRZ's spelling."""
    from tests.inspection import makers as M

    from .drive import drop_files

    open_example(window, "departure-refund")  # HARRIS EMILY ROSE
    p = window.session.case["person"]
    mrz = M.td3("HARRISON", "EMILY ROSE", p["passport"]["number"], "GBR", "900615", "F", "310903")
    scan = M.passport_pdf(tmp_path, "passport.pdf", mrz)
    window.editor.go("documents")
    docs = page(window, "documents")
    drop_files(docs.rows["dep.passport"], [scan])
    qtbot.waitUntil(lambda: any(f.code == "MRZ_MISMATCH" for f in window.session.extra_findings), timeout=60000)
    dialog = getattr(docs, "prefill_dialog", None)
    if dialog is not None and dialog.isVisible():  # the offer to fill in from the scan: not taken
        click(dialog.keep_button)
    [f] = [f for f in window.session.extra_findings if f.code == "MRZ_MISMATCH"]
    assert (f.field, f.suggestion, f.requirement) == ("person.surname", "HARRISON", "dep.passport")
    step = person(window)
    view, offer = step.finding_views["person.surname"], step.offers["person.surname"]
    qtbot.waitUntil(view.isVisible, timeout=3000)
    assert any("HARRISON" in m for m in view.messages())
    assert offer.isVisible() and offer.value == "HARRISON"
    assert window.session.get("person.surname") == "HARRIS"  # nothing changed until the user says so
