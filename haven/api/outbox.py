"""The webhook outbox: an event is queued in the very transaction of the change it announces,
so a rolled-back change sends nothing and a committed one is never lost. The audit trail is
the source: every referral action already records its event, so listening to new audit events
needs no hook in the referrals app. Deliveries carry ids, never personal data."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from haven.api.models import Delivery, WebhookSubscription
from haven.audit.action import action
from haven.audit.log import record
from haven.audit.models import AuditEvent
from haven.cases.models import Deadline
from haven.diligence.models import Indicator
from haven.diligence.plan import classify_due, due_dates
from haven.referrals.models import Referral

# audit action → (webhook event, which side of the referral is told)
REFERRAL_EVENTS = {
    "referral.sent": ("referral.received", "to_organisation_id"),
    "referral.accepted": ("referral.accepted", "from_organisation_id"),
    "referral.declined": ("referral.declined", "from_organisation_id"),
}
DEADLINE_HORIZON_DAYS = 7


def enqueue(organisation_id: int, event: str, key: str, data: dict[str, Any]) -> int:
    """Queue one delivery per active subscription of the organisation to this event."""
    queued = 0
    for subscription in WebhookSubscription.objects.filter(
        organisation_id=organisation_id, active=True
    ):
        if event not in subscription.events:
            continue
        _, created = Delivery.objects.get_or_create(
            subscription=subscription,
            dedupe_key=key,
            defaults={
                "event": event,
                "payload": {"event": event, "data": data},
                "next_attempt_at": timezone.now(),
            },
        )
        queued += created
    return queued


@receiver(post_save, sender=AuditEvent, dispatch_uid="haven.api.outbox")
def _audit_event_saved(sender: type, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if not created or instance.action not in REFERRAL_EVENTS:
        return
    event, side = REFERRAL_EVENTS[instance.action]
    referral = Referral.objects.filter(pk=instance.target_id).first()
    if referral is None:
        return
    data = {"referral_id": referral.pk, "status": referral.status, "audit_seq": instance.seq}
    enqueue(getattr(referral, side), event, f"{event}:{referral.pk}:{instance.seq}", data)


@action()
def do_queue_due_deadlines(*, today: datetime.date | None = None) -> int:
    """Queue `deadline.due` for open deadlines due within a week: once per deadline and date."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=DEADLINE_HORIZON_DAYS)
    queued = 0
    due = Deadline.objects.filter(done_on__isnull=True, due_on__lte=horizon).select_related("case")
    for deadline in due:
        data = {
            "deadline_id": deadline.pk,
            "case_id": deadline.case_id,
            "code": deadline.code,
            "due_on": deadline.due_on.isoformat(),
        }
        key = f"deadline.due:{deadline.pk}:{deadline.due_on.isoformat()}"
        queued += enqueue(deadline.case.organisation_id, "deadline.due", key, data)
    record(
        actor=None,
        action="webhook.deadlines_queued",
        target_type="api.delivery",
        details={"queued": queued, "horizon": horizon.isoformat()},
    )
    return queued


def _reports_due(indicator: Indicator, today: datetime.date) -> list[tuple[datetime.date, bool]]:
    """(due date, overdue) of each report not made yet that is overdue or due within 30 days:
    the rule the inbox and the indicator page use (`diligence.plan.classify_due`)."""
    schedule = due_dates(indicator.start, indicator.end, indicator.frequency_months)
    status = classify_due(schedule, {r.due_date for r in indicator.reports.all()}, today)
    return [(day, True) for day in status["overdue"]] + [(day, False) for day in status["due_soon"]]


@action()
def do_queue_due_reports(*, today: datetime.date | None = None) -> int:
    """Queue `recommendation.report_due` to the organisation of each indicator's manager, for
    each progress report overdue or due within 30 days: once per indicator and due date."""
    today = today or timezone.localdate()
    queued = 0
    indicators = Indicator.objects.select_related("manager", "measure").prefetch_related(
        "reports", "measure__recommendations"
    )
    for indicator in indicators.filter(manager__organisation__isnull=False):
        recommendations = sorted(r.pk for r in indicator.measure.recommendations.all())
        for day, overdue in _reports_due(indicator, today):
            data = {
                "indicator_id": indicator.pk,
                "measure_id": indicator.measure_id,
                "recommendation_ids": recommendations,
                "due_on": day.isoformat(),
                "overdue": overdue,
            }
            key = f"recommendation.report_due:{indicator.pk}:{day.isoformat()}"
            organisation = indicator.manager.organisation_id or 0
            queued += enqueue(organisation, "recommendation.report_due", key, data)
    record(
        actor=None,
        action="webhook.reports_queued",
        target_type="api.delivery",
        details={"queued": queued, "today": today.isoformat()},
    )
    return queued


# `haven notify-due` (haven.inbox) finds what falls due and records this event each run: the
# same run then queues the webhook events for it, through the job queue, after its commit.
DUE_CHECKED = "inbox.due_notified"


@receiver(post_save, sender=AuditEvent, dispatch_uid="haven.api.outbox.due")
def _due_checked(sender: type, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if created and instance.action == DUE_CHECKED:
        from haven.api.tasks import deliver_webhooks  # the task module imports this one

        transaction.on_commit(deliver_webhooks.enqueue)
