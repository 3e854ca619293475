"""The only writers of support plans, services and milestones; each with its audit event, in
one transaction. Audit details carry ids, codes and field names, never the person's words.

Two rules hold here, whatever the page asks:
- a service leaves "proposed" (except to be declined) only with the person's consent to it;
- nothing depends on cooperating with the authorities, and declining one service changes no
  other (DOMAIN.md §3; 000 L86-88).
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability
from haven.audit.action import action
from haven.audit.log import record
from haven.cases.access import cases_visible_to
from haven.cases.models import Case
from haven.core.versioning import CONFLICT, EditConflict, update_audited
from haven.support.models import (
    NEEDS_CONSENT,
    Milestone,
    Service,
    ServiceStatus,
    SupportPlan,
    types_problem,
)

PLAN_FIELDS = frozenset({"goals", "types", "planned_end_date", "actual_end_date"})
SERVICE_FIELDS = frozenset(
    {"status", "provider_organisation", "provider_name", "start_date", "end_date", "notes"}
)
NO_CONSENT = _(
    "The person has not consented to this service yet. Record their consent first; until then "
    "the service can only stay proposed or be declined."
)


def _require_writer(acting_user: User, case: Case) -> None:
    """The acting user holds CREATE_SUPPORT_RECORDS and may see the case."""
    if not acting_user.can(Capability.CREATE_SUPPORT_RECORDS) or acting_user.organisation is None:
        raise PermissionDenied(
            gettext("Your roles do not allow %(capability)s.")
            % {"capability": Capability.CREATE_SUPPORT_RECORDS.value}
        )
    if not cases_visible_to(acting_user).filter(pk=case.pk).exists():
        raise PermissionDenied(gettext("This case is not yours to write to."))


def _check_plan(data: dict[str, Any]) -> None:
    unknown = set(data) - PLAN_FIELDS
    if unknown:
        raise ValidationError(
            _("These plan fields cannot be changed: %(fields)s"),
            params={"fields": ", ".join(sorted(unknown))},
        )
    problem = types_problem(data.get("types", []))
    if problem:
        raise ValidationError({"types": problem})
    if "goals" in data and not str(data["goals"]).strip():
        raise ValidationError({"goals": _("Write down the person's own goals, in their words.")})


def _check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationError(_("A service cannot end before it starts."))


@action()
def do_create_plan(
    *,
    case: Case,
    goals: str,
    acting_user: User,
    types: list[str] | None = None,
    planned_end_date: datetime.date | None = None,
    actual_end_date: datetime.date | None = None,
) -> SupportPlan:
    """Start the case's plan from the person's own goals. A second plan for the same case is
    refused as an edit conflict: someone else started it first."""
    _require_writer(acting_user, case)
    data = {
        "goals": goals,
        "types": list(types or []),
        "planned_end_date": planned_end_date,
        "actual_end_date": actual_end_date,
    }
    _check_plan(data)
    if SupportPlan.objects.filter(case=case).exists():
        raise EditConflict(CONFLICT)
    try:
        with transaction.atomic():
            plan = SupportPlan.objects.create(case=case, created_by=acting_user, **data)
            record(
                actor=acting_user,
                action="support.plan_created",
                target=case,
                details={"plan_id": plan.pk, "types": plan.types},
            )
    except IntegrityError:  # someone started it between the check and the insert
        raise EditConflict(CONFLICT) from None
    return plan


@action()
def do_update_plan(
    *, plan: SupportPlan, data: dict[str, Any], expected_version: int, acting_user: User
) -> SupportPlan:
    """Change the plan; refused, with nothing overwritten, if someone saved since it was opened."""
    _require_writer(acting_user, plan.case)
    _check_plan(data)
    return update_audited(
        plan,
        data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="support.plan_updated",
        target=plan.case,
        describe=lambda p: {"plan_id": p.pk},
    )


def _check_provider(organisation: Organisation | None) -> None:
    if organisation is not None and organisation.is_enforcement:
        raise ValidationError(
            _(
                "Police and immigration enforcement are not service providers: support records "
                "stay behind the firewall."
            )
        )


def _check_status(status: str, consented: bool) -> None:
    if status not in ServiceStatus.values:
        raise ValidationError(
            _("%(status)s is not a service status."), params={"status": repr(status)}
        )
    if status in NEEDS_CONSENT and not consented:
        raise ValidationError(NO_CONSENT)


@action()
def do_add_service(
    *,
    plan: SupportPlan,
    kind: str,
    acting_user: User,
    provider_organisation: Organisation | None = None,
    provider_name: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    notes: str = "",
) -> Service:
    """Propose a service. It starts as "proposed": the person decides whether to take it."""
    _require_writer(acting_user, plan.case)
    _check_provider(provider_organisation)
    _check_dates(start_date, end_date)
    service = Service(
        plan=plan,
        organisation_id=plan.case.organisation_id,
        kind=kind,
        provider_organisation=provider_organisation,
        provider_name=provider_name,
        start_date=start_date,
        end_date=end_date,
        notes=notes,
    )
    service.full_clean()
    with transaction.atomic():
        service.save()
        record(
            actor=acting_user,
            action="support.service_added",
            target=plan.case,
            details={"plan_id": plan.pk, "service_id": service.pk, "kind": kind},
        )
    return service


@action()
def do_update_service(
    *, service: Service, data: dict[str, Any], expected_version: int, acting_user: User
) -> Service:
    """Change a service's status, provider, dates or notes. Only this service changes: declining
    it leaves every other service of the plan as it was."""
    case = service.plan.case
    _require_writer(acting_user, case)
    unknown = set(data) - SERVICE_FIELDS
    if unknown:
        raise ValidationError(
            _("These service fields cannot be changed: %(fields)s"),
            params={"fields": ", ".join(sorted(unknown))},
        )
    _check_status(data.get("status", service.status), service.consented)
    _check_provider(data.get("provider_organisation"))
    _check_dates(data.get("start_date", service.start_date), data.get("end_date", service.end_date))
    return update_audited(
        service,
        data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="support.service_updated",
        target=case,
        describe=lambda s: {"service_id": s.pk, "status": s.status},
    )


@action()
def do_record_service_consent(
    *, service: Service, given_on: datetime.date, acting_user: User
) -> Service:
    """Record that the person consented to this one service, on this date."""
    case = service.plan.case
    _require_writer(acting_user, case)
    if given_on > timezone.localdate():
        raise ValidationError(_("Consent cannot be recorded for a day still to come."))
    with transaction.atomic():
        updated = Service.objects.filter(pk=service.pk, consent_given_on__isnull=True).update(
            consent_given_on=given_on, consent_recorded_by=acting_user
        )
        if not updated:
            raise ValidationError(_("The person's consent to this service is already on record."))
        record(
            actor=acting_user,
            action="support.service_consent_recorded",
            target=case,
            details={"service_id": service.pk, "kind": service.kind},
        )
    service.refresh_from_db()
    return service


@action()
def do_add_milestone(
    *,
    plan: SupportPlan,
    kind: str,
    acting_user: User,
    target_date: datetime.date | None = None,
    notes: str = "",
) -> Milestone:
    """Add a step toward long-term inclusion."""
    _require_writer(acting_user, plan.case)
    milestone = Milestone(plan=plan, kind=kind, target_date=target_date, notes=notes)
    milestone.full_clean()
    with transaction.atomic():
        milestone.save()
        record(
            actor=acting_user,
            action="support.milestone_added",
            target=plan.case,
            details={"plan_id": plan.pk, "milestone_id": milestone.pk, "kind": kind},
        )
    return milestone


@action()
def do_achieve_milestone(
    *, milestone: Milestone, achieved_on: datetime.date, acting_user: User
) -> Milestone:
    """Mark a milestone achieved, once."""
    case = milestone.plan.case
    _require_writer(acting_user, case)
    if achieved_on > timezone.localdate():
        raise ValidationError(_("A milestone cannot be achieved on a day still to come."))
    with transaction.atomic():
        updated = Milestone.objects.filter(pk=milestone.pk, achieved_on__isnull=True).update(
            achieved_on=achieved_on
        )
        if not updated:
            raise ValidationError(_("This milestone is already marked achieved."))
        record(
            actor=acting_user,
            action="support.milestone_achieved",
            target=case,
            details={"milestone_id": milestone.pk, "kind": milestone.kind},
        )
    milestone.refresh_from_db()
    return milestone
