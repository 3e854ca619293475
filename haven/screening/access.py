"""Reading screenings: those of cases the user may read, and, for decision-team members, those
submitted to their own civil authority for a decision. Audited; missing and forbidden are 404."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.log import record
from haven.cases.access import cases_visible_to
from haven.screening.models import Appeal, Decision, Screening


def screenings_visible_to(user: User) -> QuerySet[Screening]:
    if not user.can(Capability.READ_SUPPORT_RECORDS):
        return Screening.objects.none()
    visible = Q(case__in=cases_visible_to(user))
    if user.can(Capability.DECIDE_EARLY_SUPPORT) and user.organisation_id:
        visible |= Q(submitted_to_id=user.organisation_id)
    return Screening.objects.filter(visible).select_related("case", "case__person", "submitted_to")


def awaiting_decision(user: User) -> QuerySet[Screening]:
    """The decision team's inbox: submitted to its authority, with no first decision yet."""
    if not user.can(Capability.DECIDE_EARLY_SUPPORT):
        return Screening.objects.none()
    return screenings_visible_to(user).filter(
        submitted_to_id=user.organisation_id, decisions__isnull=True
    )


def access_screening_by_id(user: User, screening_id: int, *, purpose: str = "") -> Screening:
    screening = screenings_visible_to(user).filter(pk=screening_id).first()
    if screening is None:
        raise Http404("No such screening")
    with transaction.atomic():
        record(actor=user, action="screening.read", target=screening, purpose=purpose)
    return screening


def access_decision_by_id(user: User, decision_id: int) -> Decision:
    decision = Decision.objects.filter(
        pk=decision_id, screening__in=screenings_visible_to(user)
    ).first()
    if decision is None:
        raise Http404("No such decision")
    return decision


def access_appeal_by_id(user: User, appeal_id: int) -> Appeal:
    appeal = Appeal.objects.filter(
        pk=appeal_id, decision__screening__in=screenings_visible_to(user)
    ).first()
    if appeal is None:
        raise Http404("No such appeal")
    return appeal


def awaiting_my_confirmation(user: User) -> QuerySet[Decision]:
    """Decisions recorded in this member's name that they have not confirmed yet, and can:
    only a member of the deciding authority confirms (actions._open_seat), so a member who has
    moved to another organisation is not shown what they could not do."""
    if not user.can(Capability.DECIDE_EARLY_SUPPORT) or user.organisation_id is None:
        return Decision.objects.none()
    return Decision.objects.filter(
        screening__in=screenings_visible_to(user),
        organisation_id=user.organisation_id,
        members__user=user,
        members__confirmed_at__isnull=True,
    ).select_related("screening__case")
