"""Rate limits for the account-free grievance pages: filings and failed code look-ups per
address in a sliding window (settings may override the defaults). Addresses are kept as keyed
hashes only."""

from datetime import datetime, timedelta

from django.conf import settings

from haven.business.codes import address_key
from haven.business.models import ChannelAttempt

LIMITS = {"file": 5, "lookup": 10}
WINDOW = timedelta(hours=1)


def limit(kind: str) -> int:
    overrides = getattr(settings, "HAVEN_GRIEVANCE_LIMITS", {})
    return int(overrides.get(kind, LIMITS[kind]))


def is_limited(kind: str, address: str | None, now: datetime) -> bool:
    recent = ChannelAttempt.objects.filter(
        kind=kind, address_key=address_key(address), at__gte=now - WINDOW
    )
    return recent.count() >= limit(kind)


def note_attempt(kind: str, address: str | None, now: datetime) -> None:
    """Called inside the filing action, or on its own for a failed look-up (not a record of
    anyone's data: only a hashed address and a time, kept for the rate limit)."""
    ChannelAttempt.objects.create(kind=kind, address_key=address_key(address), at=now)
