"""Support plans (docs/support.md): the person's goals, the services they choose and the
milestones toward inclusion. Reads go through `support.access` (the case gate, audited), writes
through `support.actions`, whose rules hold here too: a service leaves "proposed" only with the
person's consent, and enforcement is never a provider. The firewall closes all of it to
enforcement, as on the pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status

from haven.accounts.models import Organisation
from haven.accounts.roles import Capability
from haven.api.auth import Scoped
from haven.api.routes.common import WRITE_ERRORS, acting, responses
from haven.api.schemas import (
    AchievedIn,
    ConsentIn,
    MilestoneIn,
    MilestoneOut,
    PlanIn,
    ServiceIn,
    ServiceOut,
    ServiceStatusIn,
    SupportPlanOut,
)
from haven.audit.purposes import Purpose
from haven.support import access, actions
from haven.support.models import Milestone, Service, SupportPlan

router = Router(tags=["support"])
READ = Scoped("support:read", Capability.READ_SUPPORT_RECORDS)
WRITE = Scoped("support:write", Capability.CREATE_SUPPORT_RECORDS)
PURPOSE = Purpose.API_CLIENT
NO_PLAN = "This case has no support plan yet: start it first (POST .../support-plan)."


def _service(service: Service) -> dict[str, Any]:
    fields = (
        "kind", "provider_organisation_id", "provider_name", "status", "consent_given_on",
        "start_date", "end_date", "notes", "version",
    )  # fmt: skip
    values = {f: getattr(service, f) for f in fields}
    return {"id": service.pk, "plan_id": service.plan_id, **values}


def _milestone(milestone: Milestone) -> dict[str, Any]:
    fields = ("kind", "target_date", "achieved_on", "notes")
    return {
        "id": milestone.pk,
        "plan_id": milestone.plan_id,
        **{f: getattr(milestone, f) for f in fields},
    }


def _plan(case_id: int, plan: SupportPlan | None) -> dict[str, Any]:
    if plan is None:
        return {"case_id": case_id, "plan": None, "services": [], "milestones": []}
    fields = ("goals", "types", "planned_end_date", "actual_end_date", "version")
    return {
        "case_id": case_id,
        "plan": {"id": plan.pk, **{f: getattr(plan, f) for f in fields}},
        "services": [_service(s) for s in plan.services.all()],
        "milestones": [_milestone(m) for m in plan.milestones.all()],
    }


def _existing_plan(request: HttpRequest, case_id: int) -> SupportPlan:
    case, plan = access.access_plan_for_case(acting(request), case_id, purpose=PURPOSE)
    if plan is None:
        raise ValidationError(NO_PLAN)
    plan.case = case
    return plan


@router.get(
    "/cases/{case_id}/support-plan",
    auth=READ,
    response=responses(200, SupportPlanOut),
    summary="A case's support plan, its services and milestones (`plan` null before it starts)",
)
def read_plan(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case, plan = access.access_plan_for_case(acting(request), case_id, purpose=PURPOSE)
    return _plan(case.pk, plan)


@router.post(
    "/cases/{case_id}/support-plan",
    auth=WRITE,
    response=responses(201, SupportPlanOut, WRITE_ERRORS),
    summary="Start a case's support plan from the person's own goals",
)
def start_plan(request: HttpRequest, case_id: int, payload: PlanIn) -> Status:
    user = acting(request)
    case, _ = access.access_plan_for_case(user, case_id, purpose=PURPOSE)
    plan = actions.do_create_plan(case=case, acting_user=user, **payload.model_dump())
    return Status(201, _plan(case.pk, plan))


def _provider(organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404("No such organisation")
    return organisation


@router.post(
    "/cases/{case_id}/support-plan/services",
    auth=WRITE,
    response=responses(201, ServiceOut, WRITE_ERRORS),
    summary="Propose a service; it stays proposed until the person consents",
)
def add_service(request: HttpRequest, case_id: int, payload: ServiceIn) -> Status:
    plan = _existing_plan(request, case_id)
    fields = payload.model_dump(exclude={"kind", "provider_organisation_id"})
    service = actions.do_add_service(
        plan=plan,
        kind=payload.kind.value,
        provider_organisation=_provider(payload.provider_organisation_id),
        acting_user=acting(request),
        **fields,
    )
    return Status(201, _service(service))


@router.get(
    "/support/services/{service_id}",
    auth=READ,
    response=responses(200, ServiceOut),
    summary="One service of a support plan",
)
def read_service(request: HttpRequest, service_id: int) -> dict[str, Any]:
    return _service(access.access_service_by_id(acting(request), service_id, purpose=PURPOSE))


@router.post(
    "/support/services/{service_id}/status",
    auth=WRITE,
    response=responses(200, ServiceOut, WRITE_ERRORS),
    summary="Change a service's status (refused without the person's consent, except declined)",
)
def set_service_status(
    request: HttpRequest, service_id: int, payload: ServiceStatusIn
) -> dict[str, Any]:
    user = acting(request)
    service = access.access_service_by_id(user, service_id, purpose=PURPOSE)
    done = actions.do_update_service(
        service=service,
        data={"status": payload.status.value},
        expected_version=payload.expected_version,
        acting_user=user,
    )
    return _service(done)


@router.post(
    "/support/services/{service_id}/consent",
    auth=WRITE,
    response=responses(200, ServiceOut, WRITE_ERRORS),
    summary="Record that the person consented to this service, on this date",
)
def record_consent(request: HttpRequest, service_id: int, payload: ConsentIn) -> dict[str, Any]:
    user = acting(request)
    service = access.access_service_by_id(user, service_id, purpose=PURPOSE)
    done = actions.do_record_service_consent(
        service=service, given_on=payload.given_on, acting_user=user
    )
    return _service(done)


@router.post(
    "/cases/{case_id}/support-plan/milestones",
    auth=WRITE,
    response=responses(201, MilestoneOut, WRITE_ERRORS),
    summary="Add a milestone toward long-term inclusion",
)
def add_milestone(request: HttpRequest, case_id: int, payload: MilestoneIn) -> Status:
    plan = _existing_plan(request, case_id)
    milestone = actions.do_add_milestone(
        plan=plan,
        kind=payload.kind.value,
        target_date=payload.target_date,
        notes=payload.notes,
        acting_user=acting(request),
    )
    return Status(201, _milestone(milestone))


@router.get(
    "/support/milestones/{milestone_id}",
    auth=READ,
    response=responses(200, MilestoneOut),
    summary="One milestone of a support plan",
)
def read_milestone(request: HttpRequest, milestone_id: int) -> dict[str, Any]:
    user = acting(request)
    return _milestone(access.access_milestone_by_id(user, milestone_id, purpose=PURPOSE))


@router.post(
    "/support/milestones/{milestone_id}/achieved",
    auth=WRITE,
    response=responses(200, MilestoneOut, WRITE_ERRORS),
    summary="Mark a milestone achieved, once",
)
def achieve_milestone(
    request: HttpRequest, milestone_id: int, payload: AchievedIn
) -> dict[str, Any]:
    user = acting(request)
    milestone = access.access_milestone_by_id(user, milestone_id, purpose=PURPOSE)
    done = actions.do_achieve_milestone(
        milestone=milestone, achieved_on=payload.achieved_on, acting_user=user
    )
    return _milestone(done)
