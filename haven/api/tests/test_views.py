"""The pages: the administrator registers a system, the named worker approves it and sees the
token once; webhooks show their secret once; a worker confirms an offline interview."""

import json
import re

import pytest

from haven.api.actions import do_receive_submission
from haven.api.models import ApiClient, DraftStatus, SubmissionDraft, WebhookSubscription
from haven.api.xforms import INTERVIEW_ID
from haven.cases.actions import do_open_case
from haven.screening.models import Screening

pytestmark = pytest.mark.django_db


def test_register_approve_and_revoke_through_the_pages(client, org_admin, frontline):
    client.force_login(org_admin)
    form = {"name": "Hotline", "acting_user": frontline.pk, "scopes": ["law:read"], "days": 30}
    assert client.post("/integrations/clients/register/", form).status_code == 302
    registered = ApiClient.objects.get()
    assert client.post(f"/integrations/clients/{registered.pk}/approve/").status_code == 302
    assert ApiClient.objects.get().token_hash == ""

    client.force_login(frontline)
    page = client.post(f"/integrations/clients/{registered.pk}/approve/")
    token = re.search(rb"hvn_[0-9a-f]+_[\w-]+", page.content).group().decode()
    assert client.get("/integrations/clients/").content.count(token.encode()) == 0
    client.post(f"/integrations/clients/{registered.pk}/revoke/")
    assert ApiClient.objects.get().revoked_at is not None


def test_a_worker_cannot_register_systems(client, frontline):
    client.force_login(frontline)
    form = {"name": "x", "acting_user": frontline.pk, "scopes": ["law:read"], "days": 30}
    assert client.post("/integrations/clients/register/", form).status_code == 403


def test_a_subscription_shows_its_secret_once(client, org_admin):
    client.force_login(org_admin)
    form = {"url": "https://nrm.example.org/hook", "events": ["referral.received"]}
    page = client.post("/integrations/webhooks/", form)
    secret = WebhookSubscription.objects.get().secret
    assert secret.encode() in page.content
    assert secret.encode() not in client.get("/integrations/webhooks/").content


@pytest.fixture
def interview_draft(frontline):
    answers = {"encounter_date": "2026-01-15", "setting": "shelter", "consent_to_record": "yes"}
    return do_receive_submission(
        worker=frontline, form_id=INTERVIEW_ID, instance_id="uuid:1", xml="<x/>", answers=answers
    )


def test_the_worker_confirms_an_interview_draft_into_a_screening(
    client, frontline, interview_draft, jurisdictions
):
    case = do_open_case(first_name="Lan", acting_user=frontline)
    client.force_login(frontline)
    assert b"uuid:1" not in client.get("/integrations/drafts/").content
    response = client.post(f"/integrations/drafts/{interview_draft.pk}/", {"case": case.pk})
    screening = Screening.objects.get()
    assert response.url == f"/screening/{screening.pk}/"
    assert json.loads(screening.record)["encounter"]["setting"] == "shelter"
    assert SubmissionDraft.objects.get().status == DraftStatus.CONFIRMED


def test_another_worker_sees_no_draft_of_mine(client, case_manager, interview_draft):
    client.force_login(case_manager)
    assert client.get(f"/integrations/drafts/{interview_draft.pk}/").status_code == 404


def test_a_draft_can_be_discarded(client, frontline, interview_draft):
    client.force_login(frontline)
    client.post(f"/integrations/drafts/{interview_draft.pk}/discard/")
    assert SubmissionDraft.objects.get().status == DraftStatus.DISCARDED
