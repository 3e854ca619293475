import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from haven.audit.chain import event_hash, event_mac
from haven.audit.log import record
from haven.audit.models import GENESIS_HASH, AppendOnlyError, AuditEvent, ChainHead
from haven.audit.purposes import Purpose
from haven.audit.seal import seal_pending
from haven.audit.tests.conftest import write_events
from haven.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def test_first_event_starts_the_chain(worker, org_a):
    # Changed with issue 17: record() writes the event with its number and MAC only; the chain
    # link comes when the sealer runs (no lock on the request path).
    with transaction.atomic():
        event = record(actor=worker, action="case.read", target=org_a, purpose=Purpose.SUPERVISION)
    event.refresh_from_db()
    assert (event.seq, event.prev_hash, event.hash) == (1, "", "")
    assert event.mac == event_mac(event)
    assert seal_pending() == 1
    event.refresh_from_db()
    assert (event.seq, event.prev_hash) == (1, GENESIS_HASH)
    assert event.hash == event_hash(event) and len(event.hash) == 64
    assert (event.actor, event.actor_username) == (worker, "worker")
    assert (event.organisation, event.organisation_name) == (org_a, "Shelter A")
    assert (event.target_type, event.target_id) == ("accounts.organisation", str(org_a.pk))
    assert event.purpose == "supervision"


def test_events_link_in_order_and_move_the_head(worker):
    events = write_events(worker, 3)
    assert [e.seq for e in events] == [1, 2, 3]
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:2]]
    head = ChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (3, events[-1].hash)


def test_system_and_anonymous_events_have_no_actor(org_b):
    with transaction.atomic():
        system = record(actor=None, action="login.failed", details={"address": "192.0.2.1"})
        anonymous = record(actor=AnonymousUser(), action="user.logged_out", organisation=org_b)
    assert (system.actor_ref, system.actor_username, system.organisation_ref) == (None, "", None)
    assert (anonymous.actor, anonymous.organisation_name) == (None, "Shelter B")


def test_explicit_organisation_overrides_the_actors(worker, org_b):
    with transaction.atomic():
        event = record(actor=worker, action="user.invited", organisation=org_b)
    assert event.organisation_ref == org_b.pk


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused(worker):
    with pytest.raises(RuntimeError, match="transaction.atomic"):
        record(actor=worker, action="case.read")
    assert not AuditEvent.objects.exists()


def test_a_rolled_back_change_leaves_no_event(worker):
    write_events(worker, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        record(actor=worker, action="case.read")
        raise IntegrityError("the change failed")
    assert AuditEvent.objects.count() == 1
    assert ChainHead.objects.get(pk=1).last_seq == 1


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"action": "Case Read"}, ValueError),
        ({"action": ""}, ValueError),
        ({"action": "case.read", "details": {"score": 0.5}}, TypeError),
        ({"action": "case.read", "details": {"when": object()}}, TypeError),
    ],
)
def test_bad_arguments_are_refused(worker, kwargs, error):
    with pytest.raises(error), transaction.atomic():
        record(actor=worker, **kwargs)


def test_target_and_target_type_together_are_refused(worker, org_a):
    with pytest.raises(ValueError, match="not both"), transaction.atomic():
        record(actor=worker, action="case.read", target=org_a, target_type="cases.case")


def test_details_are_stored_as_they_will_be_read(worker):
    with transaction.atomic():
        event = record(actor=worker, action="case.listed", details={"ids": (3, 1), 2: True})
    assert event.details == {"ids": [3, 1], "2": True}
    assert verify_chain().ok


def test_saved_events_cannot_be_changed_or_deleted(worker):
    (event,) = write_events(worker, 1)
    event.action = "case.closed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="case.closed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=1).delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["action"])
    assert AuditEvent.objects.get(seq=1).action == "case.read"


def test_erasing_the_actor_keeps_the_chain_intact(make_user, org_a):
    leaver = make_user("leaver", None, org_a)
    leaver_id = leaver.pk
    write_events(leaver, 2)
    leaver.delete()
    event = AuditEvent.objects.get(seq=1)
    assert (event.actor_id, event.actor_ref, event.actor_username) == (None, leaver_id, "leaver")
    assert verify_chain().ok


def test_the_returned_event_is_the_stored_row_field_for_field(worker, org_a):
    # record() writes with one prepared INSERT, not save(): what it returns must be what the
    # database holds, or a MAC computed on one would not match the other.
    details = {"fields": ["name", "nationality"], "count": 2}
    with transaction.atomic():
        event = record(actor=worker, action="case.read", target=org_a, details=details)
    stored = AuditEvent.objects.get(pk=event.pk)
    names = [field.attname for field in AuditEvent._meta.concrete_fields]
    assert [getattr(stored, name) for name in names] == [getattr(event, name) for name in names]
    assert stored.mac == event_mac(stored)
    assert not event._state.adding


def test_an_appended_event_is_announced_to_its_listeners_inside_the_transaction(worker):
    """The webhook outbox and the inbox notifications hear of every event through post_save,
    which the raw INSERT of record() must send as save() did."""
    from django.db.models.signals import post_save

    heard = []

    def listen(sender, instance, created, **kwargs):
        heard.append((instance.pk, created, transaction.get_connection().in_atomic_block))

    post_save.connect(listen, sender=AuditEvent, dispatch_uid="test-listen")
    try:
        with transaction.atomic():
            event = record(actor=None, action="login.failed")
    finally:
        post_save.disconnect(dispatch_uid="test-listen", sender=AuditEvent)
    assert heard == [(event.pk, True, True)]
