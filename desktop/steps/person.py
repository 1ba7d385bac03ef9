"""Step 3: the person, as in the passport; the MRZ typed or pasted and checked by the
engine against the rest; the PR card for permanent residents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from forms.law.identifiers import passport_name
from forms.law.requirements import group_of

from .. import i18n
from ..i18n import N_
from ..widgets import steady
from ..widgets.fields import ChoiceField, CountryField, DateField, LinesField, TextField
from ..widgets.offer import OfferRow
from .base import StepPage

NAMES = ("person.surname", "person.given_names")
FROM_MRZ = N_("The passport's machine-readable zone spells it {value}.")
PASSPORT_FORM = N_("In the passport's form (upper-case Latin letters, ICAO 9303 transliteration): {value}")


class PersonStep(StepPage):
    key = "person"
    title = N_("Person")
    intro = N_("Type the names exactly as in the passport. Paste the two lines of the passport's machine readable zone to have them checked against the rest.")

    def build(self) -> None:
        form = self.section(N_("Name and birth"))
        self.offers: dict[str, OfferRow] = {}
        self.declined: dict[str, tuple] = {}  # field: (typed, offered) the user kept as typed
        for field in NAMES:
            self.add(form, TextField(field))
            offer = self.offers[field] = OfferRow(self.body)
            form.addRow(offer)
            form.setRowVisible(offer, False)
            offer.accepted.connect(lambda value, f=field: self.accept_offer(f, value))
            offer.declined.connect(lambda f=field: self.decline_offer(f))
        self.add(form, TextField("person.name_zh"))
        self.add(form, ChoiceField("person.sex", [("M", N_("Male")), ("F", N_("Female")), ("X", N_("Unspecified (X)"))]))
        self.add(form, DateField("person.birth_date"))
        self.add(form, CountryField("person.nationality"))
        form = self.section(N_("Passport"))
        self.add(form, TextField("person.passport.number", upper=True))
        self.add(form, CountryField("person.passport.issuing_country"))
        self.add(form, DateField("person.passport.issue_date"))
        self.add(form, DateField("person.passport.expiry"))
        mrz = self.add(form, LinesField("person.passport.mrz", mrz=True), N_("Passport MRZ"))
        i18n.bind(mrz, "setPlaceholderText", N_("The two lines at the bottom of the photo page, 44 characters each: type or paste them"))
        form = self.section(N_("Permanent resident ID card"))
        self.pr_form = form
        self.add(form, TextField("person.pr_card.number", upper=True))
        self.add(form, DateField("person.pr_card.expiry"))
        form = self.section(N_("Contact"))
        self.add(form, TextField("person.phone"))
        self.add(form, TextField("person.email"))
        self.add(form, TextField("person.address_cn"))

    # --- names in the passport's form (issue 12, item 6) ---------------------------

    def set_tab_order(self) -> None:
        super().set_tab_order()
        for field in NAMES:  # an offer shown is reached right after its field
            after = self.order[self.order.index(self.fields[field]) + 1]
            offer = self.offers[field]
            for a, b in ((self.fields[field], offer.use), (offer.use, offer.keep), (offer.keep, after)):
                QWidget.setTabOrder(a, b)

    def load(self, session) -> None:
        if session is not self.session:
            self.declined = {}
        super().load(session)
        for field in NAMES:
            self._show_offer(field)

    def _show_findings(self, field: str) -> None:
        super()._show_findings(field)
        if field in self.offers:
            self._show_offer(field)

    def offered(self, field: str) -> tuple[str, str] | None:
        """(message, value) offered for a name field: the MRZ's spelling when the engine
        found the name differs from a passport MRZ (its finding's suggestion), else the
        typed name's passport form; None when it already is that, or was kept as typed."""
        widget = self.fields[field]
        typed = widget.text().strip()
        if not typed or widget.problem() is not None or self.session is None:
            return None
        report = self.session.report
        mrz = next((f.suggestion for f in (report.findings if report else ()) if f.field == field and f.suggestion), None)
        message, value = (FROM_MRZ, mrz) if mrz else (PASSPORT_FORM, passport_name(typed))
        if not value or value == typed or self.declined.get(field) == (typed, value):
            return None
        return message, value

    def _show_offer(self, field: str) -> None:
        if steady.defer(self, ("offer", field), lambda: self._show_offer(field)):
            return
        offer, offered = self.offers[field], self.offered(field)
        if offered:
            offer.offer(*offered)
        self.forms[field].setRowVisible(offer, bool(offered) and self._row_visible(field))

    def accept_offer(self, field: str, value: str) -> None:
        widget = self.fields[field]
        widget.set_value(value)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited(field, value)
        self.committed(field)

    def decline_offer(self, field: str) -> None:
        self.declined[field] = (self.fields[field].text().strip(), self.offers[field].value)
        self._show_offer(field)
        self.fields[field].setFocus(Qt.FocusReason.OtherFocusReason)

    def update_visibility(self) -> None:
        pr = group_of(self.session.case) == "pr"
        self.pr_form.parentWidget().setVisible(pr)
        for field in ("person.pr_card.number", "person.pr_card.expiry"):
            self.show_row(field, pr)
