"""The sealer and the unsealed tail: events are written without a lock, chained later, and
verification covers them before and after they are sealed."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from haven.audit import seal
from haven.audit.chain import event_mac
from haven.audit.log import record
from haven.audit.models import AuditEvent, ChainHead
from haven.audit.seal import seal_pending
from haven.audit.tests.conftest import write_events
from haven.audit.verify import VerifyResult, verify_chain

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table
ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has one writer at a time, so appends cannot race, and its "
    "test database lives in memory where another process cannot reach it",
)


def raw(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=TABLE), params)


def unsealed(actor, count: int) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            record(actor=actor, action="case.read", target_type="cases.case", target_id=str(n))
            for n in range(count)
        ]


def age(seq: int, minutes: int) -> None:
    """Move an unsealed event back in time, re-signing it as its writer would have."""
    event = AuditEvent.objects.get(seq=seq)
    event.occurred_at = timezone.now() - timedelta(minutes=minutes)
    raw(
        "UPDATE {table} SET occurred_at = %s, mac = %s WHERE seq = %s",
        event.occurred_at,
        event_mac(event),
        seq,
    )


def test_unsealed_events_verify_and_are_sealed_by_verify(worker):
    unsealed(worker, 3)
    assert verify_chain(seal=False) == VerifyResult(True, 3)
    assert not ChainHead.objects.filter(pk=1).exists()
    assert verify_chain() == VerifyResult(True, 3)
    assert ChainHead.objects.get(pk=1).last_seq == 3
    assert not AuditEvent.objects.filter(hash="").exists()


def test_sealing_continues_the_chain(worker):
    write_events(worker, 2)
    unsealed(worker, 2)
    assert seal_pending() == 2
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert verify_chain(seal=False).ok


def test_an_altered_unsealed_event_is_found_and_never_sealed(worker):
    unsealed(worker, 3)
    raw("UPDATE {table} SET target_id = %s WHERE seq = %s", "999", 2)
    assert verify_chain(seal=False) == VerifyResult(False, 1, "event 2 was altered", 2)
    assert seal_pending() == 1  # stops before the altered event
    assert verify_chain() == VerifyResult(False, 1, "event 2 was altered", 2)


def test_an_unsealed_event_moved_to_another_number_is_found(worker):
    unsealed(worker, 2)
    raw("UPDATE {table} SET seq = %s WHERE seq = %s", 3, 2)
    assert verify_chain() == VerifyResult(False, 1, "event 3 was altered", 3)


def test_a_forged_unsealed_event_is_found(worker):
    (event,) = unsealed(worker, 1)
    raw("UPDATE {table} SET mac = %s WHERE seq = %s", "0" * 64, event.seq)
    assert verify_chain() == VerifyResult(False, 0, "event 1 was altered", 1)


def test_removing_a_seal_is_found(five_sealed):
    raw("UPDATE {table} SET hash = '', prev_hash = '' WHERE seq = %s", 3)
    assert verify_chain(seal=False) == VerifyResult(False, 2, "event 3 was altered", 3)


def test_removing_the_last_seal_is_found(five_sealed):
    raw("UPDATE {table} SET hash = '', prev_hash = '' WHERE seq = %s", 5)
    assert verify_chain(seal=False) == VerifyResult(False, 4, "event 5 was altered", 5)


def test_a_deleted_unsealed_event_is_found_once_its_number_cannot_be_in_flight(worker):
    unsealed(worker, 3)
    raw("DELETE FROM {table} WHERE seq = %s", 2)
    age(3, 30)  # on PostgreSQL a gap may be a transaction still running; not after 30 minutes
    result = verify_chain(seal=False)
    assert (result.problem, result.seq) == ("event 2 is missing", 2)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite: a gap is always a deletion")
def test_the_sealer_never_chains_over_a_deleted_event_on_sqlite(worker):
    unsealed(worker, 3)
    raw("DELETE FROM {table} WHERE seq = %s", 2)
    assert seal_pending() == 1
    assert verify_chain() == VerifyResult(False, 1, "event 2 is missing", 2)


@ON_POSTGRESQL
def test_a_rolled_back_number_is_chained_past_on_postgresql(worker):
    unsealed(worker, 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=worker, action="case.read")  # takes number 2, then rolls back
        raise RuntimeError("the change failed")
    unsealed(worker, 1)
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 3]
    assert seal_pending() == 2
    assert verify_chain() == VerifyResult(True, 2)


def test_a_stale_unsealed_tail_is_reported(worker, settings):
    settings.HAVEN_AUDIT_UNSEALED_MINUTES = 10
    unsealed(worker, 2)
    age(1, 11)
    result = verify_chain(seal=False)
    assert (result.ok, result.checked, result.seq) == (False, 2, 1)
    assert result.problem.startswith("event 1 and later are not sealed after 10 minutes")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's sequence never reuses")
def test_a_number_reused_behind_the_head_is_found(five_sealed, worker):
    raw("DELETE FROM {table} WHERE seq = %s", 5)
    (event,) = unsealed(worker, 1)  # SQLite's next number is the largest plus one: 5 again
    assert event.seq == 5
    assert verify_chain(seal=False) == VerifyResult(False, 4, "event 5 was altered", 5)


@pytest.fixture
def five_sealed(worker):
    return write_events(worker, 5)


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_all_end_up_chained(settings):
    settings.HAVEN_AUDIT_SEAL = "inline"  # sealing passes race with the appends too
    threads, each = 8, 40
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for i in range(each):
                append_one(f"{n}-{i}", roll_back=i % 7 == 3)  # some leave a hole in the sequence
        except BaseException as error:  # noqa: BLE001  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=append, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert not errors
    seal_pending(wait=True)
    committed = threads * sum(1 for i in range(each) if i % 7 != 3)
    assert AuditEvent.objects.count() == committed
    assert not AuditEvent.objects.filter(hash="").exists()
    assert verify_chain() == VerifyResult(True, committed)


class _RollBack(Exception):
    pass


def append_one(target_id: str, *, roll_back: bool) -> None:
    try:
        with transaction.atomic():
            record(actor=None, action="case.read", target_type="cases.case", target_id=target_id)
            if roll_back:
                raise _RollBack
    except _RollBack:
        pass


KILLED_SEALER = textwrap.dedent(
    """
    import sys, time, django
    django.setup()
    from haven.audit import seal

    original = seal._write
    def slow_write(chained, head):
        original(chained, head)
        print("written", flush=True)  # the rows are updated; the commit has not happened
        time.sleep(60)
    seal._write = slow_write
    seal.seal_pending(wait=True)
    """
)


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_sealer_killed_part_way_leaves_a_verifiable_trail(worker, settings):
    settings.HAVEN_AUDIT_SEAL = "off"  # the child seals, nobody else
    unsealed(worker, 50)
    settings_dict = connection.settings_dict
    url = f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
    env = {**os.environ, "HAVEN_DATABASE_URL": url + settings_dict["NAME"]}
    child = subprocess.Popen(  # noqa: S603  # our own interpreter and script
        [sys.executable, "-c", KILLED_SEALER], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "written"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert AuditEvent.objects.filter(hash="").count() == 50  # rolled back with the process
    assert verify_chain(seal=False) == VerifyResult(True, 50)
    assert seal_pending(wait=True) == 50  # the advisory lock died with the session
    assert verify_chain() == VerifyResult(True, 50)


@pytest.fixture
def soon_reset(monkeypatch):
    """The once-a-second throttle is per process; start each test with it open."""
    monkeypatch.setattr(seal, "_last_soon", [float("-inf")])
    monkeypatch.setattr(seal, "SOON_SECONDS", seal.SOON_SECONDS)


def test_inline_sealing_runs_after_the_commit(
    worker, settings, soon_reset, django_capture_on_commit_callbacks
):
    settings.HAVEN_AUDIT_SEAL = "inline"
    seal.SOON_SECONDS = 3600  # restored by monkeypatch (soon_reset): the second pass must wait
    with django_capture_on_commit_callbacks(execute=True):
        unsealed(worker, 3)
    assert not AuditEvent.objects.filter(hash="").exists()
    with django_capture_on_commit_callbacks(execute=True):
        unsealed(worker, 1)  # within the throttle: left for the next pass
    assert AuditEvent.objects.filter(hash="").count() == 1


def test_queue_sealing_enqueues_a_task_the_worker_runs(
    worker, settings, soon_reset, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from haven.audit.tasks import seal_audit

    settings.HAVEN_AUDIT_SEAL = "queue"
    with django_capture_on_commit_callbacks(execute=True):
        unsealed(worker, 2)
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "haven.audit.tasks.seal_audit"
    assert AuditEvent.objects.filter(hash="").count() == 2
    assert seal_audit.call() == 2
    assert verify_chain(seal=False) == VerifyResult(True, 2)


def test_with_sealing_off_nothing_is_arranged(
    worker, settings, soon_reset, django_capture_on_commit_callbacks
):
    settings.HAVEN_AUDIT_SEAL = "off"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        unsealed(worker, 1)
    assert callbacks == []


def test_the_seal_command_reports_what_it_sealed(worker):
    from io import StringIO

    from django.core.management import call_command

    unsealed(worker, 3)
    out = StringIO()
    call_command("audit", "seal", stdout=out)
    assert out.getvalue() == "sealed 3 events; 0 not sealed\n"
