"""One verdict per case: `report.build_report` joins the law's requirements and findings
with the inspection's findings on the attached files, and `summary` keeps the short status
the case list shows. The CLI, the pack and the app all ask here; nothing recomputes it.
Imports `common`, `case`, `law` and `inspection`."""
