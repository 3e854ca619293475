"""API clients: registered by the organisation's administrator, approved by the user they act
for, token shown once and kept only as a hash, scoped, expiring, revocable, rate-limited, and
never a way around the capabilities or the firewall."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.roles import Role
from haven.api.actions import do_approve_client, do_register_client, do_revoke_client
from haven.api.models import ApiClient
from haven.api.tokens import token_hash
from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case
from haven.testing.fixtures import make_user

from .conftest import bearer, issue_token

pytestmark = pytest.mark.django_db


def get(client, url, token):
    return client.get(url, **bearer(token))


def test_the_token_is_kept_only_as_its_hash(org_admin, frontline):
    registered, token = issue_token(org_admin, frontline, ["cases:read"])
    stored = ApiClient.objects.get(pk=registered.pk)
    assert stored.token_hash == token_hash(token)
    assert token not in str(ApiClient.objects.filter(pk=stored.pk).values().get())
    assert not AuditEvent.objects.filter(details__icontains=token).exists()


def test_only_the_named_user_approves_so_no_administrator_gives_themselves_access(
    org_admin, frontline
):
    registered = do_register_client(
        name="Shelter system",
        acting_user=frontline,
        scopes=["cases:read"],
        days=30,
        admin=org_admin,
    )
    with pytest.raises(PermissionDenied):
        do_approve_client(client=registered, acting_user=org_admin)
    assert do_approve_client(client=registered, acting_user=frontline).startswith("hvn_")
    with pytest.raises(ValidationError):
        do_approve_client(client=registered, acting_user=frontline)


def test_only_an_administrator_registers_and_only_for_their_own_organisation(
    org_admin, frontline, receiver
):
    with pytest.raises(PermissionDenied):
        do_register_client(
            name="x", acting_user=frontline, scopes=["cases:read"], days=30, admin=frontline
        )
    with pytest.raises(ValidationError):
        do_register_client(
            name="x", acting_user=receiver, scopes=["cases:read"], days=30, admin=org_admin
        )
    with pytest.raises(ValidationError, match="unknown scope"):
        do_register_client(
            name="x", acting_user=frontline, scopes=["cases:delete"], days=30, admin=org_admin
        )


def test_a_token_reaches_only_its_scopes(client, org_admin, frontline):
    _, token = issue_token(org_admin, frontline, ["law:read"])
    assert get(client, "/api/v1/law/rights", token).status_code == 200
    refused = get(client, "/api/v1/cases", token)
    assert refused.status_code == 403 and "cases:read" in refused.json()["detail"]


def test_a_missing_or_wrong_token_is_401(client):
    assert client.get("/api/v1/law/rights").status_code == 401
    assert get(client, "/api/v1/law/rights", "hvn_abc_nope").status_code == 401


def test_a_revoked_or_expired_token_stops_working_at_once(client, org_admin, frontline):
    registered, token = issue_token(org_admin, frontline, ["law:read"])
    do_revoke_client(client=registered, acting_user=org_admin)
    assert get(client, "/api/v1/law/rights", token).status_code == 401
    other, second = issue_token(org_admin, frontline, ["law:read"], name="second")
    ApiClient.objects.filter(pk=other.pk).update(expires_at=timezone.now())
    assert get(client, "/api/v1/law/rights", second).status_code == 401


def test_a_token_of_a_deactivated_user_stops_working(client, org_admin, frontline):
    _, token = issue_token(org_admin, frontline, ["law:read"])
    type(frontline).objects.filter(pk=frontline.pk).update(is_active=False)
    assert get(client, "/api/v1/law/rights", token).status_code == 401


def test_calls_beyond_the_rate_are_refused_with_429(client, org_admin, frontline):
    registered, token = issue_token(org_admin, frontline, ["law:read"])
    ApiClient.objects.filter(pk=registered.pk).update(rate_per_minute=2)
    statuses = [get(client, "/api/v1/law/jurisdictions", token).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_every_call_is_audited_as_the_client_acting_for_its_user(client, org_admin, frontline):
    registered, token = issue_token(org_admin, frontline, ["law:read"])
    get(client, "/api/v1/law/jurisdictions", token)
    event = AuditEvent.objects.get(action="api.called")
    assert event.actor == frontline and event.target_id == str(registered.pk)
    assert event.details == {"operation": "GET /api/v1/law/jurisdictions", "scope": "law:read"}


def test_the_acting_user_s_own_capabilities_still_apply(client, org_admin, ngo):
    auditor = make_user(ngo, Role.AUDITOR, username="auditor")
    _, token = issue_token(org_admin, auditor, ["cases:read"])
    assert get(client, "/api/v1/cases", token).status_code == 403


def test_the_firewall_holds_for_a_client_acting_for_an_enforcement_officer(
    client, org_admin, ngo, frontline
):
    """Even with every scope and a support role, the enforcement role strips support data."""
    officer = make_user(ngo, Role.FRONTLINE_WORKER, Role.ENFORCEMENT_OFFICER, username="officer")
    case = do_open_case(first_name="Lan", acting_user=frontline)
    _, token = issue_token(org_admin, officer, ["cases:read", "referrals:read"])
    assert get(client, "/api/v1/cases", token).status_code == 403
    assert get(client, f"/api/v1/cases/{case.pk}", token).status_code == 403
    assert get(client, "/api/v1/referrals", token).status_code == 403


def test_another_organisation_s_case_is_the_same_404_as_a_missing_one(
    client, receiver_admin, receiver, frontline
):
    case = do_open_case(first_name="Lan", acting_user=frontline)
    _, token = issue_token(receiver_admin, receiver, ["cases:read"])
    assert get(client, f"/api/v1/cases/{case.pk}", token).json() == {"detail": "Not found"}
    assert get(client, "/api/v1/cases/999999", token).json() == {"detail": "Not found"}


def test_a_case_reads_as_an_htcds_record(client, org_admin, frontline):
    case = do_open_case(first_name="Lan", nationality="VN", acting_user=frontline)
    _, token = issue_token(org_admin, frontline, ["cases:read"])
    record = get(client, f"/api/v1/cases/{case.pk}", token).json()["record"]
    assert record["prs_FirstName"] == "Lan" and record["prs_Citizenship"] == ["VN"]
    assert record["cas_Status"] == "Active"
    assert AuditEvent.objects.filter(action="case.read", target_id=str(case.pk)).exists()


def test_days_out_of_range_are_refused(org_admin, frontline):
    with pytest.raises(ValidationError, match="expires"):
        do_register_client(
            name="x", acting_user=frontline, scopes=["law:read"], days=0, admin=org_admin
        )


def test_the_case_list_reads_a_page_in_the_same_queries_for_one_case_or_many(
    client, org_admin, frontline
):
    """Each HTCDS record needs the case's context, events and perpetrators: read for the page
    at once, not six queries a case."""
    _, token = issue_token(org_admin, frontline, ["cases:read"])
    do_open_case(first_name="Lan", acting_user=frontline)
    get(client, "/api/v1/cases", token)  # the token's first use records it once
    with CaptureQueriesContext(connection) as one:
        assert get(client, "/api/v1/cases", token).status_code == 200
    for name in ("Mai", "Ion", "Ana", "Chen"):
        do_open_case(first_name=name, acting_user=frontline)
    with CaptureQueriesContext(connection) as five:
        listed = get(client, "/api/v1/cases", token).json()["cases"]
    assert len(listed) == 5
    assert len(five.captured_queries) == len(one.captured_queries)
