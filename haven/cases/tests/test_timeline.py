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
