"""Checking the audit trail: seal what can be sealed, then recompute every MAC and hash and
report the first problem.

Sealed events must form one chain (each `prev_hash` the hash of the sealed event before it,
the last one matching the head); a jump in the numbers is allowed only where the chain itself
links over it (the sealer proved those numbers rolled back, PostgreSQL only). Unsealed events
must follow the sealed ones, each with a valid MAC and the next number; a gap is reported once
no transaction can still be writing it (at once on SQLite), and an unsealed tail older than
HAVEN_AUDIT_UNSEALED_MINUTES is reported too (the sealer is not running).

The head is read before the events, so events sealed while the check runs are not taken for
tampering: they are checked like the rest, as links that must follow on.
"""

import contextlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from haven.audit.chain import event_hash, event_mac
from haven.audit.checkpoint import Checkpoint, checkpoint_problem
from haven.audit.models import GENESIS_HASH, AuditEvent, ChainHead
from haven.audit.seal import SealError, seal_pending
from haven.audit.sequence import is_postgresql
from haven.crypto.keys import current_keyring

Problem = tuple[str, int | None]


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    problem: str | None = None
    seq: int | None = None


@dataclass
class _Walk:
    """Where the walk has got to: the last sealed event, then the last unsealed one."""

    key: bytes
    head: ChainHead | None
    checked: int = 0
    sealed_seq: int = 0
    sealed_hash: str = GENESIS_HASH
    tail_seq: int = 0
    first_unsealed: AuditEvent | None = None


def verify_chain(checkpoint: Checkpoint | None = None, *, seal: bool = True) -> VerifyResult:
    """Check every event; with a `checkpoint` kept elsewhere, also that the trail still holds
    the state it signed (which catches a chain rewritten or emptied with the audit key)."""
    if seal:
        _seal_what_can_be_sealed()
    result = _verify_events()
    if not result.ok or checkpoint is None:
        return result
    problem = checkpoint_problem(checkpoint)
    return VerifyResult(False, result.checked, *problem) if problem else result


def _seal_what_can_be_sealed() -> None:
    with contextlib.suppress(SealError):  # the walk below names the problem
        seal_pending(wait=True)


def _verify_events() -> VerifyResult:
    walk = _Walk(current_keyring().audit, ChainHead.objects.filter(pk=1).first())
    for event in _events_in_order():
        problem = _problem(event, walk)
        if problem:
            return VerifyResult(False, walk.checked, *problem)
        walk.checked += 1
    problem = _tail_problem(walk) or _stale_problem(walk)
    if problem:
        return VerifyResult(False, walk.checked, *problem)
    return VerifyResult(True, walk.checked)


def _events_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def _problem(event: AuditEvent, walk: _Walk) -> Problem | None:
    if event.sealed:
        return _sealed_problem(event, walk) or _head_problem(event, walk.head)
    return _unsealed_problem(event, walk)


def _sealed_problem(event: AuditEvent, walk: _Walk) -> Problem | None:
    if walk.first_unsealed is not None:  # a sealed event after an unsealed one: seal removed
        return f"event {walk.first_unsealed.seq} was altered", walk.first_unsealed.seq
    mac_ok = not event.mac or hmac.compare_digest(event.mac, event_mac(event, walk.key))
    hash_ok = hmac.compare_digest(event.hash, event_hash(event, walk.key))
    if not (mac_ok and hash_ok and _links_match(event)):
        return f"event {event.seq} was altered", event.seq
    if event.prev_hash != walk.sealed_hash:
        if event.seq > walk.sealed_seq + 1:
            return f"event {walk.sealed_seq + 1} is missing", walk.sealed_seq + 1
        return f"event {event.seq} does not follow event {walk.sealed_seq}", event.seq
    walk.sealed_seq = walk.tail_seq = event.seq
    walk.sealed_hash = event.hash
    return None


def _unsealed_problem(event: AuditEvent, walk: _Walk) -> Problem | None:
    if not event.mac or not hmac.compare_digest(event.mac, event_mac(event, walk.key)):
        return f"event {event.seq} was altered", event.seq
    once_sealed = walk.head is not None and event.seq <= walk.head.last_seq
    if once_sealed or not _links_match(event):
        return f"event {event.seq} was altered", event.seq
    expected = walk.tail_seq + 1
    if event.seq > expected and _gap_is_final(event):
        return f"event {expected} is missing", expected
    walk.tail_seq = event.seq
    walk.first_unsealed = walk.first_unsealed or event
    return None


def _gap_is_final(after: AuditEvent) -> bool:
    """SQLite: a gap is always a deletion. PostgreSQL: the number may belong to a transaction
    still running or rolled back; once the event after it is older than the sealer's deadline,
    the sealer (which ran first) would have chained past a rollback, so it is a deletion."""
    return not is_postgresql() or after.occurred_at < _deadline()


def _deadline() -> datetime:
    return timezone.now() - timedelta(minutes=settings.HAVEN_AUDIT_UNSEALED_MINUTES)


def _links_match(event: AuditEvent) -> bool:
    """The convenience links may be emptied by erasure, but never point elsewhere."""
    actor_ok = event.actor_id is None or event.actor_id == event.actor_ref
    org_ok = event.organisation_id is None or event.organisation_id == event.organisation_ref
    return actor_ok and org_ok


def _head_problem(event: AuditEvent, head: ChainHead | None) -> Problem | None:
    if head and event.seq == head.last_seq and event.hash != head.last_hash:
        return f"the chain head does not match event {event.seq}", event.seq
    return None


def _tail_problem(walk: _Walk) -> Problem | None:
    if walk.head is None:
        return ("the chain head is missing", None) if walk.sealed_seq else None
    if walk.sealed_seq < walk.head.last_seq:
        return f"events after {walk.sealed_seq} are missing", walk.sealed_seq + 1
    return None


def _stale_problem(walk: _Walk) -> Problem | None:
    oldest = walk.first_unsealed
    if oldest is None or oldest.occurred_at >= _deadline():
        return None
    minutes = settings.HAVEN_AUDIT_UNSEALED_MINUTES
    return (
        f"event {oldest.seq} and later are not sealed after {minutes} minutes "
        "(is the sealer running? see docs/audit.md)",
        oldest.seq,
    )
