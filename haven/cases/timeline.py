"""A case's timeline: everything that happened to it, from the audit trail (which holds who,
what and when, never the personal data itself). Reads are left out: they are not events. An
action's kind comes from the one register (haven.audit.registry), not from a list kept here."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from haven.audit.expressions import NamedCase
from haven.audit.models import AuditEvent
from haven.audit.registry import READ, names_of_kind
from haven.cases.models import Case

PHRASES = {
    "case.opened": _("Case opened"),
    "case.note_added": _("Support note added"),
    "case.updated": _("Case status or assignment changed"),
    "consent.given": _("Consent recorded"),
    "case.victim_context_saved": _("Victim context (HTCDS) recorded"),
    "case.event_added": _("Trafficking event recorded"),
    "case.perpetrator_added": _("Perpetrator's role recorded"),
    "consent.withdrawn": _("Consent withdrawn"),
    "screening.recorded": _("Screening interview recorded"),
    "screening.submitted": _("Submitted for an early-support decision"),
    "screening.decided": _("Early-support decision"),
    "screening.appealed": _("Appeal lodged"),
    "screening.appeal_decided": _("Appeal decided"),
    "referral.sent": _("Referred to another organisation"),
    "referral.accepted": _("Referral accepted"),
    "referral.declined": _("Referral declined"),
    "referral.withdrawn": _("Referral withdrawn"),
    "referral.completed": _("Referral completed"),
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
        | Q(named_case=str(case.pk))  # indexed (haven.audit.expressions)
    )


def case_timeline(case: Case) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.alias(named_case=NamedCase("details"))
        .filter(_related(case))
        .exclude(action__in=names_of_kind(READ))
        .order_by("seq")
    )


def phrase(action: str) -> str:
    known = PHRASES.get(action)
    return (
        str(known)
        if known is not None
        else action.replace(".", ": ").replace("_", " ").capitalize()
    )
