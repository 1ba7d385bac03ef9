"""Which agreement exemption is open to a person, and whether it is claimed.

An agreement exempts only the people it covers, and from what depends on how they are
employed (agreements.toml `exempt.dispatched` / `exempt.direct`; domain.md section 1).
Nothing is assumed: the exemption applies only when it is open to the person AND the
person claims it (employment.claims_exemption, default no), and only then is the
certificate of coverage asked for and are the insurances declared exempt on the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.case.model import get
from forms.law.ruleset import Law


@dataclass(frozen=True)
class Exemption:
    agreement: dict  # the agreement row in force
    arrangement: str  # direct | dispatched
    insurances: tuple  # insurance ids open to exemption for this arrangement (may be empty)
    claimed: bool  # the person claims it

    @property
    def open(self) -> bool:
        return bool(self.insurances)

    @property
    def applies(self) -> bool:
        """Open to the person and claimed: the certificate is needed, the insurances are exempt."""
        return self.open and self.claimed

    def direct_note(self, law: Law) -> dict | None:
        """What is known about direct hires, for a direct hire; None when posted."""
        if self.arrangement != "direct":
            return None
        return self.agreement.get("direct_note") or law.rule("exemption_scope")["direct_not_found"]


def exemption(case: dict, law: Law) -> Exemption | None:
    """The exemption of the nationality's agreement in force on the law's date, or None when
    there is no agreement in force. A PR card holder counts as directly employed."""
    agreement = law.agreement(get(case, "person.nationality"))
    if law.agreement_status(agreement) != "in_force":
        return None
    arrangement = get(case, "employment.arrangement") or "direct"
    if arrangement not in ("direct", "dispatched"):
        arrangement = "direct"
    return Exemption(agreement, arrangement, tuple(agreement["exempt"].get(arrangement, ())),
                     bool(get(case, "employment.claims_exemption", False)))


def exempt_ids(case: dict, law: Law) -> list[str]:
    """The insurances not paid in China: those of an exemption that applies, else none."""
    ex = exemption(case, law)
    return list(ex.insurances) if ex and ex.applies else []
