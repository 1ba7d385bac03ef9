"""Step 1: which procedure, where it is made, and when it is planned."""

from __future__ import annotations

from forms.law.ruleset import law_on

from .. import i18n
from ..i18n import N_
from ..widgets.fields import ChoiceField, DateField
from .base import StepPage, guidance_html, wrapped_label


class ProcedureStep(StepPage):
    key = "procedure"
    title = N_("Procedure")
    intro = N_("Choose what this case is for. You can come back and change any answer later; nothing is lost.")

    def build(self) -> None:
        form = self.section(N_("What do you need to do?"))
        self.add(form, ChoiceField("procedure", [
            ("registration", N_("Social insurance registration of a foreign employee")),
            ("departure", N_("Settlement upon departure: leaving China before retirement age")),
        ], vertical=True), N_("Procedure"))
        form = self.section(N_("Where and when"))
        channels = law_on(self.editor.today).rows("channel")
        self.channel_notes = {row["id"]: row.get("note") for row in channels}
        self.add(form, ChoiceField("channel", [(row["id"], row["title"]) for row in channels], vertical=True))
        self.channel_note = wrapped_label(self.body)
        form.addRow(self.channel_note)
        # the channels' addresses and counters (IV) and what the One-Stop Service also
        # handles (V), from the engine's guidance for this case
        self.channel_info = wrapped_label(self.body, selectable=True)
        form.addRow(self.channel_info)
        self.add(form, DateField("submission_date"))
        hint = wrapped_label(self.body)
        i18n.bind(hint, "setText", N_("Validity and deadlines are checked for this date; empty means today."))
        form.addRow(hint)

    def update_visibility(self) -> None:
        registration = self.session.get("procedure") == "registration"
        self.show_row("channel", registration)
        note = self.channel_notes.get(self.session.get("channel")) if registration else None
        self.channel_note.setText(i18n.text(note) if note else "")
        self.forms["channel"].setRowVisible(self.channel_note, bool(note))
        shown = guidance_html(self.session, ("channels", "one_stop")) if registration else ""
        self.channel_info.setText(shown)
        self.forms["channel"].setRowVisible(self.channel_info, bool(shown))
