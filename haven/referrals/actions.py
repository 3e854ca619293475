"""The only writers of referrals; each in one transaction with its audit event. The rules of the
National Referral Mechanism as Haven keeps them (docs/referrals.md):

- support records never go to enforcement (the firewall, DOMAIN.md 3);
- sharing needs the person's recorded consent naming the receiving organisation, unless a
  supervisor overrides it with a stated reason, which is audited;
- only the sections chosen are shared, and only while the receiver has accepted;
- sent → accepted | declined | withdrawn; accepted → completed | withdrawn.

Audit details carry ids and codes; a consent override is audited with the purpose code
`consent_override`, its stated reason kept encrypted with the referral only.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability, Role
from haven.audit.action import action
from haven.audit.log import record
from haven.audit.purposes import Purpose
from haven.cases.access import cases_visible_to
from haven.cases.actions import (
    do_add_case_item,
    do_add_support_note,
    do_open_case,
    do_save_victim_context,
)
from haven.cases.consent import active_consents
from haven.cases.deadlines import add_deadlines
from haven.cases.models import Case, Consent, ConsentPurpose, TraffickingEvent, VictimContext
from haven.core.versioning import CONFLICT, EditConflict, save_versioned
from haven.htcds import catalogue
from haven.referrals.access import is_shared_now
from haven.referrals.models import OPEN_STATUSES, Referral, Section, Status

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

FIREWALL = _("Support records never go to enforcement: %(name)s is a %(kind)s organisation.")
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset({Status.COMPLETED, Status.WITHDRAWN}),
    Status.DECLINED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.COMPLETED: frozenset(),
}


def may_override_consent(user: User) -> bool:
    """Only a supervisor (on the support side of the firewall) may refer without consent."""
    return Role.SUPERVISOR in user.role_names and user.can(Capability.CREATE_SUPPORT_RECORDS)


def sharing_consent(case: Case, organisation: Organisation) -> Consent | None:
    """The person's active consent to sharing with this organisation, if one is on record."""
    return (
        active_consents(case.person)
        .filter(purpose=ConsentPurpose.SHARING, organisation=organisation)
        .first()
    )


def check_recipient(case: Case, organisation: Organisation) -> None:
    if organisation.is_enforcement:
        raise ValidationError(
            FIREWALL,
            code="firewall",
            params={"name": organisation.name, "kind": organisation.get_org_type_display()},
        )
    if organisation.pk == case.organisation_id:
        raise ValidationError(_("A case is referred to another organisation, not to its own."))


def clean_sections(sections: Iterable[str]) -> list[str]:
    """The chosen sections in the vocabulary's order; at least one, none unknown."""
    chosen = set(sections)
    unknown = chosen - set(Section.values)
    if unknown:
        raise ValidationError(
            _("Unknown sections to share: %(sections)s."),
            params={"sections": ", ".join(sorted(unknown))},
        )
    if not chosen:
        raise ValidationError(
            _("Choose the sections to share: at least one, and only those needed.")
        )
    return [code for code in Section.values if code in chosen]


@action()
def do_refer_case(
    case: Case,
    to_organisation: Organisation,
    *,
    reason: str,
    sections: Iterable[str],
    details: str = "",
    acting_user: User,
    override_reason: str = "",
) -> Referral:
    """Refer a case to another organisation, sharing only `sections`."""
    if not acting_user.can(Capability.CREATE_SUPPORT_RECORDS) or acting_user.organisation is None:
        raise PermissionDenied(gettext("Your roles do not allow referring a case."))
    if not cases_visible_to(acting_user).filter(pk=case.pk).exists():
        raise PermissionDenied(gettext("This case is not yours to refer."))
    check_recipient(case, to_organisation)
    if reason not in catalogue.picklist("cas_ReasonForOutgoingReferral"):
        raise ValidationError(
            _("Choose a reason for the referral (HTCDS cas_ReasonForOutgoingReferral).")
        )
    chosen = clean_sections(sections)
    consent = sharing_consent(case, to_organisation)
    override_reason = override_reason.strip()
    if consent is None:
        _check_override(acting_user, to_organisation, override_reason)
    else:
        override_reason = ""
    if Referral.objects.filter(
        case=case, to_organisation=to_organisation, status__in=OPEN_STATUSES
    ).exists():
        raise ValidationError(
            _("This case already has an open referral to %(organisation)s."),
            params={"organisation": to_organisation.name},
        )
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case,
            from_organisation=case.organisation,
            to_organisation=to_organisation,
            reason=reason,
            details=details,
            sections=chosen,
            cross_border=case.organisation.country != to_organisation.country,
            consent=consent,
            consent_override_reason=override_reason,
            override_by=acting_user if override_reason else None,
            sent_by=acting_user,
            sent_at=timezone.now(),
        )
        record(
            actor=acting_user,
            action="referral.sent",
            target=referral,
            purpose=Purpose.CONSENT_OVERRIDE if override_reason else Purpose.NONE,
            details={
                "case_id": case.pk,
                "to_organisation_id": to_organisation.pk,
                "reason": reason,
                "sections": chosen,
                "cross_border": referral.cross_border,
                "consent_id": consent.pk if consent else None,
                "consent_override": bool(override_reason),
            },
        )
    return referral


def _check_override(user: User, organisation: Organisation, reason: str) -> None:
    missing = gettext("No consent of the person to sharing with %(organisation)s is on record.") % {
        "organisation": organisation.name
    }
    if not reason:
        raise ValidationError(
            " ".join(
                [
                    missing,
                    gettext(
                        "Record the person's consent first; only a supervisor may override "
                        "this, stating the reason."
                    ),
                ]
            )
        )
    if not may_override_consent(user):
        raise PermissionDenied(
            " ".join(
                [missing, gettext("Only a supervisor may refer without it, stating the reason.")]
            )
        )


def _transition(
    referral: Referral,
    to: Status,
    *,
    acting_user: User,
    side: str,
    expected_version: int,
    data: dict[str, object],
    details: dict[str, object] | None = None,
) -> Referral:
    _require_side(acting_user, referral, side)
    # The version the person answering saw: never "whatever is current", which would let a
    # stale page overwrite an answer given meanwhile.
    if expected_version != referral.version:
        raise EditConflict(CONFLICT)
    if to not in TRANSITIONS[referral.status]:
        raise ValidationError(
            _("A referral that is %(status)s cannot be %(step)s."),
            code="transition",
            params={
                "status": referral.get_status_display().lower(),
                "step": Status(to).label.lower(),
            },
        )
    with transaction.atomic():
        save_versioned(referral, {"status": to, **data}, expected_version)
        record(
            actor=acting_user,
            action=f"referral.{Status(to).value}",
            target=referral,
            details={"case_id": referral.case_id, **(details or {})},
        )
    return referral


def _require_side(user: User, referral: Referral, side: str) -> None:
    """The receiver answers with READ_SUPPORT_RECORDS; the sender acts on a case it can see."""
    if side == "receiver":
        if not (
            user.can(Capability.READ_SUPPORT_RECORDS)
            and user.organisation_id == referral.to_organisation_id
        ):
            raise PermissionDenied(
                gettext("Only the receiving organisation answers this referral.")
            )
    elif not (
        user.can(Capability.CREATE_SUPPORT_RECORDS)
        and cases_visible_to(user).filter(pk=referral.case_id).exists()
    ):
        raise PermissionDenied(
            gettext("Only the referring organisation's workers may withdraw it.")
        )


def _required(reason: str, missing: "_StrPromise") -> str:
    if not reason.strip():
        raise ValidationError(missing, code="required")
    return reason.strip()


@action()
def do_accept_referral(*, referral: Referral, acting_user: User, expected_version: int) -> Referral:
    return _transition(
        referral,
        Status.ACCEPTED,
        acting_user=acting_user,
        side="receiver",
        expected_version=expected_version,
        data={"answered_by": acting_user, "answered_at": timezone.now()},
    )


@action()
def do_decline_referral(
    *, referral: Referral, reason: str, acting_user: User, expected_version: int
) -> Referral:
    return _transition(
        referral,
        Status.DECLINED,
        acting_user=acting_user,
        side="receiver",
        expected_version=expected_version,
        data={
            "answered_by": acting_user,
            "answered_at": timezone.now(),
            "answer_reason": _required(reason, _("Give the reason for declining.")),
        },
    )


@action()
def do_withdraw_referral(
    *, referral: Referral, reason: str, acting_user: User, expected_version: int
) -> Referral:
    return _transition(
        referral,
        Status.WITHDRAWN,
        acting_user=acting_user,
        side="sender",
        expected_version=expected_version,
        data={"answer_reason": _required(reason, _("Give the reason for withdrawing."))},
    )


@action()
def do_complete_referral(
    *, referral: Referral, acting_user: User, expected_version: int
) -> Referral:
    return _transition(
        referral,
        Status.COMPLETED,
        acting_user=acting_user,
        side="receiver",
        expected_version=expected_version,
        data={"completed_at": timezone.now()},
    )


class AlreadyOpened(ValidationError):
    """The receiving organisation already opened its case from this referral: the answer to a
    second try is that case, never a second one."""

    def __init__(self, case: Case) -> None:
        self.case = case
        super().__init__(
            _("Your organisation already opened case %(case)s from this referral."),
            code="already_opened",
            params={"case": case.reference},
        )


@dataclass(frozen=True)
class PersonGiven:
    """The person's name as they gave it to the receiving worker, when the referral did not
    share the person section."""

    first_name: str = ""
    second_name: str = ""


@action()
def do_open_case_from_referral(
    *, referral: Referral, acting_user: User, given: PersonGiven | None = None
) -> Case:
    """The receiving organisation opens its own case, carrying over only the shared sections.
    The person is registered again in the receiver's organisation (its own controller, its own
    encrypted record and blind indexes); the referred case itself never changes hands."""
    _require_opener(acting_user, referral)
    locked = Referral.objects.select_for_update().select_related("case__person").get(pk=referral.pk)
    if locked.receiver_case_id is not None:
        raise AlreadyOpened(Case.objects.get(pk=locked.receiver_case_id))
    _require_shared(locked)
    case = do_open_case(**_identifiers(locked, given or PersonGiven()), acting_user=acting_user)
    carried = _carry_sections(locked, case, acting_user)
    save_versioned(locked, {"receiver_case": case}, locked.version)
    referral.refresh_from_db()
    record(
        actor=acting_user,
        action="referral.case_opened",
        target=locked,
        details={"case_id": case.pk, "referred_case_id": locked.case_id, "carried": carried},
    )
    return case


def _require_opener(user: User, referral: Referral) -> None:
    """Whoever may answer the referral for the receiving organisation and open cases there."""
    _require_side(user, referral, "receiver")
    if not user.can(Capability.CREATE_SUPPORT_RECORDS):
        raise PermissionDenied(gettext("Your roles do not allow opening a case."))


def _require_shared(referral: Referral) -> None:
    if referral.status != Status.ACCEPTED:
        raise ValidationError(
            _("A case is opened only from an accepted referral; this one is %(status)s."),
            code="not_accepted",
            params={"status": referral.get_status_display().lower()},
        )
    if not is_shared_now(referral):
        raise ValidationError(
            _(
                "The person's consent to sharing with %(organisation)s is no longer on record: "
                "nothing can be carried over. Ask the person, and open a case by hand if they "
                "wish."
            ),
            code="consent_withdrawn",
            params={"organisation": referral.to_organisation.name},
        )


def _identifiers(referral: Referral, given: PersonGiven) -> dict[str, Any]:
    """From the person section when it was shared; otherwise what the person told the
    receiving worker (at least a first name), and nothing else."""
    if Section.PERSON in referral.sections:
        person = referral.case.person
        return {
            "first_name": person.first_name,
            "middle_name": person.middle_name,
            "second_name": person.second_name,
            "birthdate": person.birthdate,
            "gender": person.gender,
            "nationality": person.nationality,
        }
    if not given.first_name.strip():
        raise ValidationError(
            _(
                "The referral did not share the person's identifiers: give the first name the "
                "person gave you."
            ),
            code="first_name",
        )
    return {"first_name": given.first_name.strip(), "second_name": given.second_name.strip()}


def _carry_sections(referral: Referral, case: Case, user: User) -> list[str]:
    """Copy each shared section that has a place on a case; the rest (the consents, which the
    person gives to each organisation anew) stays readable through the referral only."""
    carriers = {
        Section.PERSON: lambda: None,
        Section.VICTIM_CONTEXT: lambda: _carry_victim_context(referral, case, user),
        Section.EVENTS: lambda: _carry_events(referral, case, user),
        Section.SCREENING: lambda: _carry_screening_deadlines(referral, case),
        Section.SUPPORT_NOTES: lambda: _carry_notes(referral, case, user),
    }
    carried = [code for code in referral.sections if code in carriers]
    for code in carried:
        carriers[code]()
    return carried


def _carry_victim_context(referral: Referral, case: Case, user: User) -> None:
    source = VictimContext.objects.filter(case_id=referral.case_id).first()
    if source is None:
        return
    data = {
        attribute: getattr(source, attribute) for attribute in VictimContext.HTCDS_FIELDS.values()
    }
    do_save_victim_context(case=case, data=data, acting_user=user, expected_version=0)


def _carry_events(referral: Referral, case: Case, user: User) -> None:
    for event in TraffickingEvent.objects.filter(case_id=referral.case_id):
        copy = TraffickingEvent(
            event_type=event.event_type,
            country=event.country,
            city=event.city,
            date=event.date,
            description=event.description,
        )
        do_add_case_item(case=case, item=copy, acting_user=user)


def _carry_screening_deadlines(referral: Referral, case: Case) -> None:
    """The latest screening's dated rights go on the new case's rights tracker, so no deadline
    is lost on the way; the interview record itself stays with the referring organisation."""
    screening = referral.case.screenings.order_by("-created_at", "-pk").first()
    if screening is not None:
        add_deadlines(case, json.loads(screening.result).get("rights", []), source="referral")


def _carry_notes(referral: Referral, case: Case, user: User) -> None:
    origin = referral.from_organisation.name
    for note in referral.case.notes.all():
        # The note keeps its origin: written elsewhere, on another date, by another worker.
        heading = gettext("From %(organisation)s, %(date)s (referral %(reference)s):") % {
            "organisation": origin,
            "date": note.written_at.date().isoformat(),
            "reference": referral.reference,
        }
        do_add_support_note(case=case, text=f"{heading}\n{note.text}", acting_user=user)
