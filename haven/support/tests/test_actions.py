import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.core.versioning import EditConflict
from haven.support import actions
from haven.support.models import Milestone, Service, ServiceStatus, SupportPlan
from haven.testing.fixtures import make_user

from .conftest import DAY


def test_the_plan_keeps_the_person_s_goals_encrypted_and_audits_without_them(plan):
    with connection.cursor() as cursor:
        cursor.execute("SELECT goals FROM support_supportplan WHERE id = %s", [plan.pk])
        stored = cursor.fetchone()[0]
    assert "nursing" not in stored and stored.startswith("v1:")
    assert SupportPlan.objects.get().goals.startswith("I want to finish")
    event = AuditEvent.objects.get(action="support.plan_created")
    assert "nursing" not in str(event.details)
    assert event.details == {"plan_id": plan.pk, "types": ["Education", "Health"]}


def test_a_plan_type_outside_htcds_spl_type_is_refused(case, frontline):
    with pytest.raises(ValidationError, match="Not HTCDS spl_Type values: Shelter"):
        actions.do_create_plan(case=case, goals="Safety", types=["Shelter"], acting_user=frontline)
    assert not SupportPlan.objects.exists()


def test_a_stale_plan_save_is_refused_and_nothing_is_overwritten(plan, frontline, case_manager):
    opened_at = plan.version
    actions.do_update_plan(
        plan=SupportPlan.objects.get(),
        data={"goals": "Find work as a cook."},
        expected_version=opened_at,
        acting_user=case_manager,
    )
    with pytest.raises(EditConflict, match="Someone else saved this record"):
        actions.do_update_plan(
            plan=plan,
            data={"goals": "Go home."},
            expected_version=opened_at,
            acting_user=frontline,
        )
    assert SupportPlan.objects.get().goals == "Find work as a cook."
    assert AuditEvent.objects.filter(action="support.plan_updated").count() == 1


def test_a_second_plan_for_the_same_case_is_an_edit_conflict(plan, case, case_manager):
    with pytest.raises(EditConflict):
        actions.do_create_plan(case=case, goals="Another plan", acting_user=case_manager)
    assert SupportPlan.objects.count() == 1


def test_a_new_service_is_only_proposed(service):
    assert service.status == ServiceStatus.PROPOSED and not service.consented


@pytest.mark.parametrize("status", ["agreed", "in_progress", "completed", "ended"])
def test_a_service_without_the_person_s_consent_cannot_leave_proposed(service, frontline, status):
    with pytest.raises(ValidationError, match="has not consented to this service"):
        actions.do_update_service(
            service=service, data={"status": status}, expected_version=1, acting_user=frontline
        )
    assert Service.objects.get().status == ServiceStatus.PROPOSED


def test_with_consent_recorded_the_service_goes_ahead(service, frontline):
    actions.do_record_service_consent(service=service, given_on=DAY, acting_user=frontline)
    actions.do_update_service(
        service=service, data={"status": "agreed"}, expected_version=1, acting_user=frontline
    )
    service = Service.objects.get()
    assert (service.status, service.consent_given_on, service.consent_recorded_by) == (
        "agreed",
        DAY,
        frontline,
    )
    assert AuditEvent.objects.filter(action="support.service_consent_recorded").exists()


def test_consent_is_recorded_once(service, frontline):
    actions.do_record_service_consent(service=service, given_on=DAY, acting_user=frontline)
    with pytest.raises(ValidationError, match="already on record"):
        actions.do_record_service_consent(service=service, given_on=DAY, acting_user=frontline)


def test_the_person_may_decline_a_service_without_consenting_and_other_services_stay(
    plan, service, frontline
):
    medical = actions.do_add_service(plan=plan, kind="medical", acting_user=frontline)
    actions.do_record_service_consent(service=medical, given_on=DAY, acting_user=frontline)
    actions.do_update_service(
        service=medical, data={"status": "in_progress"}, expected_version=1, acting_user=frontline
    )
    actions.do_update_service(
        service=service,
        data={"status": "declined_by_person"},
        expected_version=1,
        acting_user=frontline,
    )
    statuses = dict(Service.objects.values_list("kind", "status"))
    assert statuses == {"accommodation": "declined_by_person", "medical": "in_progress"}
    event = AuditEvent.objects.filter(action="support.service_updated").order_by("pk").last()
    assert event.details["status"] == "declined_by_person"


def test_a_stale_service_save_is_refused(service, frontline, case_manager):
    actions.do_update_service(
        service=service,
        data={"provider_name": "Shelter A"},
        expected_version=1,
        acting_user=case_manager,
    )
    with pytest.raises(EditConflict):
        actions.do_update_service(
            service=service,
            data={"provider_name": "Shelter B"},
            expected_version=1,
            acting_user=frontline,
        )
    assert Service.objects.get().provider_name == "Shelter A"


def test_enforcement_is_never_a_service_provider(plan, frontline, police):
    with pytest.raises(ValidationError, match="not service providers"):
        actions.do_add_service(
            plan=plan, kind="legal_counselling", provider_organisation=police, acting_user=frontline
        )


def test_a_milestone_is_added_and_achieved_once(plan, frontline):
    milestone = actions.do_add_milestone(
        plan=plan, kind="residence_status_granted", target_date=DAY, acting_user=frontline
    )
    actions.do_achieve_milestone(milestone=milestone, achieved_on=DAY, acting_user=frontline)
    assert Milestone.objects.get().achieved_on == DAY
    with pytest.raises(ValidationError, match="already marked achieved"):
        actions.do_achieve_milestone(milestone=milestone, achieved_on=DAY, acting_user=frontline)
    assert AuditEvent.objects.filter(action="support.milestone_achieved").count() == 1


@pytest.mark.parametrize("where", ["police", "immigration", "other_ngo"])
def test_writers_outside_the_case_s_organisation_are_refused(request, plan, case, where):
    outsider = make_user(request.getfixturevalue(where), Role.CASE_MANAGER)
    with pytest.raises(PermissionDenied):
        actions.do_add_service(plan=plan, kind="medical", acting_user=outsider)
    with pytest.raises(PermissionDenied):
        actions.do_update_plan(
            plan=plan, data={"goals": "x"}, expected_version=1, acting_user=outsider
        )


def test_a_worker_not_on_the_case_cannot_write_to_it(plan, ngo):
    colleague = make_user(ngo, Role.FRONTLINE_WORKER)
    with pytest.raises(PermissionDenied):
        actions.do_add_milestone(plan=plan, kind="safe_housing", acting_user=colleague)
