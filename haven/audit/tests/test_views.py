import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import Organisation
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.audit.tests.conftest import write_events

pytestmark = [pytest.mark.django_db, pytest.mark.urls("haven.audit.tests.urls")]


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs `collectstatic`, which a test run does not do.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def events_url() -> str:
    return reverse("audit:events")


def event_url(seq: int) -> str:
    return reverse("audit:event", args=[seq])


@pytest.fixture
def auditor(make_user, org_a):
    return make_user("auditor", Role.AUDITOR, org_a)


@pytest.fixture
def system_auditor(make_user):
    return make_user("system_auditor", Role.AUDITOR, None)


@pytest.mark.parametrize("role", list(Role))
def test_only_auditors_may_list_events(client, make_user, org_a, role):
    client.force_login(make_user(f"user_{role}", role, org_a))
    expected = 200 if role == Role.AUDITOR else 403
    assert client.get(events_url()).status_code == expected


def test_an_auditor_in_an_enforcement_organisation_is_refused_events(client, make_user):
    # Issue 16 F3: the firewall now covers the audit trail.
    police = Organisation.objects.create(name="Police", org_type="LawEnforcement", country="GB")
    client.force_login(make_user("police_auditor", Role.AUDITOR, police))
    assert client.get(events_url()).status_code == 403


def test_a_user_without_roles_is_forbidden(client, make_user, org_a):
    client.force_login(make_user("nobody", None, org_a))
    assert client.get(events_url()).status_code == 403
    assert client.get(event_url(1)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(events_url()).status_code == 302
    assert client.get(event_url(1)).status_code == 302


def test_an_auditor_sees_only_their_organisations_events(client, auditor, make_user, org_b):
    write_events(make_user("a_worker", Role.CASE_MANAGER, auditor.organisation), 2)
    write_events(make_user("b_worker", Role.CASE_MANAGER, org_b), 1, action="case.opened")
    client.force_login(auditor)
    page = client.get(events_url()).context["page"]
    assert [e.seq for e in page.object_list] == [2, 1]
    assert "organisation" not in client.get(events_url()).context["form"].fields


def test_a_system_wide_auditor_sees_every_event(client, system_auditor, worker, org_b, make_user):
    write_events(worker, 2)
    write_events(make_user("b_worker", Role.CASE_MANAGER, org_b), 1)
    client.force_login(system_auditor)
    page = client.get(events_url()).context["page"]
    assert [e.seq for e in page.object_list] == [3, 2, 1]
    filtered = client.get(events_url(), {"organisation": org_b.pk}).context["page"]
    assert [e.seq for e in filtered.object_list] == [3]


def test_another_organisations_event_is_not_found(client, auditor, make_user, org_b):
    write_events(make_user("b_worker", Role.CASE_MANAGER, org_b), 1)
    client.force_login(auditor)
    assert client.get(event_url(1)).status_code == 404
    assert client.get(event_url(999)).status_code == 404
    assert not AuditEvent.objects.filter(action="audit.browsed").exists()


def test_reading_an_event_is_itself_recorded(client, auditor, worker):
    write_events(worker, 1)
    client.force_login(auditor)
    response = client.get(event_url(1))
    assert response.status_code == 200
    assert response.context["event"].seq == 1
    browsed = AuditEvent.objects.get(action="audit.browsed")
    assert (browsed.actor, browsed.target_type, browsed.target_id) == (
        auditor,
        "audit.auditevent",
        "1",
    )


def test_listing_is_not_recorded(client, auditor, worker):
    write_events(worker, 1)
    client.force_login(auditor)
    client.get(events_url())
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "WORKER"}, [3, 2, 1]),
        ({"actor": "nobody"}, []),
        ({"action": "case."}, [3, 2, 1]),
        ({"action": "case.opened"}, [3]),
        ({"target_type": "cases.case", "target_id": "2"}, [2]),
        ({"date_from": "2000-01-01"}, [3, 2, 1]),
        ({"date_to": "2000-01-01"}, []),
    ],
)
def test_the_list_filters(client, system_auditor, worker, query, expected):
    write_events(worker, 2)
    write_events(worker, 1, action="case.opened")
    client.force_login(system_auditor)
    page = client.get(events_url(), query).context["page"]
    assert [e.seq for e in page.object_list] == expected


def test_todays_events_are_within_todays_dates(client, system_auditor, worker):
    write_events(worker, 1)
    client.force_login(system_auditor)
    today = timezone.now().date().isoformat()
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    page = client.get(events_url(), {"date_from": today, "date_to": today}).context["page"]
    assert len(page.object_list) == 1
    page = client.get(events_url(), {"date_from": tomorrow}).context["page"]
    assert len(page.object_list) == 0


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "yesterday"},
        {"date_to": "2024-13-40"},
        {"date_from": "2024-02-02", "date_to": "2024-01-01"},
    ],
)
def test_bad_filters_are_form_errors(client, system_auditor, query):
    client.force_login(system_auditor)
    response = client.get(events_url(), query)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_list_is_paged_newest_first(client, system_auditor, worker):
    write_events(worker, 51)
    client.force_login(system_auditor)
    first = client.get(events_url(), {"action": "case"}).context["page"]
    assert (len(first.object_list), first.object_list[0].seq) == (50, 51)
    second = client.get(events_url(), {"action": "case", "page": 2})
    assert [e.seq for e in second.context["page"].object_list] == [1]
    assert b"action=case" in second.content


def test_the_pages_are_plain_accessible_html(client, system_auditor, worker):
    write_events(worker, 1)
    client.force_login(system_auditor)
    listing = client.get(events_url()).content.decode()
    detail = client.get(event_url(1)).content.decode()
    for html in (listing, detail):
        assert "<caption>" in html and 'scope="' in html
        # Shipped scripts (the idle-timeout warning on every page) are fine; inline ones not.
        assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "style=" not in html
    assert '<label for="id_actor">' in listing
