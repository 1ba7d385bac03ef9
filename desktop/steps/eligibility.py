"""Step 2: who the person is for social insurance: the three groups of the guideline, and
whether a permanent resident is employed (one who is not is told what applies instead)."""

from __future__ import annotations

from forms.law.ruleset import law_on
from forms.law.requirements import group_of

from .. import i18n
from ..i18n import N_
from ..widgets.fields import ChoiceField
from .base import StepPage, wrapped_label

GROUP_LABELS = {
    "permit": N_("Work permit or correspondent card, and a residence permit"),
    "pr": N_("Foreign Permanent Resident ID Card"),
    "dispatched": N_("Dispatched by an overseas employer"),
}


class GroupField(ChoiceField):
    """The group is not stored as such: the engine derives it from the employment
    arrangement and the documents (forms.law.requirements.group_of)."""


class EligibilityStep(StepPage):
    key = "eligibility"
    title = N_("Eligibility")
    # the intro depends on the procedure: a departure is not a registration
    INTROS = {
        "registration": N_("Foreign nationals employed in China join all five insurances, the employer and the employee contributing together (guideline II). Choose the group that describes the person: it decides the documents for the registration (guideline VI)."),
        "departure": N_("A foreign national who leaves China before the statutory retirement age may apply in writing to terminate the basic endowment insurance and have the personal account refunded, or keep the account (guideline VIII). Choose the group that describes the person: the settlement needs the passport in every group (guideline IX); what counters have asked for besides depends on it (practice, not in the guideline)."),
    }

    def build(self) -> None:
        self.intro_label = wrapped_label(self.body)
        self.body_layout.addWidget(self.intro_label)
        groups = law_on(self.editor.today).rows("group")
        form = self.section(N_("Which group does the person belong to?"))
        self.group = self.add(form, GroupField("employment.arrangement", [(g["id"], GROUP_LABELS[g["id"]]) for g in groups],
                                               details={g["id"]: g["title"] for g in groups}), N_("Group"))
        self.add(form, ChoiceField("employment.pr_employed", [
            (True, N_("Yes, employed in China")), (False, N_("No, not employed")),
        ]))

    def load(self, session) -> None:
        super().load(session)
        case = session.case
        known = session.get("employment.arrangement") or session.get("employment.document_kind") or session.get("person.pr_card")
        self.group.set_value(group_of(case) if known else None)
        self.update_visibility()

    def edited(self, field: str, value) -> None:
        if field != "employment.arrangement":
            return super().edited(field, value)
        s = self.session
        kind = s.get("employment.document_kind")
        permit_kind = kind if kind in ("work_permit", "correspondent_card") else "work_permit"
        if value == "pr":
            values = {"employment.arrangement": "direct", "employment.document_kind": "pr_card"}
            if s.stash.get("person.pr_card") and not s.get("person.pr_card"):
                values["person.pr_card"] = s.stash.pop("person.pr_card")
        else:
            values = {"employment.arrangement": "direct" if value == "permit" else "dispatched",
                      "employment.document_kind": permit_kind}
            if s.get("person.pr_card"):  # kept aside, back if the user returns to "pr"
                s.stash["person.pr_card"] = s.get("person.pr_card")
                values["person.pr_card"] = None
        s.set_many(values)
        self.update_visibility()

    def update_visibility(self) -> None:
        case = self.session.case
        intro = self.INTROS.get(case.get("procedure"))
        self.intro_label.setText(i18n._(intro) if intro else "")
        self.intro_label.setVisible(bool(intro))
        self.show_row("employment.pr_employed",
                      case.get("procedure") == "registration" and self.group.value() == "pr")
