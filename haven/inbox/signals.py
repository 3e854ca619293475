"""Work arriving, heard from the audit trail: every action records exactly one event, and
submitting a screening is a queryset update that sends no model signal, so the new audit event
is the one dependable sign that a screening was submitted, an appeal lodged or a referral sent
(haven.api.outbox listens the same way). The e-mails go after the commit, through the job
queue: a rolled-back action tells nobody, and a slow mail server slows no request."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from haven.audit.models import AuditEvent
from haven.inbox.tasks import deliver_arrival
from haven.screening.models import Decision


def _appeal_authority(event: AuditEvent) -> int | None:
    """The authority the appealed screening was submitted to: its teams decide the appeal."""
    found = Decision.objects.filter(pk=event.details.get("decision_id")).values_list(
        "screening__submitted_to_id", flat=True
    )
    return next(iter(found), None)


# audit action -> (queue kind, the organisation whose members are told)
ARRIVALS: dict[str, tuple[str, Callable[[AuditEvent], int | None]]] = {
    "screening.submitted": ("screenings", lambda event: event.details.get("authority_id")),
    "screening.appealed": ("appeals", _appeal_authority),
    "referral.sent": ("referrals", lambda event: event.details.get("to_organisation_id")),
    # A decision recorded for a team: its other named members are to confirm it.
    "screening.decided": ("confirmations", lambda event: event.organisation_id),
    "screening.appeal_decided": ("confirmations", lambda event: event.organisation_id),
}


@receiver(post_save, sender=AuditEvent, dispatch_uid="haven.inbox.signals")
def _work_arrived(sender: type, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if not created or instance.action not in ARRIVALS:
        return
    code, organisation_of = ARRIVALS[instance.action]
    organisation_id = organisation_of(instance)
    if organisation_id is not None:
        transaction.on_commit(lambda: deliver_arrival.enqueue(code, int(organisation_id)))
