"""A case's timeline: everything that happened to it, from the audit trail (which holds who,
what and when, never the personal data itself). Reads are left out: they are not events. An
action's kind comes from the one register (haven.audit.registry), not from a list kept here."""

from django.db.models import Q, QuerySet

from haven.audit.models import AuditEvent
from haven.audit.registry import READ, names_of_kind
from haven.cases.models import Case

PHRASES = {
    "case.opened": "Case opened",
    "case.note_added": "Support note added",
    "case.updated": "Case status or assignment changed",
    "consent.given": "Consent recorded",
    "case.victim_context_saved": "Victim context (HTCDS) recorded",
    "case.event_added": "Trafficking event recorded",
    "case.perpetrator_added": "Perpetrator's role recorded",
    "consent.withdrawn": "Consent withdrawn",
    "screening.recorded": "Screening interview recorded",
    "screening.submitted": "Submitted for an early-support decision",
    "screening.decided": "Early-support decision",
    "screening.appealed": "Appeal lodged",
    "screening.appeal_decided": "Appeal decided",
    "referral.sent": "Referred to another organisation",
    "referral.accepted": "Referral accepted",
    "referral.declined": "Referral declined",
    "referral.withdrawn": "Referral withdrawn",
    "referral.completed": "Referral completed",
}


def _related(case: Case) -> Q:
    screenings = [str(pk) for pk in case.screenings.values_list("pk", flat=True)]
    decisions = [
        str(pk) for pk in case.screenings.values_list("decisions__pk", flat=True) if pk is not None
    ]
    return (
        Q(target_type="cases.case", target_id=str(case.pk))
        | Q(target_type="screening.screening", target_id__in=screenings)
        | Q(target_type="screening.decision", target_id__in=decisions)
        | Q(details__case_id=case.pk)
    )


def case_timeline(case: Case) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(_related(case))
        .exclude(action__in=names_of_kind(READ))
        .order_by("seq")
    )


def phrase(action: str) -> str:
    return PHRASES.get(action, action.replace(".", ": ").replace("_", " ").capitalize())
