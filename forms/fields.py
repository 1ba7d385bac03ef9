"""Labels of the case fields, for messages and the app (translated via the catalogs)."""

from __future__ import annotations

from .i18n import N_, bi

LABELS = {
    "procedure": N_("Procedure"),
    "channel": N_("Service channel"),
    "submission_date": N_("Submission date"),
    "person.surname": N_("Surname (as in the passport)"),
    "person.given_names": N_("Given names (as in the passport)"),
    "person.name_zh": N_("Chinese name"),
    "person.sex": N_("Sex"),
    "person.birth_date": N_("Date of birth"),
    "person.nationality": N_("Nationality"),
    "person.phone": N_("Phone"),
    "person.email": N_("E-mail"),
    "person.address_cn": N_("Address in China"),
    "person.passport.number": N_("Passport number"),
    "person.passport.issuing_country": N_("Passport issuing country"),
    "person.passport.issue_date": N_("Passport date of issue"),
    "person.passport.expiry": N_("Passport expiry date"),
    "person.passport.mrz": N_("Passport MRZ (the two lines at the bottom of the photo page)"),
    "person.pr_card.number": N_("Permanent resident ID card number"),
    "person.pr_card.expiry": N_("Permanent resident ID card expiry date"),
    "employment.employer_name_zh": N_("Employer name (Chinese)"),
    "employment.employer_name_en": N_("Employer name (English)"),
    "employment.credit_code": N_("Unified social credit code"),
    "employment.employer_si_number": N_("Employer social insurance number"),
    "employment.document_kind": N_("Employment document"),
    "employment.document_number": N_("Employment document number"),
    "employment.document_processed": N_("Date the employment document was processed"),
    "employment.document_expiry": N_("Employment document expiry date"),
    "employment.residence_permit_number": N_("Residence permit number"),
    "employment.residence_permit_expiry": N_("Residence permit expiry date"),
    "employment.arrangement": N_("Employed directly or dispatched"),
    "employment.overseas_employer": N_("Overseas employer"),
    "employment.pr_employed": N_("Employed in China"),
    "employment.claims_exemption": N_("Claim the agreement exemption"),
    "employment.start_date": N_("Employment start date"),
    "employment.end_date": N_("Employment end date"),
    "employment.job_title": N_("Job title"),
    "employment.monthly_wage": N_("Monthly wage (RMB)"),
    "departure.choice": N_("Terminate and refund, or retain the account"),
    "departure.by_proxy": N_("Someone applies on my behalf"),
    "departure.proxy_name": N_("Proxy's name"),
    "departure.leaving_date": N_("Date of leaving China"),
    "departure.pension_verified": N_("Last pension eligibility verification (retirees drawing the pension)"),
    "departure.reason": N_("Reason for leaving"),
    "social_security.number": N_("Social security number"),
    "social_security.registered_passport_number": N_("Passport number at registration"),
    "bank.bank_name": N_("Bank"),
    "bank.branch": N_("Bank branch"),
    "bank.account_holder": N_("Account holder"),
    "bank.account_number": N_("Bank account or card number"),
    "bank.kind": N_("Bank card or passbook"),
    "bank.financial_ss_card": N_("Guangdong financial social security card"),
    "address_abroad.lines": N_("Address abroad"),
    "address_abroad.city": N_("City abroad"),
    "address_abroad.postal_code": N_("Postal code abroad"),
    "address_abroad.country": N_("Country of the address abroad"),
    "address_abroad.email": N_("E-mail abroad"),
    "address_abroad.phone": N_("Phone abroad"),
    "attachments": N_("Attachments"),
}


def label(field: str) -> dict:
    """The bilingual label of a case field (the path itself if it has none)."""
    msg = LABELS.get(field)
    return bi(msg) if msg else {"en": field, "zh": field}
