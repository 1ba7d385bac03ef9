"""Every fact of the guideline (../shared/seeds/000_4513de6799691190.txt, sections I-X),
one row each, with where the user is shown it: the `shebao rules` output, the `shebao
check` output, a step of the app, or a page of the submission pack. Each row's output is
generated for a situation where the fact applies, and the fact must be found there.

Texts are compared with their whitespace squeezed out (the terminal wraps lines)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
from functools import cache

import pytest

from forms.case.model import load_case
from forms.cli import main

from .conftest import EXAMPLES, TODAY
from .drive import fill, page

ON = TODAY.isoformat()

# (section, the guideline's fact, where, situation, what is found)
FACTS = [
    # I. Legal basis
    ("I.1", "Social Insurance Law", "rules", "reg", "Social Insurance Law of the People's Republic of China"),
    ("I.2", "Order No. 16", "rules", "reg", "(MOHRSS Order No. 16)"),
    ("I.2", "Order No. 54, revised December 2024", "rules", "reg", "MOHRSS Order No. 54 (December 2024)"),
    ("I.3", "RSBF [2012] No. 53", "rules", "reg", "(RSBF [2012] No. 53)"),
    ("I.4", "RSTH [2021] No. 139", "rules", "reg", "(RSTH [2021] No. 139)"),
    # II.(I) Eligible persons
    ("II.(I).1", "work permit or correspondent card plus a valid residence permit", "rules", "reg",
     "Employed with a work permit or correspondent card and a valid residence permit"),
    ("II.(I).2", "Foreign Permanent Resident ID Card holders employed", "rules", "reg", "Employed holder of a Foreign Permanent Resident ID Card"),
    ("II.(I).3", "dispatched by an overseas employer", "rules", "reg", "Dispatched to a branch or representative office in China by an overseas employer"),
    ("II.(I).3", "the person's own group is marked", "rules", "reg_dispatched", "▶ Dispatched to a branch"),
    # II.(II) Insurance categories
    ("II.(II)", "basic endowment insurance", "rules", "reg", "Basic endowment (pension) insurance for employees"),
    ("II.(II)", "basic medical insurance", "rules", "reg", "Basic medical insurance for employees"),
    ("II.(II)", "work-related injury insurance", "rules", "reg", "Work-related injury insurance"),
    ("II.(II)", "unemployment insurance", "rules", "reg", "Unemployment insurance"),
    ("II.(II)", "maternity insurance", "rules", "reg", "Maternity insurance"),
    ("II.(II)", "contributions jointly by employer and employee", "rules", "dep_terminate", "jointly by the employer and the employee"),
    # II.(III) Permanent residents
    ("II.(III)", "the PR card may be used directly as a valid identity document", "rules", "reg_pr",
     "may be used directly as a valid identity document"),
    ("II.(III)", "employed PR holders join the employees' social insurance", "rules", "reg_pr", "Employed: registered for the employees' social insurance"),
    ("II.(III)", "not employed: residents' medical and endowment insurance", "check", "pr_not_employed",
     "urban and rural residents' basic medical and endowment insurance"),
    # III. Time limit
    ("III", "registration within 30 days of the employment document", "rules", "reg",
     "within 30 days of the date the employment document was processed"),
    ("III", "the deadline for the case's own date", "check", "reg_due", "Register by 16 December 2026 (30 days from 16 November 2026)"),
    # IV. Channels
    ("IV", "Shenzhen Social Insurance Online Service System for Employers", "app", "procedure_counter",
     "Shenzhen Social Insurance Online Service System for Employers: https://sipub.sz.gov.cn/hsoms/"),
    ("IV", "Shenzhen Foreigner Integrated Service Management Platform", "rules", "reg",
     "Shenzhen Foreigner Integrated Service Management Platform: https://wgfw.ga.sz.gov.cn/user/wgrfwpt"),
    ("IV", "offline: social insurance service centers throughout Shenzhen", "app", "procedure_counter",
     "Social insurance service centers throughout Shenzhen"),
    # V. One-stop matters
    ("V.1", "work permit: Science, Technology and Innovation Bureau", "rules", "reg_one_stop",
     "1. Issuance/alteration/extension of Foreigner's Work Permit — Science, Technology and Innovation Bureau of Shenzhen Municipality"),
    ("V.2", "residence permit: Public Security Bureau", "rules", "reg_one_stop",
     "2. Issuance/alteration/extension of Foreigner's Residence Permit — Public Security Bureau of Shenzhen Municipality"),
    ("V.3", "social insurance registration: HRSS Bureau", "app", "procedure_one_stop",
     "3. Social insurance registration for foreigners employed in China — Human Resources and Social Security Bureau of Shenzhen Municipality"),
    ("V.4", "social security card: HRSS Bureau", "rules", "reg_one_stop",
     "4. Issuance of Social Security Card — Human Resources and Social Security Bureau of Shenzhen Municipality"),
    ("V.5", "professional title evaluation: HRSS Bureau", "rules", "reg_one_stop",
     "5. Professional title evaluation for foreigners employed in China — Human Resources and Social Security Bureau of Shenzhen Municipality"),
    # VI. Documents for registration
    ("VI.1", "application form with the official seal, at a counter", "rules", "reg",
     "Application Form for Registration and Alteration of Social Insurance for Employees in Shenzhen (with official seal)"),
    ("VI.1", "the application form is not required online", "rules", "reg", "Required at a counter; not required online"),
    ("VI.1", "passport, original for verification", "rules", "reg", "Passport (mandatory) why: Identity document (original for verification)"),
    ("VI.1", "PR card serves as a standalone ID", "rules", "reg_pr", "The PR card serves as a standalone ID"),
    ("VI.1", "employment document within its validity", "check", "reg_permit_expired",
     "Employment document: Foreigner's Work Permit or Resident Correspondent's Card expired on 1 November 2026"),
    ("VI.1", "valid residence permit", "rules", "reg", "Valid residence permit (mandatory)"),
    ("VI.1", "labor contract stating relationship and duration", "rules", "reg", "Must specify the employment relationship and duration"),
    ("VI.1", "dispatch letter for dispatched staff", "rules", "reg_dispatched", "Dispatch letter (mandatory)"),
    ("VI.1", "certificate of the domestic employer", "rules", "reg_dispatched", "Certificate of the domestic employer (mandatory)"),
    ("VI.1", "certificate of coverage for those seeking exemption", "rules", "reg_de_claim",
     "Required for personnel seeking exemptions under such agreements"),
    ("VI.2", "One-Stop: no work permit, data shared", "rules", "reg_one_stop",
     "Registration through the One-Stop Service needs no work permit: the data is shared between the systems."),
    # VII. Entitlements
    ("VII", "endowment, injury and unemployment benefits", "rules", "reg",
     "entitled to endowment (pension), work-related injury and unemployment insurance benefits"),
    ("VII", "yearly verification, online or offline", "app", "departure_retain",
     "verify their eligibility for pension benefits once a year, online or offline"),
    ("VII", "one verification is valid for one year", "pack", "retain", "each verification is valid for one year"),
    ("VII", "China Consular Affairs app: Pension Eligibility", "rules", "dep_retain",
     "the China Consular Affairs app (China Consular Affairs - Pension Eligibility) with remote face recognition"),
    ("VII", "proof of life from the embassy or consulate", "check", "retain", "a proof of life from the embassy or consulate"),
    ("VII", "the original by mail or through a proxy", "rules", "dep_retain",
     "the original sent by mail or by a proxy to the social insurance agency that pays the pension"),
    # VIII. Departure
    ("VIII", "terminate by written application: the account refunded in one sum", "rules", "dep_terminate",
     "The individual account balance is paid to your bank account in one sum."),
    ("VIII", "retain: contribution period counted cumulatively", "app", "departure_retain",
     "If you work in China again, your contribution years add up."),
    ("VIII", "retirement age reached: benefits under national rules", "rules", "dep_terminate",
     "On reaching the statutory conditions, you receive pension benefits under national rules."),
    ("VIII", "only before the conditions for a pension", "check", "pension_age",
     "settlement upon departure applies only before they are"),
    # IX. Documents for settlement
    ("IX", "declaration form, signed and dated", "rules", "dep_terminate",
     "Declaration Form for Basic Endowment Insurance Benefits for Corporate Employees (mandatory)"),
    ("IX", "termination application, signed and dated", "rules", "dep_terminate",
     "Application for Termination of Basic Endowment Insurance Relationship for Corporate Employees"),
    ("IX", "notice of termination (settlement upon departure)", "pack", "terminate",
     "Notice of Termination of Basic Endowment Insurance Relationship for Corporate Employees"),
    ("IX", "must be signed and dated by the applicant", "rules", "dep_terminate", "Must be signed and dated by the applicant"),
    ("IX", "passport, original for verification", "rules", "dep_terminate", "Original required for verification"),
    ("IX", "an activated Guangdong financial social security card in principle", "check", "bank_other",
     "In principle the refund goes to an activated Guangdong financial social security card in your name"),
    # X. Agreements
    ("X", "12 agreements in force", "rules", "reg",
     "In force on 29 November 2026 (12): Germany, South Korea, Denmark, Finland, Canada, Switzerland, Netherlands, Spain, Luxembourg, Japan, Serbia and Kyrgyzstan."),
    ("X", "France signed, not yet in force", "check", "france", "was signed on 31 October 2016 but is not in force"),
    ("X", "France listed as signed only", "rules", "reg", "Signed, not in force: France."),
]

RULES = {
    "reg": ["--procedure", "registration"],
    "reg_dispatched": ["--procedure", "registration", "--group", "dispatched"],
    "reg_pr": ["--procedure", "registration", "--group", "pr"],
    "reg_one_stop": ["--procedure", "registration", "--channel", "one_stop"],
    "reg_de_claim": ["--procedure", "registration", "--group", "dispatched", "--nationality", "DE", "--claim-exemption"],
    "dep_terminate": ["--procedure", "departure"],
    "dep_retain": ["--procedure", "departure", "--choice", "retain"],
}


def flat(text: str) -> str:
    return " ".join(text.split())


def _run(argv) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main([*argv, "--on", ON, "--lang", "en"])
    return out.getvalue()


@cache
def rules_output(key: str) -> str:
    return flat(_run(["rules", *RULES[key]]))


def _case(key: str) -> dict:
    reg = load_case(EXAMPLES / "registration-dispatched-de.json")
    dep = load_case(EXAMPLES / "departure-refund.json")
    if key == "pr_not_employed":
        case = load_case(EXAMPLES / "registration-pr-employed.json")
        case["employment"]["pr_employed"] = False
        return case
    if key == "reg_due":
        return reg
    if key == "reg_permit_expired":
        reg["employment"]["document_expiry"] = "2026-11-01"
        return reg
    if key == "france":
        reg["person"]["nationality"] = "FR"
        reg["person"]["passport"].pop("mrz")
        return reg
    if key == "retain":
        dep["departure"]["choice"] = "retain"
        return dep
    if key == "pension_age":
        dep["person"].update(sex="M", birth_date="1960-03-01")
        dep["person"]["passport"].pop("mrz")
        dep["social_security"]["contribution_months"] = 240
        return dep
    if key == "bank_other":
        dep["bank"]["financial_ss_card"] = False
        return dep
    if key == "terminate":
        return dep
    raise KeyError(key)


@cache
def check_output(key: str, tmp) -> str:
    path = tmp / f"{key}.json"
    case = _case(key)
    path.write_text(json.dumps({k: v for k, v in case.items() if not k.startswith("_")}), encoding="utf-8")
    if not (tmp / "scans").exists():  # the attachments, found beside the case as beside the examples
        (tmp / "scans").symlink_to(EXAMPLES / "scans")
    return flat(_run(["check", str(path), "--no-inspect"]))


@cache
def pack_output(key: str, tmp) -> str:
    from forms.pack.build import build_pack

    out = tmp / f"{key}.pdf"
    build_pack(_case(key), TODAY, out, draft=True)
    return flat(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout)


def app_output(window, key: str) -> str:
    """The text a step shows, in the real window, for the situation."""
    procedure, step, answers, label = {
        "procedure_counter": ("registration", "procedure", [("channel", "counter")], "channel_info"),
        "procedure_one_stop": ("registration", "procedure", [("channel", "one_stop")], "channel_info"),
        "departure_retain": ("departure", "departure", [("departure.choice", "retain")], None),
    }[key]
    window.new_case(procedure)
    for field, value in answers:
        fill(window, step, field, value)
    p = page(window, step)
    if label:
        widget = getattr(p, label)
        assert widget.isVisibleTo(p)
        html = widget.text()
    else:  # the departure step: the retain consequences, and the engine's finding under the choice
        view = p.finding_views["departure.choice"]
        assert view.isVisibleTo(p)
        html = p.consequences["retain"].text() + " " + " ".join(view.messages())
    return flat(re.sub(r"<[^>]+>", " ", html).replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&"))


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("facts")


def test_the_table_holds_every_section_and_at_least_43_facts():
    assert len(FACTS) >= 43
    sections = {row[0].split(".")[0].split("(")[0] for row in FACTS}
    assert sections == {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
    assert {row[2] for row in FACTS} == {"rules", "check", "app", "pack"}


@pytest.mark.parametrize("section, fact, where, situation, needle",
                         [r for r in FACTS if r[2] in ("rules", "check", "pack")],
                         ids=[f"{r[0]}-{r[1][:40]}" for r in FACTS if r[2] in ("rules", "check", "pack")])
def test_fact_is_shown_in_the_cli_or_the_pack(section, fact, where, situation, needle, tmp):
    text = {"rules": lambda: rules_output(situation), "check": lambda: check_output(situation, tmp),
            "pack": lambda: pack_output(situation, tmp)}[where]()
    assert flat(needle) in text, f"{section} {fact}: not in the {where} output"


@pytest.mark.parametrize("section, fact, where, situation, needle", [r for r in FACTS if r[2] == "app"],
                         ids=[f"{r[0]}-{r[1][:40]}" for r in FACTS if r[2] == "app"])
def test_fact_is_shown_in_the_app(section, fact, where, situation, needle, window):
    assert flat(needle) in app_output(window, situation), f"{section} {fact}: not on the step"



def test_the_exemption_is_offered_only_to_the_group_the_agreement_covers(window):
    window.new_case("registration")
    fill(window, "person", "person.nationality", "Germany")
    emp = page(window, "employment")
    fill(window, "eligibility", "employment.arrangement", "permit")  # hired directly in Shenzhen
    window.editor.go("employment")
    assert not emp.agreement_form.parentWidget().isVisibleTo(emp)
    fill(window, "eligibility", "employment.arrangement", "dispatched")  # posted from Germany
    window.editor.go("employment")
    assert emp.agreement_form.parentWidget().isVisibleTo(emp)
    assert not emp.fields["employment.claims_exemption"].isChecked()  # claimed explicitly, never assumed
