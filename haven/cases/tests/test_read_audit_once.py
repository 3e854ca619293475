"""One save, one audit event (issue 11): the POST is recorded by its write, and the page shown
right after it is not logged again as a read; a failed save is one read; a later visit reads."""

import pytest

from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case


@pytest.fixture
def case(frontline):
    return do_open_case(first_name="Mira", second_name="Novak", acting_user=frontline)


@pytest.fixture
def signed_in(client, frontline):
    client.force_login(frontline)
    return client


def events_of(client, method, url, data=None):
    before = AuditEvent.objects.count()
    getattr(client, method)(url, data or {}, follow=True)
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))[before:]


def test_adding_a_note_logs_the_write_and_nothing_else(signed_in, case):
    url = f"/cases/{case.pk}/"
    assert events_of(signed_in, "post", url, {"text": "seen today"}) == ["case.note_added"]


def test_saving_the_case_logs_one_update(signed_in, case, frontline):
    data = {"status": "FollowUp", "assigned_to": frontline.pk, "closure_reason": "", "version": 1}
    assert events_of(signed_in, "post", f"/cases/{case.pk}/edit/", data) == ["case.updated"]


def test_saving_the_htcds_context_and_recording_a_consent_log_one_write_each(signed_in, case):
    saved = events_of(signed_in, "post", f"/cases/{case.pk}/context/", {"form": "victim"})
    consent = {"purpose": "services", "given_on": "2026-01-01"}
    given = events_of(signed_in, "post", f"/cases/{case.pk}/consents/", consent)
    assert (saved, given) == (["case.victim_context_saved"], ["consent.given"])


def test_a_refused_save_is_logged_as_the_one_read_it_shows(signed_in, case):
    assert events_of(signed_in, "post", f"/cases/{case.pk}/", {"text": ""}) == ["case.read"]


def test_the_next_visit_after_a_save_is_a_read_again(signed_in, case):
    events_of(signed_in, "post", f"/cases/{case.pk}/", {"text": "seen today"})
    assert events_of(signed_in, "get", f"/cases/{case.pk}/") == ["case.read"]


def test_another_organisation_s_worker_cannot_save_and_leaves_no_event(
    client, case, other_ngo, user_factory
):
    from haven.accounts.roles import Role

    client.force_login(user_factory(other_ngo, Role.FRONTLINE_WORKER))
    before = AuditEvent.objects.count()
    response = client.post(f"/cases/{case.pk}/", {"text": "not mine"})
    assert response.status_code == 404 and AuditEvent.objects.count() == before
