"""Findings: what the checks say about a case or a file."""

from __future__ import annotations

from dataclasses import asdict, dataclass

BLOCKER, WARNING, INFO = "blocker", "warning", "info"
SEVERITIES = (BLOCKER, WARNING, INFO)


@dataclass(frozen=True)
class Finding:
    severity: str  # blocker | warning | info
    code: str  # stable, UPPER_SNAKE
    message: dict  # {"en": ..., "zh": ...}: what is wrong and what to do
    field: str | None = None  # case field that fixes it ("person.passport.expiry")
    requirement: str | None = None  # requirement id it concerns
    file: str | None = None  # attached file it concerns
    sources: tuple = ()  # source ids
    suggestion: str | None = None  # a value for `field` the user may accept in one click

    def to_dict(self) -> dict:
        d = asdict(self)
        d["sources"] = list(self.sources)
        return d


def sort_key(f: Finding):
    return SEVERITIES.index(f.severity)


def ordered(findings) -> list[Finding]:
    return sorted(findings, key=sort_key)


def counts(findings) -> dict:
    out = {s: 0 for s in SEVERITIES}
    for f in findings:
        out[f.severity] += 1
    return out


def has_blockers(findings) -> bool:
    return any(f.severity == BLOCKER for f in findings)
