"""The sealer: chains unsealed audit events in sequence order, one sealer at a time.

`record()` writes each event with its sequence number and own MAC and takes no lock; this module
gives each unsealed event, in order, `prev_hash` (the previous sealed event's hash) and `hash`,
and moves the chain head. It runs after a commit in the writing process (HAVEN_AUDIT_SEAL
"inline", at most once a second per process), as a task for `haven worker` ("queue"), by
`haven audit seal`, and before every `haven audit verify`.

It stops (and leaves the rest for verify to report) at an event whose MAC is wrong, and at a
gap in the numbers unless the gap is proven to be a rollback (haven.audit.sequence): it never
chains over an edit or a deletion. A sealer killed part-way leaves its transaction rolled back:
the events stay unsealed and the next pass seals them.
"""

import hmac
import logging
import time
from collections.abc import Sequence

from django.conf import settings
from django.db import connection, transaction

from haven.audit.chain import event_hash, event_mac
from haven.audit.models import AuditEvent, ChainHead
from haven.audit.sequence import is_postgresql, take_sealer_lock, writers_drained
from haven.crypto.keys import current_keyring

logger = logging.getLogger(__name__)
BATCH = 2000
SOON_SECONDS = 1.0  # inline/queue: at most one sealing pass per process per second
BARRIER_TIMEOUT_MS = 2000  # how long `haven audit seal`/verify wait for running writers
QUICK_BARRIER_MS = 250  # a pass after a commit: requests take milliseconds; else the next pass
# Only still-unsealed rows are written: a seal is never overwritten.
SEAL_ONE = "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s AND hash = ''"
SEAL_MANY = (
    "UPDATE audit_auditevent AS e SET prev_hash = v.prev_hash, hash = v.hash "
    "FROM (VALUES {values}) AS v(seq, prev_hash, hash) WHERE e.seq = v.seq AND e.hash = ''"
)
_last_soon = [float("-inf")]  # one timestamp per process is the whole throttle


class SealError(RuntimeError):
    """The chain cannot be extended (its head is gone while sealed events remain)."""


def seal_pending(*, wait: bool = False, batch: int = BATCH) -> int:
    """Seal every event that can be sealed now; the number sealed. With `wait` False a pass
    already running elsewhere is left to do the work (it returns 0)."""
    total = 0
    while True:
        sealed, full = _seal_batch(wait=wait, batch=batch)
        total += sealed
        if not full:
            return total


def seal_soon() -> None:
    """Called by record(): arrange a sealing pass after this transaction commits."""
    mode = settings.HAVEN_AUDIT_SEAL
    if mode == "off" or time.monotonic() - _last_soon[0] < SOON_SECONDS:
        return
    transaction.on_commit(_seal_now if mode == "inline" else _enqueue, robust=True)


def _seal_now() -> None:
    if _claim_soon():
        seal_pending()


def _enqueue() -> None:
    if _claim_soon():
        from haven.audit.tasks import seal_audit  # the task module imports this one

        seal_audit.enqueue()


def _claim_soon() -> bool:
    now = time.monotonic()
    if now - _last_soon[0] < SOON_SECONDS:
        return False
    _last_soon[0] = now
    return True


def _seal_batch(*, wait: bool, batch: int) -> tuple[int, bool]:
    with transaction.atomic():
        if not take_sealer_lock(wait=wait):
            return 0, False
        head = _locked_head()
        pending = list(AuditEvent.objects.filter(hash="").order_by("seq")[:batch])
        chained = _chain(pending, head, BARRIER_TIMEOUT_MS if wait else QUICK_BARRIER_MS)
        _write(chained, head)
    return len(chained), len(chained) == batch


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    if AuditEvent.objects.exclude(hash="").exists():
        raise SealError("the chain head is missing; run `haven audit verify`")
    return ChainHead.objects.create(pk=1)


def _chain(pending: Sequence[AuditEvent], head: ChainHead, timeout_ms: int) -> list[AuditEvent]:
    key = current_keyring().audit
    prev_seq, prev_hash, drained = head.last_seq, head.last_hash, False
    chained: list[AuditEvent] = []
    for event in pending:
        if event.seq <= prev_seq:  # behind the head: a number reused or forged
            break
        if event.seq != prev_seq + 1:
            drained = drained or _drain(timeout_ms)
            if not (drained and _rolled_back(prev_seq, event.seq)):
                break
        if not hmac.compare_digest(event.mac, event_mac(event, key)):
            logger.error("audit event %s fails its MAC: not sealed", event.seq)
            break
        event.prev_hash = prev_hash
        event.hash = event_hash(event, key)
        chained.append(event)
        prev_seq, prev_hash = event.seq, event.hash
    return chained


def _drain(timeout_ms: int) -> bool:
    """PostgreSQL: wait until the writers that may hold a missing number have ended."""
    return is_postgresql() and writers_drained(timeout_ms)


def _rolled_back(prev_seq: int, seq: int) -> bool:
    """After the writers drained, numbers between still absent were rolled back (SQLite never
    gets here: its numbers roll back with their transaction, so a gap there is a deletion)."""
    if AuditEvent.objects.filter(seq__gt=prev_seq, seq__lt=seq).exists():
        return False
    logger.info("audit numbers %s to %s were rolled back; chained past them", prev_seq + 1, seq - 1)
    return True


def _write(chained: list[AuditEvent], head: ChainHead) -> None:
    if not chained:
        return
    rows = [(event.seq, event.prev_hash, event.hash) for event in chained]
    with connection.cursor() as cursor:
        if is_postgresql():  # one statement for the batch, not a round trip per event
            values = ", ".join(["(%s::bigint, %s, %s)"] * len(rows))
            cursor.execute(SEAL_MANY.format(values=values), [v for row in rows for v in row])
        else:
            cursor.executemany(SEAL_ONE, [(p, h, seq) for seq, p, h in rows])
    head.last_seq, head.last_hash = chained[-1].seq, chained[-1].hash
    head.save(update_fields=["last_seq", "last_hash"])
