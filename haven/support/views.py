"""The support plan editor: the person's goals, the services they choose, milestones toward
long-term inclusion. Reads go through `haven.cases.access` (audited); writes through actions."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.models import Organisation, User
from haven.accounts.roles import ENFORCEMENT_ORG_TYPES, Capability
from haven.audit.purposes import Purpose
from haven.core.permissions import requires
from haven.core.request import signed_in_user
from haven.support import access, actions
from haven.support.forms import (
    AchieveForm,
    MilestoneForm,
    PlanForm,
    ServiceConsentForm,
    ServiceForm,
    ServiceUpdateForm,
)
from haven.support.models import SupportPlan

PURPOSE = Purpose.SUPPORT_PLAN


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


def _providers() -> Any:
    # Enforcement never provides support: support records stay behind the firewall.
    return Organisation.objects.exclude(org_type__in=ENFORCEMENT_ORG_TYPES)


def _plan_initial(plan: SupportPlan | None) -> dict[str, Any]:
    if plan is None:
        return {"version": 0}
    return {
        "goals": plan.goals,
        "types": plan.types,
        "planned_end_date": plan.planned_end_date,
        "actual_end_date": plan.actual_end_date,
        "version": plan.version,
    }


@requires(Capability.READ_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case, current = access.access_plan_for_case(user, case_id, purpose=PURPOSE)
    form = PlanForm(request.POST or None, initial=_plan_initial(current))
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data["version"]
        try:
            if current is None or expected == 0:
                actions.do_create_plan(case=case, acting_user=user, **form.changes())
            else:
                actions.do_update_plan(
                    plan=current, data=form.changes(), expected_version=expected, acting_user=user
                )
            messages.success(request, _("The support plan is saved."))
            return redirect("support:plan", case_id=case.pk)
        except ValidationError as error:
            form.add_error(None, error)
    context = {
        "case": case,
        "plan": current,
        "form": form,
        "services": list(current.services.select_related("provider_organisation"))
        if current
        else [],
        "milestones": list(current.milestones.all()) if current else [],
        "consent_form": ServiceConsentForm(),
        "achieve_form": AchieveForm(),
    }
    return render(request, "support/plan.html", context)


def _existing_plan(user: User, case_id: int) -> SupportPlan:
    case, current = access.access_plan_for_case(user, case_id, purpose=PURPOSE)
    if current is None:
        raise Http404("This case has no support plan yet")
    current.case = case
    return current


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    current = _existing_plan(user, case_id)
    form = ServiceForm(request.POST or None, providers=_providers())
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_service(plan=current, acting_user=user, **form.cleaned_data)
            messages.success(
                request, _("The service is proposed. Ask the person whether they want it.")
            )
            return redirect("support:plan", case_id=case_id)
        except ValidationError as error:
            form.add_error(None, error)
    context = {"case": current.case, "form": form}
    return render(request, "support/service_add.html", context)


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    user = _user(request)
    service = access.access_service_by_id(user, service_id, purpose=PURPOSE)
    initial = {
        "status": service.status,
        "provider_organisation": service.provider_organisation,
        "provider_name": service.provider_name,
        "start_date": service.start_date,
        "end_date": service.end_date,
        "notes": service.notes,
        "version": service.version,
    }
    form = ServiceUpdateForm(request.POST or None, initial=initial, providers=_providers())
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_service(
                service=service,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
                acting_user=user,
            )
            messages.success(request, _("The service is saved."))
            return redirect("support:plan", case_id=service.plan.case_id)
        except ValidationError as error:
            form.add_error(None, error)
    context = {"case": service.plan.case, "service": service, "form": form}
    return render(request, "support/service_edit.html", context)


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_POST
def service_consent(request: HttpRequest, service_id: int) -> HttpResponse:
    user = _user(request)
    service = access.access_service_by_id(user, service_id, purpose=PURPOSE)
    form = ServiceConsentForm(request.POST)
    if form.is_valid():
        try:
            actions.do_record_service_consent(
                service=service, given_on=form.cleaned_data["given_on"], acting_user=user
            )
            done = _("Consent to %(service)s recorded.")
            messages.success(request, done % {"service": service.get_kind_display()})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give the date the person consented."))
    return redirect("support:plan", case_id=service.plan.case_id)


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    current = _existing_plan(user, case_id)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_milestone(plan=current, acting_user=user, **form.cleaned_data)
            messages.success(request, _("The milestone is added."))
            return redirect("support:plan", case_id=case_id)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "support/milestone_add.html", {"case": current.case, "form": form})


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_POST
def milestone_achieve(request: HttpRequest, milestone_id: int) -> HttpResponse:
    user = _user(request)
    milestone = access.access_milestone_by_id(user, milestone_id, purpose=PURPOSE)
    form = AchieveForm(request.POST)
    if form.is_valid():
        try:
            actions.do_achieve_milestone(
                milestone=milestone, achieved_on=form.cleaned_data["achieved_on"], acting_user=user
            )
            done = _("%(milestone)s: achieved.")
            messages.success(request, done % {"milestone": milestone.get_kind_display()})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give the date the milestone was achieved."))
    return redirect("support:plan", case_id=milestone.plan.case_id)
