"""What retention erases of referrals: the free-text details and reasons. Who referred to whom,
when, and the status stay, for the anonymous figures of the referral mechanism."""

from haven.cases.models import Case
from haven.cases.retention import register_eraser
from haven.referrals.models import Referral


@register_eraser("referrals")
def erase_referrals(case: Case) -> int:
    return Referral.objects.filter(case=case).update(
        details="", answer_reason="", consent_override_reason=""
    )
