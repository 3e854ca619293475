"""Reading support plans goes through the case gate: `cases.access` decides who may see a case,
audits the read, and answers "missing" and "forbidden" alike with 404."""

from django.db.models import QuerySet
from django.http import Http404

from haven.accounts.models import User
from haven.audit.purposes import Purpose
from haven.cases.access import access_case_by_id, cases_visible_to, visible_case_condition
from haven.cases.models import Case
from haven.support.models import Milestone, Service, ServiceStatus, SupportPlan


def plans_visible_to(user: User) -> QuerySet[SupportPlan]:
    return SupportPlan.objects.filter(case__in=cases_visible_to(user))


def access_plan_for_case(
    user: User, case_id: int, *, purpose: Purpose | str = Purpose.NONE
) -> tuple[Case, SupportPlan | None]:
    """The case (its read audited) and its plan, if one was made yet."""
    case = access_case_by_id(user, case_id, purpose=purpose)
    return case, SupportPlan.objects.filter(case=case).first()


def access_service_by_id(
    user: User, service_id: int, *, purpose: Purpose | str = Purpose.NONE
) -> Service:
    service = (
        Service.objects.filter(plan__in=plans_visible_to(user))
        .select_related("plan", "provider_organisation")
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404("No such service")
    service.plan.case = access_case_by_id(user, service.plan.case_id, purpose=purpose)
    return service


def access_milestone_by_id(
    user: User, milestone_id: int, *, purpose: Purpose | str = Purpose.NONE
) -> Milestone:
    milestone = (
        Milestone.objects.filter(plan__in=plans_visible_to(user))
        .select_related("plan")
        .filter(pk=milestone_id)
        .first()
    )
    if milestone is None:
        raise Http404("No such milestone")
    milestone.plan.case = access_case_by_id(user, milestone.plan.case_id, purpose=purpose)
    return milestone


def services_awaiting_consent(user: User) -> QuerySet[Service]:
    """Proposed services of the cases the user may read, the person's consent not yet recorded
    (the home page's queue, haven.inbox); nothing for anyone who may not read those cases."""
    condition = visible_case_condition(user, "plan__case__", organisation_checked=True)
    if condition is None:
        return Service.objects.none()
    return Service.objects.filter(
        condition,
        organisation=user.organisation,  # the service's own copy: found by its index
        status=ServiceStatus.PROPOSED,
        consent_given_on__isnull=True,
    ).select_related("plan__case")
