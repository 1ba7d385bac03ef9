"""Step 4 for a departure: terminate and refund, or retain the account, with the
consequences from the rule data; then what a termination needs (bank, address abroad),
and an estimate of the refund from the contribution history (forms.estimate)."""

from __future__ import annotations

import copy
from html import escape
from pathlib import Path

from forms.law.ruleset import law_on

from .. import i18n
from ..i18n import N_, _
from ..widgets.estimate import EstimateView, HistoryField
from ..widgets.fields import CheckField, ChoiceField, CountryField, DateField, LinesField, NumberField, TextField
from .base import StepPage, wrapped_label


class DepartureStep(StepPage):
    key = "departure"
    title = N_("Departure")
    intro = N_("Before retirement age you may terminate the pension relationship and take the account balance, or retain the account. Read what each choice means.")

    def applies(self, case: dict) -> bool:
        return case.get("procedure") == "departure"

    def build(self) -> None:
        self.law = law_on(self.editor.today)
        self.choices = self.law.rows("choice")
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
        self.add(form, ChoiceField("departure.reason_code", [
            ("leaving_china", N_("Leaving China before the pension conditions are met")),
            ("retirement_short", N_("Retirement age reached with under 15 years of contributions")),
        ], vertical=True))
        self.add(form, TextField("departure.reason"))
        self.add(form, CheckField("departure.by_proxy", N_("Someone applies on my behalf")), N_("Proxy"))
        self.add(form, TextField("departure.proxy_name"))
        self.add(form, TextField("departure.proxy_id_number", upper=True))
        self.add(form, TextField("departure.proxy_relationship"))
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
        self.add(form, TextField("social_security.card_number", upper=True))
        self.add(form, DateField("social_security.contributed_from"))
        self.add(form, DateField("social_security.contributed_until"))
        self.add(form, NumberField("social_security.contribution_months"))
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
        form = self.section(N_("How much will I get back? An estimate"))
        self.estimate_form = form
        hint = wrapped_label(self.body)
        i18n.bind(hint, "setText", N_("Enter the periods of your contribution record, or paste its table. Only the "
                                      "personal pension account is refunded; this estimate is for you, it is not "
                                      "part of the submission pack, and the bureau computes the real amount."))
        form.addRow(hint)
        self.add(form, HistoryField(self.body))
        self.estimate_view = EstimateView(self.body)
        self.estimate_view.save_button.clicked.connect(self.save_estimate)
        form.addRow(self.estimate_view)
        self.dialog = None

    def render_consequences(self) -> None:
        for c in self.choices:
            sources = " · ".join(i18n.text(s["title"]) for s in self.law.source_titles(c["source"]))
            items = "".join(f"<li>{escape(i18n.text(x))}</li>" for x in c["consequences"])
            self.consequences[c["id"]].setText(
                f"<b>{escape(i18n.text(c['title']))}</b><ul style='margin-top:0'>{items}</ul>"
                f"<i>{escape(_('Source: {sources}', sources=sources))}</i>")

    def retranslate(self) -> None:
        self.render_consequences()
        super().retranslate()

    def update_visibility(self) -> None:
        terminate = self.session.get("departure.choice") == "terminate"
        for form in (self.bank_form, self.address_form, self.estimate_form):
            form.parentWidget().setVisible(terminate)
        proxy = bool(self.session.get("departure.by_proxy"))
        for field in ("departure.proxy_name", "departure.proxy_id_number", "departure.proxy_relationship"):
            self.show_row(field, proxy)

    # --- the estimate: the engine's, shown; saved as the one-page PDF ---------------------

    def load(self, session) -> None:
        super().load(session)
        self.update_estimate()

    def edited(self, field: str, value) -> None:
        super().edited(field, value)
        if field == "contributions":
            self.update_estimate()

    def refresh(self) -> None:
        super().refresh()
        self.update_estimate()

    def update_estimate(self) -> None:
        from forms.estimate import EstimateError, HistoryError, estimate_case
        from forms.law.ruleset import RuleDateError

        if self.session is None:
            return
        try:
            est = estimate_case(self.session.case, self.session.on)
        except (HistoryError, EstimateError, RuleDateError) as exc:
            self.estimate_view.show_problem(i18n.text(exc.message))
            return
        self.estimate_view.show_estimate(est)

    def save_estimate(self) -> None:
        from forms.case.model import full_name

        from ..dialogs import save_file_dialog
        from .output import PDF_FILTER, safe_name

        person, label = full_name(self.session.case) or _("(no name yet)"), _("refund estimate")
        name = safe_name(f"{person} - {label}.pdf")
        folder = self.editor.main.settings.value("output/folder") or ""
        start = str(Path(folder) / name) if folder and Path(folder).is_dir() else name
        self.dialog = save_file_dialog(self, _("Save the estimate"), start, _(PDF_FILTER), "pdf", self.write_estimate)

    def write_estimate(self, path: str) -> None:
        from .output import error_text

        self.editor.main.settings.setValue("output/folder", str(Path(path).parent))
        view = self.estimate_view

        def done(written):
            view.status.setText(_("Saved the estimate to {path}. It is for you: do not add it to the submission pack.",
                                  path=str(written)))

        def failed(exc):
            text = error_text(exc, path)
            view.status.setText(text)
            self.editor.main.notify(text, error=True)

        self.editor.runner.start(write_estimate, copy.deepcopy(self.session.case), self.session.on, i18n.lang(), path,
                                 name="write_estimate", on_result=done, on_error=failed)


def write_estimate(case: dict, on, lang: str, path: str, progress=None, cancel=None):
    """In a pool thread: the engine's estimate, drawn on one page, written owner-only."""
    from forms.estimate import estimate_case
    from forms.estimate.pdf import render_estimate
    from forms.fill.write import write_private

    return write_private(Path(path), render_estimate(case, estimate_case(case, on), lang))
