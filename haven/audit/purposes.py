"""Why a record was read or written, as a code from one list: the audit trail never holds
free text (a free explanation is stored encrypted with the record it explains, and erased
with it). `purpose_code` is the only way a purpose reaches `record()`.

Each member's label is the wording callers used before the list existed ("screening
interview"); `purpose_code` accepts a member, its code or its label and always returns the
code, so nothing but these fixed strings can reach the trail.
"""

from django.db import models


class Purpose(models.TextChoices):
    NONE = "", "No purpose stated"
    CONTINUING_SUPPORT = "continuing_support", "Continuing support for this person"
    SUPERVISION = "supervision", "Supervision or quality review"
    SAFEGUARDING = "safeguarding", "Safeguarding concern"
    DUPLICATE_CHECK = "duplicate_check", "Checking for a duplicate record"
    PERSON_REQUEST = "person_request", "The person asked to see their record"
    REFERRAL = "referral", "referral"
    CONSENT_RECORDS = "consent_records", "consent records"
    HTCDS_CASE_CONTEXT = "htcds_case_context", "HTCDS case context"
    SCREENING_INTERVIEW = "screening_interview", "screening interview"
    EARLY_SUPPORT_DECISION = "early_support_decision", "early-support decision"
    PERSONS_COPY = "persons_copy", "person's copy"
    SUPPORT_PLAN = "support_plan", "support plan"
    PROCEEDINGS = "proceedings", "proceedings"
    REMEDIES = "remedies", "remedies"
    PRE_RETURN_RISK_ASSESSMENT = "pre_return_risk_assessment", "pre-return risk assessment"
    RETURN = "return", "return"
    CONSENT_OVERRIDE = "consent_override", "Shared without consent (reason kept with the record)"
    STATISTICS_EXPORT = "statistics_export", "CTDC-format k-anonymised export"
    API_CLIENT = "api_client", "Read by a connected system acting for this user"


# The reasons a reader who is not the case's own worker may give (the purpose form).
READING_PURPOSES = (
    Purpose.CONTINUING_SUPPORT,
    Purpose.SUPERVISION,
    Purpose.SAFEGUARDING,
    Purpose.DUPLICATE_CHECK,
    Purpose.PERSON_REQUEST,
)

_BY_LABEL = {str(member.label): member for member in Purpose}


class UnknownPurpose(ValueError):
    """A purpose that is not in `Purpose`: free text never reaches the audit trail."""


def purpose_code(value: str) -> str:
    """The code of `value` (a member, a code or a member's label), or UnknownPurpose."""
    if value in Purpose.values:
        return str(Purpose(value).value)
    if value in _BY_LABEL:
        return str(_BY_LABEL[value].value)
    raise UnknownPurpose(
        f"{value[:40]!r} is not an audit purpose code; store explanations with their record "
        "and pass a haven.audit.purposes.Purpose"
    )
