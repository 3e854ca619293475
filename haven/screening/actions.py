"""The only writers of screenings, decisions and appeals; each in one transaction with its
audit event. The rules of the early-support procedure live here (seed 000 paras 13-16, rec. 65
and 71): a civil authority's interdisciplinary team decides; a denial gives reasons and an appeal
route; an appeal is decided by a different team."""

import datetime
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability, OrgType
from haven.audit.action import action
from haven.audit.log import record as audit
from haven.cases.access import cases_visible_to
from haven.cases.deadlines import add_deadlines
from haven.cases.models import Case
from haven.law.profiles import jurisdiction as jurisdiction_profile
from haven.law.profiles import jurisdiction_settings
from haven.screening.engine import screen
from haven.screening.members import member_name
from haven.screening.models import Appeal, Decision, DecisionMember, Outcome, Screening
from haven.screening.record import Record
from haven.screening.serialize import screening_json

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

CIVIL_AUTHORITIES = frozenset({OrgType.CENTRAL_GOVERNMENT, OrgType.LOCAL_GOVERNMENT})
MINIMUM_TEAM = 2


ALREADY_DECIDED = _("This screening already has a decision; a change goes through an appeal.")
ALREADY_APPEALED = _("This decision has already been appealed.")
APPEAL_DECIDED = _("This appeal has already been decided.")


def _lock(screening: Screening) -> None:
    """Hold the screening's row until commit, so two once-only writes on it queue up and the
    second sees the first (PostgreSQL; SQLite serialises writers anyway)."""
    Screening.objects.select_for_update().filter(pk=screening.pk).first()


@contextmanager
def _once(refusal: "str | _StrPromise") -> Iterator[None]:
    """The database's unique constraint is the last word on a once-only record: a racing
    duplicate becomes the same clear refusal as the check above, never a server error."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise ValidationError(refusal) from None


@dataclass(frozen=True)
class Seat:
    user: User
    discipline: str


@action()
def do_record_screening(*, case: Case, record: Record, acting_user: User) -> Screening:
    """Run the rights engine on the interview and keep both, encrypted, on the case."""
    if not acting_user.can(Capability.CREATE_SUPPORT_RECORDS):
        raise PermissionDenied(_("Your roles do not allow recording an interview."))
    if not cases_visible_to(acting_user).filter(pk=case.pk).exists():
        raise PermissionDenied(_("This case is not yours to write to."))
    profile = jurisdiction_profile(record.jurisdiction or "INTL")
    result = screening_json(screen(record, jurisdiction_settings(profile)), profile.code)
    with transaction.atomic():
        screening = Screening.objects.create(
            case=case,
            interviewer=acting_user,
            jurisdiction=profile.code,
            encounter_date=record.encounter.date,
            record=record.model_dump_json(),
            result=json.dumps(result),
            reasonable_grounds=result["reasonable_grounds"],
            early_support_recommended=result["early_support"]["recommended"],
        )
        tracked = add_deadlines(case, result["rights"], source="screening")
        audit(
            actor=acting_user,
            action="screening.recorded",
            target=screening,
            details={
                "case_id": case.pk,
                "jurisdiction": profile.code,
                "alerts": [a["code"] for a in result["alerts"]],
                "deadlines_added": tracked,
            },
        )
    return screening


@action()
def do_submit_for_decision(
    *, screening: Screening, authority: Organisation, acting_user: User
) -> None:
    """Send the screening to a civil authority whose interdisciplinary team decides."""
    if not cases_visible_to(acting_user).filter(pk=screening.case_id).exists():
        raise PermissionDenied(_("This case is not yours to submit."))
    if authority.org_type not in CIVIL_AUTHORITIES:
        raise ValidationError(
            _(
                "Early support is decided by a civil authority (central or local government), "
                "never by enforcement."
            )
        )
    with transaction.atomic():
        Screening.objects.filter(pk=screening.pk).update(
            submitted_to=authority, submitted_at=timezone.now()
        )
        audit(
            actor=acting_user,
            action="screening.submitted",
            target=screening,
            details={"authority_id": authority.pk},
        )
    screening.refresh_from_db()


def check_team(seats: Sequence[Seat], authority: Organisation, acting_user: User) -> None:
    """At least two decision-team members of the authority, from different disciplines."""
    users = {seat.user.pk for seat in seats}
    if len(seats) < MINIMUM_TEAM or len(users) < len(seats):
        raise ValidationError(_("A decision needs at least two different members of the team."))
    if len({seat.discipline for seat in seats}) < len(seats):
        raise ValidationError(_("Each member of the team must come from a different discipline."))
    outsiders = [member_name(s.user) for s in seats if not _decides_for(s.user, authority)]
    if outsiders:
        raise ValidationError(
            _("Not decision-team members of %(authority)s: %(names)s."),
            params={"authority": authority.name, "names": ", ".join(outsiders)},
        )
    if acting_user.pk not in users:
        raise ValidationError(_("The person recording the decision must be one of the team."))


def _decides_for(user: User, authority: Organisation) -> bool:
    return user.organisation_id == authority.pk and user.can(Capability.DECIDE_EARLY_SUPPORT)


def _appeal_deadline(
    screening: Screening, outcome: str, decided_on: datetime.date, given: datetime.date | None
) -> datetime.date | None:
    if outcome != Outcome.DENIED:
        return None
    days = jurisdiction_profile(screening.jurisdiction).appeal_days
    if days is not None:
        return decided_on + datetime.timedelta(days=days)
    if given is None:
        raise ValidationError(
            _(
                "Jurisdiction %(jurisdiction)s has no appeal period entered: give the date by "
                "which the person can appeal."
            ),
            params={"jurisdiction": screening.jurisdiction},
        )
    return given


def _create_decision(
    screening: Screening,
    authority: Organisation,
    *,
    appeal: Appeal | None,
    outcome: str,
    reasons: str,
    seats: Sequence[Seat],
    decided_on: datetime.date,
    appeal_deadline: datetime.date | None,
    recorded_by: User,
) -> Decision:
    """The decision with its seats; only the member recording it has confirmed it yet."""
    decision = Decision.objects.create(
        screening=screening,
        appeal=appeal,
        organisation=authority,
        outcome=outcome,
        reasons=reasons,
        decided_on=decided_on,
        appeal_deadline=appeal_deadline,
    )
    now = timezone.now()
    DecisionMember.objects.bulk_create(
        DecisionMember(
            decision=decision,
            user=s.user,
            discipline=s.discipline,
            confirmed_at=now if s.user.pk == recorded_by.pk else None,
        )
        for s in seats
    )
    return decision


def _check_decision(
    screening: Screening, outcome: str, reasons: str, seats: Sequence[Seat], acting_user: User
) -> Organisation:
    if screening.submitted_to is None:
        raise ValidationError(_("This screening has not been submitted to a civil authority."))
    if outcome not in Outcome.values:
        raise ValidationError(
            _("The outcome must be one of %(outcomes)s."),
            params={"outcomes": ", ".join(Outcome.values)},
        )
    if not reasons.strip():
        raise ValidationError(_("A decision must give its reasons."))
    check_team(seats, screening.submitted_to, acting_user)
    return screening.submitted_to


@action()
def do_decide(
    *,
    screening: Screening,
    outcome: str,
    reasons: str,
    seats: Sequence[Seat],
    acting_user: User,
    decided_on: datetime.date,
    appeal_deadline: datetime.date | None = None,
) -> Decision:
    """The first decision on early support for a submitted screening."""
    authority = _check_decision(screening, outcome, reasons, seats, acting_user)
    _lock(screening)
    if screening.decisions.filter(appeal__isnull=True).exists():
        raise ValidationError(ALREADY_DECIDED)
    deadline = _appeal_deadline(screening, outcome, decided_on, appeal_deadline)
    with _once(ALREADY_DECIDED):
        decision = _create_decision(
            screening,
            authority,
            appeal=None,
            outcome=outcome,
            reasons=reasons,
            seats=seats,
            decided_on=decided_on,
            appeal_deadline=deadline,
            recorded_by=acting_user,
        )
        audit(
            actor=acting_user,
            action="screening.decided",
            target=decision,
            organisation=authority,
            details={
                "outcome": outcome,
                "members": [s.user.pk for s in seats],
                "awaiting_confirmation": _awaiting(seats, acting_user),
            },
        )
    return decision


def _awaiting(seats: Sequence[Seat], recorded_by: User) -> list[int]:
    return [s.user.pk for s in seats if s.user.pk != recorded_by.pk]


@action()
def do_confirm_decision(*, decision: Decision, acting_user: User) -> Decision:
    """A member named on a decision confirms it as their own, signed in as themselves; the
    last confirmation makes it final. Until then it takes no effect: the person's support from
    the screening goes on unchanged (a pending denial stops nothing), and a denial's appeal
    deadline starts only when it is final, never earlier than the jurisdiction's period."""
    seat = _open_seat(decision, acting_user)
    now = timezone.now()
    DecisionMember.objects.filter(pk=seat.pk).update(confirmed_at=now)
    final = not decision.members.filter(confirmed_at__isnull=True).exists()
    tracked = _take_effect(decision, now.date()) if final else 0
    audit(
        actor=acting_user,
        action="screening.decision_confirmed",
        target=decision,
        organisation=decision.organisation,
        details={"final": final, "deadlines_added": tracked},
    )
    decision.refresh_from_db()
    return decision


def _open_seat(decision: Decision, user: User) -> DecisionMember:
    _lock(decision.screening)
    seat = DecisionMember.objects.filter(decision=decision, user=user).first()
    if seat is None or not _decides_for(user, decision.organisation):
        raise PermissionDenied(_("Only a member named on this decision confirms it."))
    if seat.confirmed_at is not None:
        raise ValidationError(_("You have already confirmed this decision."), code="confirmed")
    return seat


def _take_effect(decision: Decision, final_on: datetime.date) -> int:
    """A final denial opens its appeal: the deadline goes on the case's rights tracker, counted
    from the day it became final where the jurisdiction sets a period, so waiting for the
    second member never shortens the person's time to appeal."""
    if decision.outcome != Outcome.DENIED or decision.appeal_id or not decision.appeal_deadline:
        return 0
    screening = decision.screening
    deadline = decision.appeal_deadline
    days = jurisdiction_profile(screening.jurisdiction).appeal_days
    if days is not None and final_on + datetime.timedelta(days=days) > deadline:
        deadline = final_on + datetime.timedelta(days=days)
        Decision.objects.filter(pk=decision.pk).update(appeal_deadline=deadline)
    right = _appeal_right(screening, decision.decided_on, deadline)
    return add_deadlines(screening.case, [right], source="decision")


def _appeal_right(
    screening: Screening, denied_on: datetime.date, deadline: datetime.date
) -> dict[str, object]:
    """The engine's own appeal right, set off by the denial (`support_denied`), with its basis;
    the end date is the decision's, which a jurisdiction without an appeal period supplies."""
    record = Record.model_validate_json(screening.record)
    situation = record.situation.model_copy(update={"support_denied_on": denied_on})
    denied = record.model_copy(update={"situation": situation})
    profile = jurisdiction_profile(screening.jurisdiction)
    rights = screening_json(screen(denied, jurisdiction_settings(profile)), profile.code)["rights"]
    appeal = next(r for r in rights if r["code"] == "appeal")
    return {**appeal, "ends": deadline.isoformat()}


@action()
def do_lodge_appeal(
    *, decision: Decision, grounds: str, lodged_on: datetime.date, acting_user: User
) -> Appeal:
    """The person, helped by their worker, appeals a denial before its deadline."""
    if not cases_visible_to(acting_user).filter(pk=decision.screening.case_id).exists():
        raise PermissionDenied(_("Only the person's own support organisation lodges their appeal."))
    if decision.outcome != Outcome.DENIED:
        raise ValidationError(_("Only a denial can be appealed."))
    if not decision.is_final:
        names = ", ".join(member_name(m.user) for m in decision.awaiting())
        raise ValidationError(
            _("This decision is not final yet: it awaits confirmation by %(names)s."),
            code="not_final",
            params={"names": names},
        )
    _lock(decision.screening)
    if Appeal.objects.filter(decision=decision).exists():
        raise ValidationError(ALREADY_APPEALED)
    if decision.appeal_deadline and lodged_on > decision.appeal_deadline:
        raise ValidationError(
            _("The appeal deadline was %(date)s."),
            params={"date": decision.appeal_deadline.isoformat()},
        )
    if not grounds.strip():
        raise ValidationError(_("An appeal must state its grounds."))
    with _once(ALREADY_APPEALED):
        appeal = Appeal.objects.create(
            decision=decision, lodged_on=lodged_on, grounds=grounds, lodged_by=acting_user
        )
        audit(
            actor=acting_user,
            action="screening.appealed",
            target=appeal,
            details={"decision_id": decision.pk},
        )
    return appeal


@action()
def do_decide_appeal(
    *,
    appeal: Appeal,
    outcome: str,
    reasons: str,
    seats: Sequence[Seat],
    acting_user: User,
    decided_on: datetime.date,
) -> Decision:
    """An appeal is decided by a team none of whose members took the decision appealed."""
    screening = appeal.decision.screening
    authority = _check_decision(screening, outcome, reasons, seats, acting_user)
    first = set(appeal.decision.members.values_list("user_id", flat=True))
    if first & {s.user.pk for s in seats}:
        raise ValidationError(
            _("An appeal is decided by a different team: no member of the first decision may sit.")
        )
    _lock(screening)
    if Decision.objects.filter(appeal=appeal).exists():
        raise ValidationError(APPEAL_DECIDED)
    with _once(APPEAL_DECIDED):
        decision = _create_decision(
            screening,
            authority,
            appeal=appeal,
            outcome=outcome,
            reasons=reasons,
            seats=seats,
            decided_on=decided_on,
            appeal_deadline=None,
            recorded_by=acting_user,
        )
        audit(
            actor=acting_user,
            action="screening.appeal_decided",
            target=decision,
            organisation=authority,
            details={
                "outcome": outcome,
                "appeal_id": appeal.pk,
                "awaiting_confirmation": _awaiting(seats, acting_user),
            },
        )
    return decision
