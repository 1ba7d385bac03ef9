"""Work on many cases at once, as an HR office does: `roster` imports employees from a CSV
or XLSX roster (each row checked with the engine, refused whole when bad), `batch` makes
the packs or forms of many cases into one folder, `calendar` writes the deadlines of what
is due (forms.law.due) as iCalendar reminders. Imports every stage before it: case, law,
verdict, fill, pack and the store."""
