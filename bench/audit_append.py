"""Audit append benchmark: concurrent writers appending audit events, beside raw inserts.

    .venv/bin/python bench/audit_append.py [--events 3000] [--threads 1 4 16]
    HAVEN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/haven_w8 .venv/bin/python bench/...

Uses a throwaway data directory (SQLite, or the HAVEN_DATABASE_URL database, whose audit trail
it empties first). For each number of threads, every thread appends its share of --events
events, each in its own transaction with `haven.audit.log.record` as an action would; the same
threads then insert as many rows into a plain table, one commit each (the raw baseline). It
prints events/s for both and their ratio, then (where the code has a sealer) how fast
`seal_pending` chains a backlog, and checks `verify_chain` is clean after each run.

The same script runs against the code before the sealer (no `haven.audit.seal`; the single
chain-head lock): point PYTHONPATH at a copy of that tree and HAVEN_DATABASE_URL at another
database. It prints figures; it asserts nothing but the verification (timings vary by machine).
"""

import argparse
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import setup  # noqa: E402

RAW_TABLE = "bench_raw_insert"


def empty_trail() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE audit_auditevent, audit_chainhead")
            cursor.execute("SELECT to_regclass('audit_auditevent_seq_seq')")
            if cursor.fetchone()[0]:
                cursor.execute("ALTER SEQUENCE audit_auditevent_seq_seq RESTART WITH 1")
            cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
            cursor.execute(f"CREATE TABLE {RAW_TABLE} (id bigserial PRIMARY KEY, label text)")
        else:
            cursor.execute("DELETE FROM audit_auditevent")
            cursor.execute("DELETE FROM audit_chainhead")
            cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
            cursor.execute(f"CREATE TABLE {RAW_TABLE} (id integer PRIMARY KEY, label text)")


def append_event(n: int) -> None:
    from django.db import transaction

    from haven.audit.log import record

    with transaction.atomic():
        record(actor=None, action="case.read", target_type="cases.case", target_id=str(n))


def insert_raw(n: int) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {RAW_TABLE} (label) VALUES (%s)", [str(n)])  # noqa: S608


def rate(work: Callable[[int], None], events: int, threads: int) -> float:
    """Events per second with `threads` threads sharing `events` calls of `work`."""
    from django.db import connections

    share = events // threads
    errors: list[BaseException] = []

    def run(offset: int) -> None:
        try:
            for n in range(offset, offset + share):
                work(n)
        except BaseException as error:  # noqa: BLE001  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(i * share,)) for i in range(threads)]
    elapsed = _timed(pool)
    if errors:
        raise errors[0]
    return share * threads / elapsed


def process_rate(work: Callable[[int], None], events: int, processes: int) -> float:
    """As `rate`, with forked processes instead of threads: how `haven serve` runs its
    workers, and the only way several writers use more than one core (the GIL)."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each child opens its own connection
    share = events // processes
    context = multiprocessing.get_context("fork")
    pool = [
        context.Process(target=_run_share, args=(work, i * share, share)) for i in range(processes)
    ]
    elapsed = _timed(pool)
    if any(process.exitcode for process in pool):
        raise SystemExit("a writer process failed")
    return share * processes / elapsed


class _Runnable(Protocol):
    def start(self) -> None: ...
    def join(self) -> None: ...


def _timed(pool: Sequence[_Runnable]) -> float:
    """Seconds from starting every thread or process of `pool` to the last one ending."""
    started = time.perf_counter()
    for member in pool:
        member.start()
    for member in pool:
        member.join()
    return time.perf_counter() - started


def _run_share(work: Callable[[int], None], offset: int, share: int) -> None:
    for n in range(offset, offset + share):
        work(n)


def seal_rate() -> tuple[int, float] | None:
    """Events chained per second by one sealing pass over the whole backlog."""
    try:
        from haven.audit.seal import seal_pending
    except ImportError:
        return None  # the code before the sealer chains inside record()
    started = time.perf_counter()
    sealed = seal_pending(wait=True)
    return sealed, sealed / max(time.perf_counter() - started, 1e-9)


def check_trail() -> str:
    from haven.audit.verify import verify_chain

    started = time.perf_counter()
    result = verify_chain()
    took = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(f"verify failed: {result}")
    return f"verify ok, {result.checked} events in {took:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--processes", type=int, nargs="*", default=[1, 16])
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection

    sealer = "yes" if hasattr(settings, "HAVEN_AUDIT_SEAL") else "no (chain-head lock)"
    print(f"database: {connection.vendor}; sealer: {sealer}; {args.events} events per run")
    print(f"{'threads':>7} {'audit ev/s':>11} {'raw ins/s':>10} {'ratio':>6}  seal backlog")
    for threads in args.threads:
        empty_trail()
        if hasattr(settings, "HAVEN_AUDIT_SEAL"):
            settings.HAVEN_AUDIT_SEAL = "off"  # appends alone; the backlog is sealed below
        audit = rate(append_event, args.events, threads)
        sealed = seal_rate()
        raw = rate(insert_raw, args.events, threads)
        sealing = f"{sealed[0]} in one pass at {sealed[1]:,.0f} ev/s" if sealed else "-"
        print(f"{threads:>7} {audit:>11,.0f} {raw:>10,.0f} {audit / raw:>6.2f}  {sealing}")
        print(f"{'':>7} {check_trail()}")
    inline_run(args.events, max(args.threads))
    for processes in args.processes:
        empty_trail()
        settings.HAVEN_AUDIT_SEAL = "inline"
        audit = process_rate(append_event, args.events, processes)
        raw = process_rate(insert_raw, args.events, processes)
        print(
            f"{processes} processes, HAVEN_AUDIT_SEAL=inline: {audit:,.0f} ev/s, raw {raw:,.0f}/s, "
            f"ratio {audit / raw:.2f}; {check_trail()}"
        )


def inline_run(events: int, threads: int) -> None:
    """The default set-up: each process seals after its commits, at most once a second."""
    from django.conf import settings

    if not hasattr(settings, "HAVEN_AUDIT_SEAL"):
        return
    empty_trail()
    settings.HAVEN_AUDIT_SEAL = "inline"
    audit = rate(append_event, events, threads)
    print(f"HAVEN_AUDIT_SEAL=inline, {threads} threads: {audit:,.0f} ev/s; {check_trail()}")


if __name__ == "__main__":
    main()
