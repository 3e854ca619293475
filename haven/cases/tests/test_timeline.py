"""The timeline takes an action's kind from the one register: every read is left out,
including reads of other apps' records that a hand-kept list forgot (proceedings.read)."""

import datetime

import pytest
from django.db import transaction

from haven.audit.log import record
from haven.audit.registry import READ, names_of_kind
from haven.cases.actions import do_open_case
from haven.cases.timeline import case_timeline


@pytest.fixture
def case(frontline):
    return do_open_case(
        first_name="Mira", birthdate=datetime.date(2001, 4, 5), acting_user=frontline
    )


def test_every_registered_read_is_left_out_of_the_timeline(case, frontline):
    reads = sorted(names_of_kind(READ))
    assert "proceedings.read" in reads
    with transaction.atomic():
        for name in reads:
            record(actor=frontline, action=name, target=case, details={"case_id": case.pk})
    assert [event.action for event in case_timeline(case)] == ["case.opened"]


def test_the_migration_encrypts_cities_stored_in_clear(case):
    import importlib
    from types import SimpleNamespace

    from django.db import connection

    from haven.cases.models import TraffickingEvent

    migration = importlib.import_module("haven.cases.migrations.0007_encrypt_event_city")
    event = TraffickingEvent.objects.create(case=case, event_type="Exploitation", city="Iasi")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_traffickingevent SET city = %s WHERE id = %s", ["Iasi", event.pk]
        )
    migration.encrypt_cities(None, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT city FROM cases_traffickingevent WHERE id = %s", [event.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:") and "Iasi" not in stored
    assert TraffickingEvent.objects.get(pk=event.pk).city == "Iasi"


def _plan(queryset):
    """The database's plan for `queryset`, as text; PostgreSQL told to avoid a sequential scan
    where an index serves (on a small table it would scan anyway)."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute("ANALYZE")
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_the_timeline_finds_its_events_by_index_not_by_reading_the_whole_trail(case, frontline):
    """Every audited read adds to the trail: a timeline that scanned it grew slower with every
    page anyone opened (23 ms at 33,000 events, bench 2026-12-08)."""
    from haven.audit.models import AuditEvent

    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    AuditEvent.objects.bulk_create(
        AuditEvent(
            seq=last + number,
            occurred_at=case.opened_at,
            action="case.read",
            target_type="cases.case",
            target_id=str(10_000 + number),
            details={"case_id": 10_000 + number},
        )
        for number in range(1, 3001)
    )
    plan = _plan(case_timeline(case))
    assert "audit_details_case_idx" in plan, plan
    assert "Seq Scan on audit_auditevent" not in plan and "SCAN audit_auditevent\n" not in plan
