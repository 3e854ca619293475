import pytest
from django.http import Http404

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.support import access, actions
from haven.support.models import Service, SupportPlan
from haven.testing.fixtures import make_user

from .conftest import DAY

GOALS = "I want to finish my nursing course and live near my sister."


def plan_form(**changes):
    form = {"goals": "Work as a cook.", "types": ["Livelihood"], "version": "1"}
    form.update(changes)
    return form


def test_the_case_page_links_to_a_new_plan(client, frontline, case):
    client.force_login(frontline)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "No support plan yet." in page and f"/support/case/{case.pk}/" in page


def test_the_case_page_summarises_the_plan(client, frontline, case, service):
    client.force_login(frontline)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "nursing course" in page and "Accommodation (proposed)" in page


def test_a_plan_is_started_from_the_person_s_own_words(client, frontline, case):
    client.force_login(frontline)
    editor = client.get(f"/support/case/{case.pk}/").content.decode()
    assert 'type="hidden" name="version" value="0"' in editor and ">Version" not in editor
    response = client.post(
        f"/support/case/{case.pk}/",
        plan_form(goals=GOALS, types=["Education", "Health"], version="0"),
    )
    assert response.status_code == 302
    plan = SupportPlan.objects.get()
    assert (plan.goals, plan.types) == (GOALS, ["Education", "Health"])
    page = client.get(f"/support/case/{case.pk}/").content.decode()
    assert "nursing course" in page and "Propose a service" in page


def test_opening_the_plan_is_an_audited_read_of_the_case(client, frontline, plan, case):
    client.force_login(frontline)
    client.get(f"/support/case/{case.pk}/")
    assert AuditEvent.objects.filter(
        action="case.read", target_id=str(case.pk), purpose="support_plan"
    ).exists()


def test_a_stale_plan_save_on_the_page_shows_the_conflict_and_keeps_the_other_edit(
    client, frontline, case_manager, plan, case
):
    actions.do_update_plan(
        plan=plan,
        data={"goals": "Find safe housing."},
        expected_version=1,
        acting_user=case_manager,
    )
    client.force_login(frontline)
    response = client.post(f"/support/case/{case.pk}/", plan_form(version="1"))
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert SupportPlan.objects.get().goals == "Find safe housing."


def test_starting_a_plan_someone_else_already_started_is_a_conflict(client, frontline, plan, case):
    client.force_login(frontline)
    response = client.post(f"/support/case/{case.pk}/", plan_form(version="0"))
    assert "Someone else saved this record" in response.content.decode()
    assert SupportPlan.objects.get().goals == GOALS


def test_a_service_is_proposed_then_refused_to_go_ahead_without_consent(
    client, frontline, plan, case
):
    client.force_login(frontline)
    client.post(f"/support/case/{case.pk}/services/add/", {"kind": "medical"})
    service = Service.objects.get()
    edit = {"status": "agreed", "version": "1"}
    response = client.post(f"/support/service/{service.pk}/", edit)
    assert "has not consented to this service yet" in response.content.decode()
    assert Service.objects.get().status == "proposed"

    client.post(f"/support/service/{service.pk}/consent/", {"given_on": DAY.isoformat()})
    response = client.post(f"/support/service/{service.pk}/", edit)
    assert response.status_code == 302
    assert Service.objects.get().status == "agreed"


def test_declining_on_the_page_leaves_the_other_services(client, frontline, plan, case, service):
    other = actions.do_add_service(plan=plan, kind="interpretation", acting_user=frontline)
    client.force_login(frontline)
    client.post(f"/support/service/{service.pk}/", {"status": "declined_by_person", "version": "1"})
    assert Service.objects.get(pk=service.pk).status == "declined_by_person"
    assert Service.objects.get(pk=other.pk).status == "proposed"
    page = client.get(f"/support/case/{case.pk}/").content.decode()
    assert "Accommodation: Declined by the person" in page and "Interpretation: Proposed" in page


def test_a_milestone_is_added_and_achieved_on_the_page(client, frontline, plan, case):
    client.force_login(frontline)
    client.post(f"/support/case/{case.pk}/milestones/add/", {"kind": "safe_housing"})
    milestone = plan.milestones.get()
    client.post(f"/support/milestone/{milestone.pk}/achieve/", {"achieved_on": DAY.isoformat()})
    page = client.get(f"/support/case/{case.pk}/").content.decode()
    assert "Safe housing: achieved on Feb. 1, 2026" in page


def test_services_cannot_be_added_before_the_plan_exists(client, frontline, case):
    client.force_login(frontline)
    assert client.get(f"/support/case/{case.pk}/services/add/").status_code == 404


def _urls(plan, service):
    case = plan.case
    milestone = actions.do_add_milestone(plan=plan, kind="other", acting_user=plan.created_by)
    return [
        ("get", f"/support/case/{case.pk}/"),
        ("post", f"/support/case/{case.pk}/"),
        ("get", f"/support/case/{case.pk}/services/add/"),
        ("get", f"/support/case/{case.pk}/milestones/add/"),
        ("get", f"/support/service/{service.pk}/"),
        ("post", f"/support/service/{service.pk}/consent/"),
        ("post", f"/support/milestone/{milestone.pk}/achieve/"),
    ]


@pytest.mark.parametrize("where", ["other_ngo", "police", "immigration"])
@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.SUPERVISOR])
def test_other_organisations_and_enforcement_get_404_from_the_access_layer(
    request, plan, service, where, role
):
    outsider = make_user(request.getfixturevalue(where), role)
    with pytest.raises(Http404):
        access.access_plan_for_case(outsider, plan.case_id)
    with pytest.raises(Http404):
        access.access_service_by_id(outsider, service.pk)


@pytest.mark.parametrize("where", ["other_ngo", "police", "immigration"])
def test_other_organisations_and_enforcement_reach_none_of_the_plan_pages(
    request, client, plan, service, where
):
    roles = [r for r in Role if r != Role.ENFORCEMENT_OFFICER]  # every role that could read
    outsider = make_user(request.getfixturevalue(where), *roles)
    # Enforcement lose every support capability, so the permission gate answers first (403,
    # whether the record exists or not); everyone else meets the 404 of the access layer.
    expected = 404 if where == "other_ngo" else 403
    client.force_login(outsider)
    for method, url in _urls(plan, service):
        response = getattr(client, method)(url)
        assert response.status_code == expected, url
        assert "nursing" not in response.content.decode()
    assert Service.objects.get(pk=service.pk).consent_given_on is None


def test_a_colleague_not_on_the_case_gets_404(client, ngo, plan, case):
    client.force_login(make_user(ngo, Role.FRONTLINE_WORKER))
    assert client.get(f"/support/case/{case.pk}/").status_code == 404
