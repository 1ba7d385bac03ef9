"""Step 4 for a departure: terminate and refund, or retain the account, with the
consequences from the rule data; then what a termination needs (bank, address abroad)."""

from __future__ import annotations

from html import escape

from forms import rules as R

from .. import i18n
from ..i18n import N_, _
from ..widgets.fields import CheckField, ChoiceField, CountryField, DateField, LinesField, TextField
from .base import StepPage, wrapped_label


class DepartureStep(StepPage):
    key = "departure"
    title = N_("Departure")
    intro = N_("Before retirement age you may terminate the pension relationship and take the account balance, or retain the account. Read what each choice means.")

    def applies(self, case: dict) -> bool:
        return case.get("procedure") == "departure"

    def build(self) -> None:
        rules = R.load_rules()
        self.choices = R.active(rules, "choice", self.editor.today)
        self.rules = rules
        form = self.section(N_("Your choice"))
        self.consequences = {}
        self.add(form, ChoiceField("departure.choice", [(c["id"], c["title"]) for c in self.choices], vertical=True))
        for c in self.choices:
            label = wrapped_label(self.body, selectable=True)
            self.consequences[c["id"]] = label
            form.addRow(label)
        self.render_consequences()
        self.add(form, DateField("departure.pension_verified"))
        form = self.section(N_("Leaving China"))
        self.add(form, DateField("departure.leaving_date"))
        self.add(form, TextField("departure.reason"))
        self.add(form, CheckField("departure.by_proxy", N_("Someone applies on my behalf")), N_("Proxy"))
        self.add(form, TextField("departure.proxy_name"))
        form = self.section(N_("Employment and social security record"))
        self.add(form, TextField("employment.employer_name_zh"))
        self.add(form, TextField("employment.employer_name_en"))
        self.add(form, TextField("employment.credit_code", upper=True))
        self.add(form, TextField("employment.document_number"))
        self.add(form, DateField("employment.start_date"))
        self.add(form, DateField("employment.end_date"))
        self.add(form, DateField("employment.residence_permit_expiry"))
        self.add(form, TextField("social_security.number"))
        self.add(form, TextField("social_security.registered_passport_number", upper=True))
        form = self.section(N_("Bank account for the refund"))
        self.bank_form = form
        self.add(form, TextField("bank.bank_name"))
        self.add(form, TextField("bank.branch"))
        self.add(form, TextField("bank.account_holder"))
        self.add(form, TextField("bank.account_number"))
        self.add(form, ChoiceField("bank.kind", [("card", N_("Bank card")), ("passbook", N_("Passbook"))]))
        self.add(form, CheckField("bank.financial_ss_card", N_("It is an activated Guangdong financial social security card")),
                 N_("Social security card"))
        form = self.section(N_("Contact address abroad"))
        self.address_form = form
        self.add(form, LinesField("address_abroad.lines", max_lines=10))
        self.add(form, TextField("address_abroad.city"))
        self.add(form, TextField("address_abroad.postal_code"))
        self.add(form, CountryField("address_abroad.country"))
        self.add(form, TextField("address_abroad.email"))
        self.add(form, TextField("address_abroad.phone"))

    def render_consequences(self) -> None:
        for c in self.choices:
            sources = " · ".join(i18n.text(s["title"]) for s in R.source_titles(self.rules, c["source"]))
            items = "".join(f"<li>{escape(i18n.text(x))}</li>" for x in c["consequences"])
            self.consequences[c["id"]].setText(
                f"<b>{escape(i18n.text(c['title']))}</b><ul style='margin-top:0'>{items}</ul>"
                f"<i>{escape(_('Source: {sources}', sources=sources))}</i>")

    def retranslate(self) -> None:
        self.render_consequences()
        super().retranslate()

    def update_visibility(self) -> None:
        terminate = self.session.get("departure.choice") == "terminate"
        for form in (self.bank_form, self.address_form):
            form.parentWidget().setVisible(terminate)
        self.show_row("departure.proxy_name", bool(self.session.get("departure.by_proxy")))
