"""Checking the audit trail: recompute every hash and report the first break in the chain.

The head is read before the events, so events appended while the check runs are not taken
for tampering: they are checked like the rest, as links that must follow on.
"""

import hmac
from collections.abc import Iterator
from dataclasses import dataclass

from haven.audit.chain import event_hash
from haven.audit.checkpoint import Checkpoint, checkpoint_problem
from haven.audit.models import GENESIS_HASH, AuditEvent, ChainHead
from haven.crypto.keys import current_keyring

Problem = tuple[str, int | None]


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    problem: str | None = None
    seq: int | None = None


def verify_chain(checkpoint: Checkpoint | None = None) -> VerifyResult:
    """Check every link; with a `checkpoint` kept elsewhere, also that the trail still holds
    the state it signed (which catches a chain rewritten or emptied with the audit key)."""
    result = _verify_links()
    if not result.ok or checkpoint is None:
        return result
    problem = checkpoint_problem(checkpoint)
    return VerifyResult(False, result.checked, *problem) if problem else result


def _verify_links() -> VerifyResult:
    key = current_keyring().audit
    head = ChainHead.objects.filter(pk=1).first()
    checked, prev_hash = 0, GENESIS_HASH
    for event in _events_in_order():
        problem = _event_problem(event, checked + 1, prev_hash, key) or _head_problem(event, head)
        if problem:
            return VerifyResult(False, checked, *problem)
        checked, prev_hash = checked + 1, event.hash
    problem = _tail_problem(head, checked)
    return VerifyResult(False, checked, *problem) if problem else VerifyResult(True, checked)


def _events_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def _event_problem(event: AuditEvent, expected: int, prev_hash: str, key: bytes) -> Problem | None:
    if event.seq > expected:
        return f"event {expected} is missing", expected
    if not hmac.compare_digest(event.hash, event_hash(event, key)) or not _links_match(event):
        return f"event {event.seq} was altered", event.seq
    if event.prev_hash != prev_hash:
        return f"event {event.seq} does not follow event {expected - 1}", event.seq
    return None


def _links_match(event: AuditEvent) -> bool:
    """The convenience links may be emptied by erasure, but never point elsewhere."""
    actor_ok = event.actor_id is None or event.actor_id == event.actor_ref
    org_ok = event.organisation_id is None or event.organisation_id == event.organisation_ref
    return actor_ok and org_ok


def _head_problem(event: AuditEvent, head: ChainHead | None) -> Problem | None:
    if head and event.seq == head.last_seq and event.hash != head.last_hash:
        return f"the chain head does not match event {event.seq}", event.seq
    return None


def _tail_problem(head: ChainHead | None, last_seq: int) -> Problem | None:
    if head is None:
        return ("the chain head is missing", None) if last_seq else None
    if last_seq < head.last_seq:
        return f"events after {last_seq} are missing", last_seq + 1
    return None
