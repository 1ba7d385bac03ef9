"""Case → Save reminders: the deadlines of one case, or of every case, as an iCalendar file
with alarms (forms.office.calendar), written where the user chooses, owner-only. Nothing
leaves the machine otherwise."""

from __future__ import annotations

from pathlib import Path

from forms.common import logs

from . import i18n
from .i18n import N_, _

log = logs.get("reminders")
ICS_FILTER = N_("Calendar file (*.ics)")


def save_reminders(window, case_id: str | None) -> None:
    """Ask where, then save the reminders of `case_id` (None: every case in the list)."""
    from forms.law.due import due_items

    from .dialogs import save_file_dialog

    rows = [r for r in window.case_list.model.all if case_id is None or r.id == case_id]
    items = due_items(rows, window.today, 100 * 366)  # every deadline the cases have
    if not items:
        return window.notify(_("No deadlines to remind of: the cases have no dates yet."))
    name = rows[0].name if case_id and rows[0].name else _("deadlines")
    stem = "".join(c if c.isalnum() else "-" for c in name).strip("-") or "deadlines"

    def save(path: str) -> None:
        from forms.office.calendar import save_calendar

        try:
            save_calendar(Path(path), items, i18n.lang(), window.today)
        except OSError as exc:
            log.warning("saving reminders failed: %s", type(exc).__name__)
            return window.notify(_("Cannot save {path}: {problem}", path=path, problem=exc.strerror or str(exc)),
                                 error=True)
        log.info("saved %d reminders (%s)", len(items), "one case" if case_id else "all cases")
        window.notify(_("Saved {n} reminders to {path}.", n=len(items), path=path))

    window.dialog = save_file_dialog(window, _("Save reminders"), str(Path.home() / f"{stem}.ics"), _(ICS_FILTER),
                                     "ics", save)
