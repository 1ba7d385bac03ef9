"""Step 3: the person, as in the passport; the MRZ typed or pasted and checked by the
engine against the rest; the PR card for permanent residents."""

from __future__ import annotations

from forms.law.requirements import group_of

from .. import i18n
from ..i18n import N_
from ..widgets.fields import ChoiceField, CountryField, DateField, LinesField, TextField
from .base import StepPage


class PersonStep(StepPage):
    key = "person"
    title = N_("Person")
    intro = N_("Type the names exactly as in the passport. Paste the two lines of the passport's machine readable zone to have them checked against the rest.")

    def build(self) -> None:
        form = self.section(N_("Name and birth"))
        self.add(form, TextField("person.surname"))
        self.add(form, TextField("person.given_names"))
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

    def update_visibility(self) -> None:
        pr = group_of(self.session.case) == "pr"
        self.pr_form.parentWidget().setVisible(pr)
        for field in ("person.pr_card.number", "person.pr_card.expiry"):
            self.show_row(field, pr)
