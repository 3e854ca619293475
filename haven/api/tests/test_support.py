"""Support plans through the API: the support app's access functions and actions, so its rules
hold (consent before a service starts, enforcement never a provider), every read is audited,
and the enforcement firewall closes all of it."""

import pytest

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.audit.purposes import Purpose
from haven.cases.actions import do_open_case
from haven.support.models import Service
from haven.testing.fixtures import make_user

from .conftest import DAY, bearer, issue_token, post_json

pytestmark = pytest.mark.django_db
GOALS = {"goals": "Find safe work and learn the language", "types": []}


@pytest.fixture
def case(frontline):
    return do_open_case(first_name="Lan", acting_user=frontline)


@pytest.fixture
def token(org_admin, frontline):
    return issue_token(org_admin, frontline, ["support:read", "support:write"])[1]


def get(client, url, token):
    return client.get(url, **bearer(token))


def start(client, case, token):
    response = post_json(client, f"/api/v1/cases/{case.pk}/support-plan", GOALS, token)
    assert response.status_code == 201, response.json()
    return response.json()


def add_service(client, case, token, **fields):
    body = {"kind": "accommodation", **fields}
    return post_json(client, f"/api/v1/cases/{case.pk}/support-plan/services", body, token)


def test_a_case_without_a_plan_reads_as_no_plan_yet(client, case, token):
    body = get(client, f"/api/v1/cases/{case.pk}/support-plan", token).json()
    assert body == {"case_id": case.pk, "plan": None, "services": [], "milestones": []}


def test_a_plan_started_reads_back_with_its_services(client, case, token):
    start(client, case, token)
    service = add_service(client, case, token, provider_name="City shelter").json()
    body = get(client, f"/api/v1/cases/{case.pk}/support-plan", token).json()
    assert body["plan"]["goals"] == GOALS["goals"]
    assert [s["id"] for s in body["services"]] == [service["id"]]
    assert service["status"] == "proposed" and service["consent_given_on"] is None


def test_every_read_goes_through_the_case_gate_audited_as_the_client(client, case, token):
    start(client, case, token)
    service = add_service(client, case, token).json()
    before = AuditEvent.objects.filter(action="case.read").count()
    get(client, f"/api/v1/support/services/{service['id']}", token)
    read = AuditEvent.objects.filter(action="case.read").order_by("-seq").first()
    assert AuditEvent.objects.filter(action="case.read").count() == before + 1
    assert read.target_id == str(case.pk) and read.purpose == Purpose.API_CLIENT


def test_a_service_starts_only_after_the_person_consents(client, case, token):
    start(client, case, token)
    service = add_service(client, case, token).json()
    url = f"/api/v1/support/services/{service['id']}"
    agreed = {"status": "agreed", "expected_version": service["version"]}
    refused = post_json(client, f"{url}/status", agreed, token)
    assert refused.status_code == 400 and "consent" in refused.json()["detail"]
    consent = post_json(client, f"{url}/consent", {"given_on": DAY.isoformat()}, token)
    assert consent.json()["consent_given_on"] == DAY.isoformat()
    done = post_json(client, f"{url}/status", agreed, token)
    assert done.status_code == 200 and done.json()["status"] == "agreed"
    assert AuditEvent.objects.filter(action="support.service_updated").count() == 1


def test_a_service_may_be_declined_without_consent(client, case, token):
    start(client, case, token)
    service = add_service(client, case, token).json()
    body = {"status": "declined_by_person", "expected_version": service["version"]}
    response = post_json(client, f"/api/v1/support/services/{service['id']}/status", body, token)
    assert response.json()["status"] == "declined_by_person"


def test_a_status_change_over_a_newer_version_is_a_conflict(client, case, token):
    start(client, case, token)
    service = add_service(client, case, token).json()
    url = f"/api/v1/support/services/{service['id']}/status"
    post_json(client, url, {"status": "declined_by_person", "expected_version": 1}, token)
    stale = post_json(client, url, {"status": "proposed", "expected_version": 1}, token)
    assert stale.status_code == 409
    assert Service.objects.get(pk=service["id"]).status == "declined_by_person"


def test_enforcement_is_never_a_service_provider(client, case, token, police):
    start(client, case, token)
    response = add_service(client, case, token, provider_organisation_id=police.pk)
    assert response.status_code == 400 and "firewall" in response.json()["detail"]
    assert not Service.objects.exists()


def test_a_service_needs_the_plan_started_first(client, case, token):
    response = add_service(client, case, token)
    assert response.status_code == 400 and "support plan" in response.json()["detail"]


def test_a_milestone_is_added_and_achieved_once(client, case, token):
    start(client, case, token)
    body = {"kind": "safe_housing", "target_date": "2026-06-01"}
    milestone = post_json(client, f"/api/v1/cases/{case.pk}/support-plan/milestones", body, token)
    url = f"/api/v1/support/milestones/{milestone.json()['id']}"
    achieved = {"achieved_on": DAY.isoformat()}
    assert (
        post_json(client, f"{url}/achieved", achieved, token).json()["achieved_on"] == "2026-02-01"
    )
    again = post_json(client, f"{url}/achieved", achieved, token)
    assert again.status_code == 400 and "already" in again.json()["detail"]
    assert get(client, url, token).json()["kind"] == "safe_housing"


def test_another_organisation_gets_the_same_404_as_for_nothing(
    client, case, token, receiver_admin, receiver
):
    start(client, case, token)
    service = add_service(client, case, token).json()
    _, theirs = issue_token(receiver_admin, receiver, ["support:read", "support:write"])
    for url in (
        f"/api/v1/cases/{case.pk}/support-plan",
        f"/api/v1/support/services/{service['id']}",
        "/api/v1/support/services/999999",
    ):
        assert get(client, url, theirs).json() == {"detail": "Not found"}
    assert add_service(client, case, theirs).status_code == 404


def test_an_enforcement_officer_s_token_is_refused_support_records(client, case, token, police):
    start(client, case, token)
    admin = make_user(police, Role.ORG_ADMIN, username="police-admin")
    officer = make_user(police, Role.FRONTLINE_WORKER, Role.ENFORCEMENT_OFFICER, username="officer")
    _, theirs = issue_token(admin, officer, ["support:read", "support:write"])
    assert get(client, f"/api/v1/cases/{case.pk}/support-plan", theirs).status_code == 403
    assert add_service(client, case, theirs).status_code == 403
    assert not Service.objects.exists()


def test_a_token_without_the_support_scope_is_refused(client, case, org_admin, frontline):
    _, other = issue_token(org_admin, frontline, ["cases:read", "cases:write"])
    response = get(client, f"/api/v1/cases/{case.pk}/support-plan", other)
    assert response.status_code == 403 and "support:read" in response.json()["detail"]
    _, reader = issue_token(org_admin, frontline, ["support:read"], name="Reader")
    assert (
        post_json(client, f"/api/v1/cases/{case.pk}/support-plan", GOALS, reader).status_code == 403
    )
