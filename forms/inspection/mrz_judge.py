"""Findings from the MRZ read on a file attached for a requirement that checks it (a
passport): the cross-check with the case (forms.checks.mrz_findings), an MRZ of another
kind of document, or none that could be read.

A reading from OCR is trusted only when every check digit holds (forms.law.mrz); one from a
PDF's text layer is exact, so a wrong check digit there is itself the finding.
"""

from __future__ import annotations

from forms.law.checks import mrz_findings
from forms.law.findings import BLOCKER, WARNING, Finding
from forms.common.i18n import N_, bi

SOURCES = ("icao-9303",)

# ICAO 9303 document kinds, for the message
KIND_LABELS = {
    "passport": N_("passport"),
    "identity card": N_("identity card"),
    "visa": N_("visa"),
    "travel document": N_("travel document"),
}


def findings(a: dict, file: str, shown: str, requirement, case: dict | None) -> list[Finding]:
    req_id = getattr(requirement, "id", None)
    kw = dict(requirement=req_id, file=file, sources=SOURCES)
    reading = a.get("mrz_read")
    if reading and (reading["valid"] or reading["source"] == "text"):
        if reading["format"] != "TD3" or reading["document_type"] != "P":
            kind = KIND_LABELS.get(reading.get("kind"), KIND_LABELS["travel document"])
            return [Finding(BLOCKER, "MRZ_DOCUMENT_TYPE",
                            bi(N_("{file} carries the machine-readable zone of a {kind} ({format}, document code {code}), not of a passport: attach the passport's photo page."),
                               file=shown, kind=bi(kind), format=reading["format"],
                               code=reading["document_code"] or reading["document_type"]), **kw)]
        return mrz_findings(case or {}, reading["lines"], file=file, requirement=req_id)
    if a.get("mrz"):  # typed lines in the text layer that fit no layout
        return mrz_findings(case or {}, a["mrz"], file=file, requirement=req_id)
    if not a.get("mrz_searched") and not a.get("text_layer"):
        return []  # nothing was searched (no reader installed, or no page to read)
    return [Finding(WARNING, "MRZ_NOT_FOUND",
                    bi(N_("No machine-readable zone (the two lines of letters, digits and < at the bottom of the photo page) could be read on {file}, so it cannot be compared with the case: scan or photograph the photo page flat and whole, both lines sharp and in full, at 300 DPI, without glare."),
                       file=shown), **kw)]
