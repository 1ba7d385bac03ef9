"""Pre-filling a case's person from the MRZ read on a passport scan: what would change.

`proposals(case, reading)` lists, for each person field the MRZ gives, the value read
beside the case's current one, leaving out those that already agree (a name the MRZ
writes under ICAO transliteration, MÜLLER as MUELLER, agrees). Nothing is written here:
the app shows the list and writes only what the user accepts (`values()`).
Only a reading whose every check digit holds is used (forms.law.mrz).
"""

from __future__ import annotations

from forms.case import countries
from forms.law import identifiers as ids
from forms.case.fields import label


def _get(case: dict, dotted: str):
    node = case
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def read_values(reading: dict) -> dict:
    """{case field: value} of a passport reading, in the case's formats (ISO dates,
    ISO 3166 alpha-2 countries); fields the MRZ leaves unknown are left out."""
    out = {"person.surname": reading.get("surname") or None,
           "person.given_names": reading.get("given_names") or None,
           "person.passport.number": reading.get("document_number") or None}
    if reading.get("sex") in ("M", "F", "X"):
        out["person.sex"] = reading["sex"]
    birth = ids.mrz_date(reading.get("birth_date", ""), future=False)
    expiry = ids.mrz_date(reading.get("expiry_date", ""), future=True)
    out["person.birth_date"] = birth.isoformat() if birth else None
    out["person.passport.expiry"] = expiry.isoformat() if expiry else None
    uncertain = set(reading.get("uncertain", ()))
    if "nationality" not in uncertain:
        out["person.nationality"] = countries.from_mrz(reading.get("nationality", ""))
    if "issuing_country" not in uncertain:
        out["person.passport.issuing_country"] = countries.from_mrz(reading.get("issuing_country", ""))
    out["person.passport.mrz"] = list(reading["lines"]) if reading.get("format") == "TD3" else None
    return {k: v for k, v in out.items() if v}


def _agrees(field: str, current, value) -> bool:
    if current in (None, "", []):
        return False
    if field in ("person.surname", "person.given_names"):
        return ids.mrz_name_matches(str(current), value, False)
    if field == "person.passport.number":
        return str(current).upper().replace(" ", "") == value
    return current == value


def proposals(case: dict, reading: dict | None) -> list[dict]:
    """[{"field", "label" (zh/en), "current", "value"}] for each field the reading would
    change; [] for a reading that is missing, not valid, or not of a passport."""
    if not reading or not reading.get("valid") or reading.get("format") != "TD3" or reading.get("document_type") != "P":
        return []
    out = []
    for field, value in read_values(reading).items():
        current = _get(case, field)
        if not _agrees(field, current, value):
            out.append({"field": field, "label": label(field), "current": current, "value": value})
    return out


def values(accepted: list[dict]) -> dict:
    """{field: value} to write for the accepted proposals."""
    return {p["field"]: p["value"] for p in accepted}
