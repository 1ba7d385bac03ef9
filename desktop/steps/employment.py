"""Step 4 for a registration: the employer, the employment document and the residence
permit, and the agreement exemption where the engine says an agreement is in force."""

from __future__ import annotations

from forms.law.exemption import exemption
from forms.law.requirements import group_of

from ..i18n import N_
from ..widgets.fields import CheckField, ChoiceField, DateField, NumberField, TextField
from .base import StepPage


class EmploymentStep(StepPage):
    key = "employment"
    title = N_("Employment")
    intro = N_("The 30-day registration limit runs from the date the employment document was processed.")

    def applies(self, case: dict) -> bool:
        return case.get("procedure") == "registration"

    def build(self) -> None:
        form = self.section(N_("Employer in China"))
        self.add(form, TextField("employment.employer_name_zh"))
        self.add(form, TextField("employment.employer_name_en"))
        self.add(form, TextField("employment.credit_code", upper=True))
        self.add(form, TextField("employment.employer_si_number"))
        self.add(form, TextField("employment.contact_name"))
        self.add(form, TextField("employment.contact_phone"))
        self.add(form, TextField("employment.overseas_employer"))
        form = self.section(N_("Employment document and residence permit"))
        self.add(form, ChoiceField("employment.document_kind", [
            ("work_permit", N_("Foreigner's Work Permit")), ("correspondent_card", N_("Foreign Resident Correspondent's Card")),
        ]))
        self.add(form, TextField("employment.document_number"))
        self.add(form, DateField("employment.document_processed"))
        self.add(form, DateField("employment.document_expiry"))
        self.add(form, TextField("employment.residence_permit_number"))
        self.add(form, DateField("employment.residence_permit_expiry"))
        form = self.section(N_("Job"))
        self.add(form, DateField("employment.start_date"))
        self.add(form, DateField("employment.end_date"))
        self.add(form, TextField("employment.job_title"))
        self.add(form, NumberField("employment.monthly_wage"))
        self.add(form, NumberField("employment.contribution_base"))
        self.add(form, DateField("employment.contribution_start"))
        form = self.section(N_("Bilateral agreement"))
        self.agreement_form = form
        self.add(form, CheckField("employment.claims_exemption",
                                  N_("Claim the exemption with a certificate of coverage"), default=False), N_("Exemption"))

    def update_visibility(self) -> None:
        case = self.session.case
        group = group_of(case)
        self.show_row("employment.overseas_employer", group == "dispatched")
        for field in ("employment.document_kind", "employment.document_number", "employment.document_processed",
                      "employment.document_expiry", "employment.residence_permit_number",
                      "employment.residence_permit_expiry"):
            self.show_row(field, group != "pr")
        try:  # the agreement is in force and covers the person's arrangement; or a claim
            ex = exemption(case, self.session.law)  # stands that no longer applies: it can be withdrawn
            open_ = bool(ex and (ex.open or ex.claimed))
        except ValueError:  # RuleDateError: the date is outside the rules; the header says so
            open_ = False
        self.agreement_form.parentWidget().setVisible(open_)
        self.show_row("employment.claims_exemption", open_)
