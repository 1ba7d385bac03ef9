"""What the guideline says about a situation beyond its checklist, as sections of text
that the CLI (`shebao rules`), the app's steps and the pack's cover show alike: the legal
basis (I), who is registered and for what (II), the time limit (III), the channels with
their addresses and counters (IV), the One-Stop matters (V), the benefits and the yearly
pension-eligibility verification (VII), the choice upon departure (VIII), the agreements
(X) and the statutory retirement age. Every line comes from the rule data with its
sources; nothing here decides a case (that is forms.law.checks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from forms.case import countries
from forms.common.i18n import N_, bi, days
from forms.law.pension_age import retirement_lines
from forms.law.requirements import facts
from forms.law.ruleset import Law, as_law


@dataclass
class Section:
    id: str
    title: dict
    lines: list = field(default_factory=list)  # bilingual texts
    sources: list = field(default_factory=list)  # source ids

    def cite(self, ids) -> None:
        self.sources += [s for s in ids if s not in self.sources]


def _pair(title: dict, value: str) -> dict:
    return {lang: f"{title[lang]}: {value}" if lang == "en" else f"{title[lang]}：{value}" for lang in ("zh", "en")}


def guidance(case: dict, law: Law | dt.date) -> list[Section]:
    law = as_law(law)
    f = facts(case, law)
    registration = f["procedure"] == "registration"
    out = []

    s = Section("legal_basis", bi(N_("Legal basis (guideline I)")))
    for row in law.rows("legal_basis"):
        s.lines.append(row["title"])
        s.cite(row["source"])
    out.append(s)

    if registration:
        s = Section("eligible", bi(N_("Who is registered (guideline II.(I))")))
        for row in law.rows("group"):
            mark = "▶ " if row["id"] == f["group"] else "  "
            s.lines.append({lang: mark + row["title"][lang] for lang in ("zh", "en")})
            s.cite(row["source"])
        out.append(s)
        if f["group"] == "pr":
            row = law.rule("pr_not_employed")
            s = Section("pr", bi(N_("Permanent residents (guideline II.(III))")),
                        [bi(N_("The Foreign Permanent Resident ID Card may be used directly as a valid identity document.")),
                         bi(N_("Employed: registered for the employees' social insurance.")),
                         row["title"], row["instead"]])
            s.cite(row["source"])
            out.append(s)

    s = Section("insurances", bi(N_("Insurances (guideline II.(II))")))
    for row in law.rows("insurance"):
        s.lines.append(row["title"])
    contributions = law.rule("contributions")
    s.lines.append(contributions["title"])
    s.cite(contributions["source"])
    out.append(s)

    if registration:
        key = "deadline.registration_pr" if f["group"] == "pr" else "deadline.registration"
        row = law.rule(key)
        start = {"employment.document_processed": bi(N_("the date the employment document was processed")),
                 "employment.start_date": bi(N_("the start of employment"))}[row["counted_from"]]
        s = Section("deadline", bi(N_("Time limit (guideline III)")),
                    [bi(N_("The employer registers the employee within {days} of {start}."), days=days(row["days"]), start=start)])
        s.cite(row["source"])
        out.append(s)

        s = Section("channels", bi(N_("Where to register (guideline IV)")))
        for row in law.rows("channel"):
            mark = "▶ " if row["id"] == f["channel"] else "  "
            where = [_pair(a["title"], a["url"]) if a.get("url") else a["title"] for a in row.get("addresses", [])]
            sep = {"zh": "；", "en": "; "}
            s.lines.append({lang: mark + row["title"][lang] + (" — " + sep[lang].join(w[lang] for w in where) if where else "")
                            for lang in ("zh", "en")})
            s.cite(row["source"])
        out.append(s)

        if f["channel"] == "one_stop":
            s = Section("one_stop", bi(N_("The One-Stop Service also handles (guideline V)")))
            for i, row in enumerate(law.rows("one_stop_matter"), 1):
                s.lines.append({lang: f"{i}. {row['title'][lang]} — {row['authority'][lang]}" for lang in ("zh", "en")})
                s.cite(row["source"])
            for row in law.rows("channel"):
                if row["id"] == "one_stop" and row.get("note"):
                    s.lines.append(row["note"])
                    s.cite(row["source"])
            out.append(s)

        row = law.rule("benefits")
        s = Section("benefits", bi(N_("After registration (guideline VII)")), [row["title"]])
        s.cite(row["source"])
        out.append(s)
    else:
        s = Section("choices", bi(N_("Leaving before the conditions for a pension (guideline VIII)")))
        for row in law.rows("choice"):
            mark = "▶ " if row["id"] == f["choice"] else "  "
            s.lines.append({lang: mark + row["title"][lang] for lang in ("zh", "en")})
            # no space after the Chinese dash: the line then wraps by character, as CJK does
            s.lines += [{"zh": "   －" + c["zh"], "en": "   - " + c["en"]} for c in row["consequences"]]
            s.cite(row["source"])
        out.append(s)
        if f["choice"] == "retain":
            row = law.rule("eligibility_verification")
            benefits = law.rule("benefits")
            s = Section("verification", bi(N_("Drawing a pension later (guideline VII)")),
                        [benefits["title"], row["title"], row["ways"]])
            s.cite(benefits["source"])
            s.cite(row["source"])
            out.append(s)
        rule = law.rule("retirement")
        s = Section("retirement", bi(N_("Statutory retirement age")), retirement_lines(law)
                    + [bi(N_("Not certain: {note}"), note=n) for n in rule.get("uncertain", [])])
        s.cite(rule["source"])
        out.append(s)

    s = Section("agreements", bi(N_("Social security agreements (guideline X)")))
    in_force = [r["country"] for r in law.rows("agreement") if law.agreement_status(r) == "in_force"]
    signed = [r["country"] for r in law.rows("agreement") if law.agreement_status(r) == "signed"]
    s.lines.append(bi(N_("In force on {date} ({count}): {countries}."), date=law.on, count=len(in_force),
                      countries=[countries.names(c) for c in in_force]))
    if signed:
        s.lines.append(bi(N_("Signed, not in force: {countries}."), countries=[countries.names(c) for c in signed]))
    s.cite(["guideline-X"])
    out.append(s)
    return out
