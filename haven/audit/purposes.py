"""Why a record was read or written, as a code from one list: the audit trail never holds
free text (a free explanation is stored encrypted with the record it explains, and erased
with it). `purpose_code` is the only way a purpose reaches `record()`.

Each member's label is the wording callers used before the list existed ("screening
interview"); `purpose_code` accepts a member, its code or its label and always returns the
code, so nothing but these fixed strings can reach the trail.
"""

import functools

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    NONE = "", _("No purpose stated")
    CONTINUING_SUPPORT = "continuing_support", _("Continuing support for this person")
    SUPERVISION = "supervision", _("Supervision or quality review")
    SAFEGUARDING = "safeguarding", _("Safeguarding concern")
    DUPLICATE_CHECK = "duplicate_check", _("Checking for a duplicate record")
    PERSON_REQUEST = "person_request", _("The person asked to see their record")
    REFERRAL = "referral", _("referral")
    CONSENT_RECORDS = "consent_records", _("consent records")
    HTCDS_CASE_CONTEXT = "htcds_case_context", _("HTCDS case context")
    SCREENING_INTERVIEW = "screening_interview", _("screening interview")
    EARLY_SUPPORT_DECISION = "early_support_decision", _("early-support decision")
    PERSONS_COPY = "persons_copy", _("person's copy")
    SUPPORT_PLAN = "support_plan", _("support plan")
    PROCEEDINGS = "proceedings", _("proceedings")
    REMEDIES = "remedies", _("remedies")
    PRE_RETURN_RISK_ASSESSMENT = "pre_return_risk_assessment", _("pre-return risk assessment")
    RETURN = "return", _("return")
    CONSENT_OVERRIDE = "consent_override", _("Shared without consent (reason kept with the record)")
    STATISTICS_EXPORT = "statistics_export", _("CTDC-format k-anonymised export")
    API_CLIENT = "api_client", _("Read by a connected system acting for this user")


# The reasons a reader who is not the case's own worker may give (the purpose form).
READING_PURPOSES = (
    Purpose.CONTINUING_SUPPORT,
    Purpose.SUPERVISION,
    Purpose.SAFEGUARDING,
    Purpose.DUPLICATE_CHECK,
    Purpose.PERSON_REQUEST,
)


@functools.cache
def _by_label() -> dict[str, Purpose]:
    """Callers pass the English label; the labels shown on pages are translated."""
    with translation.override(None):
        return {str(member.label): member for member in Purpose}


class UnknownPurpose(ValueError):
    """A purpose that is not in `Purpose`: free text never reaches the audit trail."""


def purpose_code(value: str) -> str:
    """The code of `value` (a member, a code or a member's label), or UnknownPurpose."""
    if value in Purpose.values:
        return str(Purpose(value).value)
    if value in _by_label():
        return str(_by_label()[value].value)
    raise UnknownPurpose(
        f"{value[:40]!r} is not an audit purpose code; store explanations with their record "
        "and pass a haven.audit.purposes.Purpose"
    )
