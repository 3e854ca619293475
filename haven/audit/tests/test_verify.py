"""The tamper tests: edit the table behind the ORM's back, as an attacker with database access
would, and check that verification names the first event affected."""

import pytest
from django.db import connection, transaction

from haven.audit.chain import event_hash
from haven.audit.log import record
from haven.audit.models import AuditEvent, ChainHead
from haven.audit.purposes import Purpose
from haven.audit.tests.conftest import write_events
from haven.audit.verify import VerifyResult, verify_chain

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def raw(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=TABLE), params)


@pytest.fixture
def five(worker):
    return write_events(worker, 5)


def test_an_empty_trail_verifies():
    assert verify_chain() == VerifyResult(ok=True, checked=0)


def test_an_intact_trail_verifies(five):
    assert verify_chain() == VerifyResult(ok=True, checked=5)


def test_an_altered_action_is_found(five):
    raw("UPDATE {table} SET action = %s WHERE seq = %s", "case.closed", 3)
    assert verify_chain() == VerifyResult(False, 2, "event 3 was altered", 3)


def test_altered_details_are_found(five):
    raw("UPDATE {table} SET details = %s WHERE seq = %s", '{"case_ids": [99]}', 4)
    assert verify_chain() == VerifyResult(False, 3, "event 4 was altered", 4)


def test_an_altered_time_is_found(five):
    later = five[1].occurred_at.replace(microsecond=(five[1].occurred_at.microsecond + 1) % 10**6)
    AuditEvent._base_manager.filter(seq=2).update(occurred_at=later)
    assert verify_chain().problem == "event 2 was altered"


def test_an_actor_link_pointed_at_someone_else_is_found(five, make_user):
    other = make_user("someone_else")
    raw("UPDATE {table} SET actor_id = %s WHERE seq = %s", other.pk, 2)
    assert verify_chain() == VerifyResult(False, 1, "event 2 was altered", 2)


def test_a_deleted_middle_event_is_found(five):
    raw("DELETE FROM {table} WHERE seq = %s", 3)
    assert verify_chain() == VerifyResult(False, 2, "event 3 is missing", 3)


def test_a_deleted_first_event_is_found(five):
    raw("DELETE FROM {table} WHERE seq = %s", 1)
    assert verify_chain() == VerifyResult(False, 0, "event 1 is missing", 1)


def test_a_deleted_last_event_is_found_through_the_head(five):
    raw("DELETE FROM {table} WHERE seq = %s", 5)
    assert verify_chain() == VerifyResult(False, 4, "events after 4 are missing", 5)


def test_deleted_last_events_are_found_through_the_head(five):
    raw("DELETE FROM {table} WHERE seq >= %s", 4)
    assert verify_chain() == VerifyResult(False, 3, "events after 3 are missing", 4)


def test_a_head_that_does_not_match_its_event_is_found(five):
    ChainHead.objects.filter(pk=1).update(last_hash="f" * 64)
    assert verify_chain() == VerifyResult(False, 4, "the chain head does not match event 5", 5)


def test_a_missing_head_is_found(five):
    ChainHead.objects.all().delete()
    assert verify_chain() == VerifyResult(False, 5, "the chain head is missing", None)


def test_a_validly_signed_event_out_of_place_is_found(five):
    # Only someone holding the audit key can sign an event; re-linking one still shows.
    forged = AuditEvent.objects.get(seq=3)
    forged.prev_hash = five[0].hash
    raw(
        "UPDATE {table} SET prev_hash = %s, hash = %s WHERE seq = %s",
        forged.prev_hash,
        event_hash(forged),
        3,
    )
    assert verify_chain() == VerifyResult(False, 2, "event 3 does not follow event 2", 3)


def test_events_written_with_another_key_are_found(five):
    forged = AuditEvent.objects.get(seq=2)
    raw("UPDATE {table} SET hash = %s WHERE seq = %s", event_hash(forged, b"k" * 32), 2)
    assert verify_chain().problem == "event 2 was altered"


def test_unicode_details_round_trip(worker):
    with transaction.atomic():
        record(
            actor=worker,
            action="case.read",
            purpose=Purpose.SAFEGUARDING,
            details={"z": "ü « sûreté »", "a": [1, {"b": None}], "ok": False},
        )
    assert verify_chain().ok
