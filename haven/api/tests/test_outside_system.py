"""The issue's acceptance test: an outside system registers a client, sends an interview, reads
the rights result, sends a referral, and receives the signed webhook on a loopback server."""

import json

import pytest
from django.core.management import call_command

from haven.api.actions import do_subscribe
from haven.api.models import Delivery, DeliveryStatus
from haven.api.tokens import signature_valid
from haven.audit.models import AuditEvent
from haven.cases.actions import do_record_consent
from haven.cases.models import ConsentPurpose

from .conftest import DAY, INTERVIEW, bearer, issue_token, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("jurisdictions")]
SCOPES = ["cases:write", "screenings:write", "screenings:read", "referrals:write"]


@pytest.fixture
def token(org_admin, frontline):
    """The NRM database's administrator registers it; the worker it acts for approves it."""
    return issue_token(org_admin, frontline, SCOPES)[1]


@pytest.fixture
def hook(settings, receiver_admin, loopback):
    """The receiving NGO's system listens on a loopback server."""
    settings.HAVEN_WEBHOOKS_ALLOW_LOOPBACK = True
    subscribed = do_subscribe(url=loopback.url, events=["referral.received"], admin=receiver_admin)
    return subscribed, loopback


def test_an_outside_system_screens_refers_and_hears_back(client, frontline, other_ngo, token, hook):
    subscribed, loopback = hook

    opened = post_json(client, "/api/v1/cases", {"prs_FirstName": "Lan"}, token)
    assert opened.status_code == 201, opened.content
    case_id = opened.json()["id"]
    sent = post_json(client, f"/api/v1/cases/{case_id}/screenings", INTERVIEW, token)
    assert sent.status_code == 201, sent.content
    screening_id = sent.json()["id"]

    result = client.get(f"/api/v1/screenings/{screening_id}", **bearer(token)).json()
    rights = {right["code"] for right in result["result"]["rights"]}
    assert "reflection_period" in rights
    assert all(right["basis"] for right in result["result"]["rights"])

    case = frontline.organisation.cases.get(pk=case_id)
    do_record_consent(
        case=case, purpose=ConsentPurpose.SHARING, organisation=other_ngo, given_on=DAY,
        acting_user=frontline,
    )  # fmt: skip
    referral = {
        "case_id": case_id,
        "to_organisation_id": other_ngo.pk,
        "reason": "AdditionalServicesRequired",
        "sections": ["screening"],
    }
    referred = post_json(client, "/api/v1/referrals", referral, token)
    assert referred.status_code == 201, referred.content
    referral_id = referred.json()["id"]

    call_command("webhooks", "deliver")

    assert len(loopback.received) == 1
    headers, body = loopback.received[0]
    assert headers["X-Haven-Event"] == "referral.received"
    timestamp = int(headers["X-Haven-Timestamp"])
    assert signature_valid(subscribed.secret, timestamp, body, headers["X-Haven-Signature"])
    payload = json.loads(body)
    assert payload["data"]["referral_id"] == referral_id
    assert "Lan" not in body.decode()
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED
    assert AuditEvent.objects.filter(action="api.called").count() == 4
