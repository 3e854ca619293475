"""Sign-in throttle: slow an attacker down without locking the owner out.

Three counters, each with its own exponential back-off once it passes its threshold:
- the pair (username, address): the owner's own typos and a guesser at one address;
- the address: one address trying many usernames;
- the account, across every address: a guesser spread over many addresses is slowed, but the
  delay is capped low (a minute by default), so the owner is never shut out for long.

Every attempt is counted *before* the password is checked, under row locks taken in key order,
so parallel attempts cannot check more passwords than the thresholds allow. A successful
sign-in forgets the pair and account counters. Usernames are stored only as keyed hashes, and
unknown usernames are counted exactly like real ones (nothing tells them apart).
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from haven.accounts.models import LoginThrottle


@dataclass(frozen=True)
class Policy:
    threshold: int
    base_seconds: int
    cap_seconds: int

    def delay(self, failures: int) -> int:
        """Seconds to wait after this many failures: 0 below the threshold, then doubling."""
        if failures < self.threshold:
            return 0
        return int(
            min(self.cap_seconds, self.base_seconds * 2 ** min(failures - self.threshold, 30))
        )


def _keyed(text: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


def username_key(username: str) -> str:
    return _keyed(username.strip().casefold())


def reset_policies(email: str, address: str | None) -> dict[str, Policy]:
    """Password-reset requests: per e-mail address typed (known or not, counted alike, so the
    limit tells nothing about which addresses exist) and per client address."""
    per_email = Policy(settings.HAVEN_PASSWORD_RESET_MAX_PER_EMAIL, 300, 3600)
    keyed = {f"reset-email:{_keyed(email.strip().casefold())}": per_email}
    if address:
        per_address = Policy(settings.HAVEN_PASSWORD_RESET_MAX_PER_ADDRESS, 300, 3600)
        keyed[f"reset-address:{address}"] = per_address
    return keyed


def policies(username: str, address: str | None) -> dict[str, Policy]:
    """The counters this attempt belongs to, by key."""
    user = username_key(username)
    keyed = {
        f"pair:{_keyed(user + '|' + (address or ''))}": Policy(
            settings.HAVEN_LOGIN_MAX_FAILURES,
            settings.HAVEN_LOGIN_BACKOFF_SECONDS,
            settings.HAVEN_LOGIN_MAX_BACKOFF_SECONDS,
        ),
        f"account:{user}": Policy(
            settings.HAVEN_LOGIN_ACCOUNT_FAILURES,
            1,
            settings.HAVEN_LOGIN_ACCOUNT_MAX_DELAY_SECONDS,
        ),
    }
    if address:
        keyed[f"address:{address}"] = Policy(
            settings.HAVEN_LOGIN_MAX_FAILURES_PER_ADDRESS,
            settings.HAVEN_LOGIN_BACKOFF_SECONDS,
            settings.HAVEN_LOGIN_WINDOW_SECONDS,
        )
    return keyed


def _locked_rows(keys: list[str]) -> list[LoginThrottle]:
    for key in keys:
        LoginThrottle.objects.get_or_create(key=key)
    # Lock in key order, so two attempts never wait on each other's rows in a cycle.
    return list(LoginThrottle.objects.select_for_update().filter(key__in=keys).order_by("key"))


def _forgotten(row: LoginThrottle, now: datetime) -> bool:
    quiet = timedelta(seconds=settings.HAVEN_LOGIN_WINDOW_SECONDS)
    locked_until = row.locked_until or row.last_failure_at
    return (
        row.last_failure_at is not None
        and locked_until is not None
        and (locked_until + quiet < now)
    )


def _wait(row: LoginThrottle, now: datetime) -> int:
    if row.locked_until is None or row.locked_until <= now:
        return 0
    return max(1, int((row.locked_until - now).total_seconds()))


def _count(row: LoginThrottle, policy: Policy, now: datetime) -> None:
    if _forgotten(row, now):
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    delay = policy.delay(row.failures)
    row.locked_until = now + timedelta(seconds=delay) if delay else None
    row.save(update_fields=["failures", "last_failure_at", "locked_until"])


def reserve_attempt(username: str, address: str | None, now: datetime) -> int:
    """Count one attempt before its password is checked. 0: go ahead; else seconds to wait.

    Must run inside the sign-in action's transaction (the rows stay locked until it ends)."""
    return reserve(policies(username, address), now)


def reserve(keyed: dict[str, Policy], now: datetime) -> int:
    """Count one attempt under each key; 0 when none of them waits, else seconds to wait.

    Must run inside an action's transaction (the rows stay locked until it ends)."""
    rows = _locked_rows(sorted(keyed))
    wait = max(_wait(row, now) for row in rows)
    if wait:
        return wait
    for row in rows:
        _count(row, keyed[row.key], now)
    return 0


def forget_failures(username: str, address: str | None) -> None:
    """After a correct password: the owner's counters start again (the address's do not)."""
    keys = [key for key in policies(username, address) if not key.startswith("address:")]
    LoginThrottle.objects.filter(key__in=keys).update(
        failures=0, locked_until=None, last_failure_at=None
    )
