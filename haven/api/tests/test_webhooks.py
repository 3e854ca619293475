"""Webhooks: queued in the transaction of the change they announce, carrying ids only, signed
per subscription, retried with back-off, logged, and given up after the last attempt."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from haven.api.actions import MAX_ATTEMPTS, backoff, do_subscribe, do_unsubscribe
from haven.api.delivery import deliver_due
from haven.api.models import Delivery, DeliveryStatus
from haven.api.outbox import do_queue_due_deadlines
from haven.api.tokens import signature, signature_valid
from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case, do_record_consent
from haven.cases.models import ConsentPurpose, Deadline
from haven.referrals.actions import do_accept_referral, do_decline_referral, do_refer_case

from .conftest import DAY

pytestmark = pytest.mark.django_db
ALL = ["referral.received", "referral.accepted", "referral.declined", "deadline.due"]


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.HAVEN_WEBHOOKS_ALLOW_LOOPBACK = True


@pytest.fixture
def case(frontline, other_ngo):
    opened = do_open_case(first_name="Lan", acting_user=frontline)
    do_record_consent(
        case=opened,
        purpose=ConsentPurpose.SHARING,
        organisation=other_ngo,
        given_on=DAY,
        acting_user=frontline,
    )
    return opened


@pytest.fixture
def send(case, other_ngo, frontline):
    """Refer the case to the other NGO, as the pages would."""

    def refer():
        return do_refer_case(
            case,
            other_ngo,
            reason="AdditionalServicesRequired",
            sections=["screening"],
            acting_user=frontline,
        )

    return refer


def test_the_sender_hears_of_the_answer_and_the_receiver_of_the_referral(
    send, receiver, org_admin, receiver_admin, loopback
):
    ours = do_subscribe(url=loopback.url, events=ALL, admin=org_admin)
    theirs = do_subscribe(url=loopback.url, events=ALL, admin=receiver_admin)
    referral = send()
    do_accept_referral(referral=referral, acting_user=receiver, expected_version=referral.version)
    queued = {(d.subscription_id, d.event) for d in Delivery.objects.all()}
    assert queued == {
        (theirs.subscription.pk, "referral.received"),
        (ours.subscription.pk, "referral.accepted"),
    }
    assert deliver_due().delivered == 2
    bodies = [json.loads(body) for _, body in loopback.received]
    assert {b["event"] for b in bodies} == {"referral.received", "referral.accepted"}
    assert all(set(b["data"]) == {"referral_id", "status", "audit_seq"} for b in bodies)


def test_a_decline_is_announced_to_the_sender(send, receiver, org_admin, loopback):
    do_subscribe(url=loopback.url, events=["referral.declined"], admin=org_admin)
    referral = send()
    do_decline_referral(
        referral=referral,
        reason="No places left",
        acting_user=receiver,
        expected_version=referral.version,
    )
    delivery = Delivery.objects.get()
    assert delivery.event == "referral.declined"
    assert "No places" not in json.dumps(delivery.payload)


def test_a_rolled_back_change_announces_nothing(send, receiver_admin, loopback):
    do_subscribe(url=loopback.url, events=ALL, admin=receiver_admin)
    with pytest.raises(RuntimeError), transaction.atomic():
        send()
        raise RuntimeError("the change fails after its event")
    assert not Delivery.objects.exists()


def test_a_failed_attempt_is_logged_and_retried_later_with_back_off(send, receiver_admin, loopback):
    do_subscribe(url=loopback.url, events=ALL, admin=receiver_admin)
    send()
    loopback.status = 500
    assert deliver_due().attempted == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=20)
    assert deliver_due().attempted == 0  # not due yet
    assert AuditEvent.objects.filter(action="webhook.attempt_failed").count() == 1
    Delivery.objects.update(next_attempt_at=timezone.now())
    loopback.status = 204
    assert deliver_due().delivered == 1


def test_after_the_last_attempt_a_delivery_has_failed_for_good(send, receiver_admin):
    do_subscribe(url="http://127.0.0.1:9/closed", events=ALL, admin=receiver_admin)
    send()
    for _ in range(MAX_ATTEMPTS):
        Delivery.objects.update(next_attempt_at=timezone.now())
        deliver_due()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert delivery.last_status_code is None and delivery.last_error


def test_back_off_doubles_up_to_a_day():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(40) == datetime.timedelta(days=1)


def test_a_deadline_due_within_a_week_is_announced_once(case, org_admin, loopback):
    do_subscribe(url=loopback.url, events=["deadline.due"], admin=org_admin)
    today = datetime.date(2026, 3, 1)
    Deadline.objects.create(case=case, code="appeal", title="Appeal", due_on=today, source="manual")
    Deadline.objects.create(
        case=case, code="claim", title="Claim", due_on=today.replace(month=6), source="manual"
    )
    assert do_queue_due_deadlines(today=today) == 1
    assert do_queue_due_deadlines(today=today) == 0
    assert Delivery.objects.get().payload["data"]["code"] == "appeal"


def test_the_command_delivers_and_reports_figures(send, receiver_admin, loopback, capsys):
    do_subscribe(url=loopback.url, events=ALL, admin=receiver_admin)
    send()
    call_command("webhooks", "deliver", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert figures["delivered"] == 1 and figures["failed"] == 0


def test_an_ended_subscription_gets_nothing_more(send, receiver_admin, loopback):
    subscribed = do_subscribe(url=loopback.url, events=ALL, admin=receiver_admin)
    do_unsubscribe(subscription=subscribed.subscription, admin=receiver_admin)
    send()
    assert not Delivery.objects.exists()


def test_urls_must_be_https_to_another_host(org_admin, settings):
    settings.HAVEN_WEBHOOKS_ALLOW_LOOPBACK = False
    for url in ("http://example.org/hook", "https://127.0.0.1/hook", "ftp://example.org"):
        with pytest.raises(ValidationError):
            do_subscribe(url=url, events=ALL, admin=org_admin)
    assert do_subscribe(url="https://example.org/hook", events=ALL, admin=org_admin).secret


def test_a_signature_verifies_only_its_own_body_time_and_secret():
    given = signature("s3cret", 1700000000, b'{"a":1}')
    assert signature_valid("s3cret", 1700000000, b'{"a":1}', given)
    assert not signature_valid("s3cret", 1700000001, b'{"a":1}', given)
    assert not signature_valid("other", 1700000000, b'{"a":1}', given)
    assert not signature_valid("s3cret", 1700000000, b'{"a":2}', given)
