"""Rate limits for the account-free grievance pages: filings and failed code look-ups per
address in a sliding window (settings may override the defaults). Addresses are kept as keyed
hashes only.

The check and the attempt it admits happen in one transaction, serialised per (kind, address)
by `hold`, so concurrent requests from one address (in any process) cannot pass the limit by
the number in flight: PostgreSQL takes an advisory lock until the transaction ends; SQLite's
transactions begin IMMEDIATE (settings), so its single writer already serialises them."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection

from haven.business.codes import address_key
from haven.business.models import ChannelAttempt

LIMITS = {"file": 5, "lookup": 10}
WINDOW = timedelta(hours=1)
# Advisory lock keys (two 32-bit ints): "grev" in ASCII, then a hash of kind and address key
# (a collision only makes two addresses wait for each other, never passes a limit).
LOCK_SPACE = 0x67726576


class TooManyAttempts(Exception):
    """Too many failed look-ups (or filings) from this address: wait and try again."""


def limit(kind: str) -> int:
    overrides = getattr(settings, "HAVEN_GRIEVANCE_LIMITS", {})
    return int(overrides.get(kind, LIMITS[kind]))


def is_limited(kind: str, address: str | None, now: datetime) -> bool:
    recent = ChannelAttempt.objects.filter(
        kind=kind, address_key=address_key(address), at__gte=now - WINDOW
    )
    return recent.count() >= limit(kind)


def _lock_id(kind: str, address: str | None) -> int:
    digest = hashlib.sha256(f"{kind}:{address_key(address)}".encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def hold(kind: str, address: str | None) -> None:
    """Wait for, then keep until the transaction ends, this address's turn for this kind."""
    if not connection.in_atomic_block:
        raise RuntimeError("throttle.hold needs a transaction (the lock lasts until it ends)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, _lock_id(kind, address)]
            )


def check(kind: str, address: str | None, now: datetime) -> None:
    """Inside the action that counts the attempt: take the address's turn, then refuse when it
    is at the limit. The lock is held until commit, so the count cannot change underneath."""
    hold(kind, address)
    if is_limited(kind, address, now):
        raise TooManyAttempts


def note_attempt(kind: str, address: str | None, now: datetime) -> None:
    """Called inside the filing action, or on its own for a failed look-up (not a record of
    anyone's data: only a hashed address and a time, kept for the rate limit)."""
    ChannelAttempt.objects.create(kind=kind, address_key=address_key(address), at=now)
