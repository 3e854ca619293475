"""Sequence numbers for audit events, handed out without a global lock, and the locks the sealer
needs to tell a number that was rolled back from one still being written.

PostgreSQL: numbers come from a database sequence (`nextval` never waits for another
transaction). A writer first takes a *shared* advisory lock, held until its transaction ends;
shared locks never wait for each other, so writers do not serialise. The sealer, on finding a
gap, notes which transactions hold that lock (pg_locks) and waits for those to end, blocking no
one: then every transaction that took a number before the gap was seen has ended, so a number
still missing was rolled back (a sequence does not roll back with its transaction) and the
sealer may chain past it.

SQLite: one writer at a time holds the database (IMMEDIATE transactions), so the next number
is simply the largest plus one, inside the writer's transaction; a rollback leaves no gap, and
any gap is a deletion.
"""

import time

from django.db import connection

SEQUENCE = "audit_auditevent_seq_seq"
# Advisory lock keys (two 32-bit ints): "audit" in ASCII, then 1 = writers, 2 = the sealer.
LOCK_SPACE = 0x61756474
WRITERS, SEALER = 1, 2
POLL_SECONDS = 0.02
# A two-key advisory lock shows in pg_locks as classid, objid with objsubid 2.
WRITERS_NOW = (
    "SELECT virtualtransaction FROM pg_locks WHERE locktype = 'advisory' AND classid = %s "
    "AND objid = %s AND objsubid = 2 AND granted AND pid <> pg_backend_pid()"
)
NEXT_ON_POSTGRESQL = (
    "SELECT nextval('audit_auditevent_seq_seq') FROM "
    "(SELECT pg_advisory_xact_lock_shared(%s, %s) OFFSET 0) AS writer"
)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def next_seq() -> int:
    """The next sequence number, inside the caller's transaction."""
    with connection.cursor() as cursor:
        if is_postgresql():
            # OFFSET 0 keeps the subquery (the lock) evaluated before nextval.
            cursor.execute(NEXT_ON_POSTGRESQL, [LOCK_SPACE, WRITERS])
        else:
            cursor.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_auditevent")
        row = cursor.fetchone()
    return int(row[0])


def writers_drained(timeout_ms: int) -> bool:
    """Whether every transaction that took a number before now has ended, waiting up to
    `timeout_ms` for them. PostgreSQL only. It watches the writers that hold the shared lock
    now (pg_locks) instead of taking the lock exclusively, so no writer ever waits for it;
    writers that start later take larger numbers."""
    deadline = time.monotonic() + timeout_ms / 1000
    running = _writers()
    while running:
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
        running &= _writers()
    return True


def _writers() -> set[str]:
    """The other transactions holding the writers' shared lock (their virtual ids)."""
    with connection.cursor() as cursor:
        cursor.execute(WRITERS_NOW, [LOCK_SPACE, WRITERS])
        return {row[0] for row in cursor.fetchall()}


def take_sealer_lock(*, wait: bool) -> bool:
    """One sealer at a time: PostgreSQL's advisory lock for the transaction; SQLite's single
    writer (the sealer's IMMEDIATE transaction) already is one."""
    if not is_postgresql():
        return True
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [LOCK_SPACE, SEALER])
        row = cursor.fetchone()
    return row[0] is not False
