"""Sending the outbox. `deliver_due()` is what `haven webhooks deliver` runs, and what a job
queue's worker will run later (issue 17): it needs nothing but the database. The HTTP call is
made outside any transaction; each attempt is then logged by `do_record_attempt`."""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.utils import timezone

from haven.api.actions import do_record_attempt
from haven.api.models import Delivery, DeliveryStatus
from haven.api.tokens import signature

TIMEOUT_SECONDS = 10
USER_AGENT = "Haven-Webhooks/1"


@dataclass
class Summary:
    attempted: int = 0
    delivered: int = 0
    failed: int = 0


def body_of(delivery: Delivery) -> bytes:
    payload = {
        "delivery_id": delivery.pk,
        "subscription_id": delivery.subscription_id,
        **delivery.payload,
        "queued_at": delivery.created_at.isoformat(),
    }
    return json.dumps(payload, sort_keys=True).encode()


def _post(delivery: Delivery) -> tuple[int | None, str]:
    body = body_of(delivery)
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310  (the URL was checked at subscription)
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Haven-Event": delivery.event,
            "X-Haven-Delivery": str(delivery.pk),
            "X-Haven-Timestamp": str(timestamp),
            "X-Haven-Signature": signature(delivery.subscription.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return None, type(error).__name__


def deliver_due(limit: int = 100) -> Summary:
    summary = Summary()
    due = Delivery.objects.filter(
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=timezone.now(),
        subscription__active=True,
    ).select_related("subscription", "subscription__organisation")
    for delivery in list(due[:limit]):
        status_code, error = _post(delivery)
        done = do_record_attempt(delivery=delivery, status_code=status_code, error=error)
        summary.attempted += 1
        summary.delivered += done.status == DeliveryStatus.DELIVERED
        summary.failed += done.status == DeliveryStatus.FAILED
    return summary
