"""The guided steps, in order. Which page shows a case field is read from the pages
themselves (the fields they bind), so a finding always leads to the widget that fixes it."""

from __future__ import annotations

# (key, module, class); "employment" and "departure" are alternatives by procedure
STEPS = [
    ("procedure", "procedure", "ProcedureStep"),
    ("eligibility", "eligibility", "EligibilityStep"),
    ("person", "person", "PersonStep"),
    ("employment", "employment", "EmploymentStep"),
    ("departure", "departure", "DepartureStep"),
    ("documents", "documents", "DocumentsStep"),
    ("review", "review", "ReviewStep"),
    ("output", "output", "OutputStep"),
]

# A finding whose field no page binds goes to the step of its first part.
FALLBACK = {
    "procedure": "procedure", "channel": "procedure", "submission_date": "procedure",
    "person": "person", "employment": "employment", "departure": "departure", "bank": "departure",
    "address_abroad": "departure", "social_security": "departure", "attachments": "documents",
}
