"""Rate limit for logins: too many failures for one username, or from one address, lock it out.

Usernames are stored as keyed hashes so the table of failures does not list who uses Haven.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from haven.accounts.models import LoginFailure


def username_key(username: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, username.strip().casefold().encode(), hashlib.sha256).hexdigest()


def _window_start(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.HAVEN_LOGIN_WINDOW_SECONDS)


def seconds_locked(username: str, address: str | None, now: datetime | None = None) -> int:
    """How long this username or address must wait before trying again; 0 when it may try."""
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(failed_at__gte=_window_start(now))
    by_user = recent.filter(username_key=username_key(username)).order_by("failed_at")
    by_address = recent.filter(address=address).order_by("failed_at") if address else None
    waits = [_wait(by_user, settings.HAVEN_LOGIN_MAX_FAILURES, now)]
    if by_address is not None:
        waits.append(_wait(by_address, settings.HAVEN_LOGIN_MAX_FAILURES_PER_ADDRESS, now))
    return max(waits)


def _wait(failures: QuerySet[LoginFailure], limit: int, now: datetime) -> int:
    count = failures.count()
    if count < limit:
        return 0
    oldest_that_counts = failures[count - limit].failed_at
    free_at = oldest_that_counts + timedelta(seconds=settings.HAVEN_LOGIN_WINDOW_SECONDS)
    return max(1, int((free_at - now).total_seconds()))
