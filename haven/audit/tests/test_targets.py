"""Audit targets read as "Case C-000012" or "Referral R-000003", never as a bare id and never
with a name, and link to the target only where the viewer may open it."""

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from haven.accounts.roles import Role
from haven.audit.log import record
from haven.audit.models import AuditEvent
from haven.audit.targets import describe, label_for
from haven.cases.actions import do_open_case
from haven.testing.fixtures import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def case(frontline):
    return do_open_case(first_name="Lan", second_name="Tran", acting_user=frontline)


@pytest.fixture
def auditor(ngo):
    return make_user(ngo, Role.AUDITOR, username="auditor")


def opened(case):
    return AuditEvent.objects.get(action="case.opened", target_id=str(case.pk))


def test_an_auditor_reads_the_case_reference_without_a_link_or_the_person_s_name(
    client, auditor, case
):
    client.force_login(auditor)
    page = client.get("/audit/").content.decode()
    assert f"<td>Case {case.reference}</td>" in page
    assert f'href="/cases/{case.pk}/"' not in page
    assert "Lan" not in page and "Tran" not in page
    detail = client.get(f"/audit/{opened(case).seq}/").content.decode()
    assert f"Case {case.reference}" in detail and "Lan" not in detail


def test_an_auditor_who_may_also_read_the_case_gets_a_link_to_it(client, ngo, case):
    both = make_user(ngo, Role.AUDITOR, Role.CASE_MANAGER, username="auditing-manager")
    client.force_login(both)
    page = client.get("/audit/").content.decode()
    assert f'<a href="/cases/{case.pk}/">Case {case.reference}</a>' in page


def test_a_system_wide_auditor_sees_labels_but_opens_no_case(client, case):
    client.force_login(make_user(None, Role.AUDITOR, username="system-auditor"))
    page = client.get("/audit/").content.decode()
    assert f"Case {case.reference}" in page and f'href="/cases/{case.pk}/"' not in page


def test_an_audit_event_about_another_event_links_to_it(client, auditor, case):
    client.force_login(auditor)
    seq = opened(case).seq
    client.get(f"/audit/{seq}/")  # recorded as audit.browsed, targeting event `seq`
    page = client.get("/audit/").content.decode()
    assert f'<a href="/audit/{seq}/">Audit event {seq}</a>' in page


def test_an_enforcement_officer_sees_no_audit_page(client, police):
    client.force_login(make_user(police, Role.AUDITOR, Role.ENFORCEMENT_OFFICER))
    assert client.get("/audit/").status_code == 403


def test_a_referral_and_other_kinds_get_readable_labels():
    assert label_for("referrals.referral", "3") == "Referral R-000003"
    assert label_for("screening.screening", "4") == "Screening #4"
    assert label_for("screening.decision", "9") == "Decision #9"
    assert label_for("nowhere.thing", "7") == "nowhere.thing #7"
    assert label_for("", "") == "—"


def test_links_are_batched_one_query_per_kind(django_assert_max_num_queries, ngo, frontline):
    cases = [do_open_case(first_name=f"P{i}", acting_user=frontline) for i in range(5)]
    both = make_user(ngo, Role.AUDITOR, Role.CASE_MANAGER)
    events = list(AuditEvent.objects.filter(action="case.opened"))
    with django_assert_max_num_queries(3):
        targets = describe(both, events)
    assert {t.url for t in targets.values()} == {f"/cases/{c.pk}/" for c in cases}


def test_a_link_to_a_case_of_another_organisation_is_never_made(other_ngo, case):
    outsider = make_user(other_ngo, Role.AUDITOR, Role.CASE_MANAGER)
    with transaction.atomic():
        event = record(actor=outsider, action="case.read", target=case)
    assert describe(outsider, [event])[event.seq].url is None


@given(kind=st.text(max_size=40), target_id=st.text(max_size=20))
def test_a_label_is_made_of_the_kind_and_id_alone_and_never_fails(kind, target_id):
    label = label_for(kind, target_id)
    assert label
    if kind:
        assert target_id in label or target_id.isdigit() or not target_id
