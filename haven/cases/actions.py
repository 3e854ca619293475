"""The only writers of persons, cases and support notes; each with its audit event, in one
transaction. Audit details carry ids and codes, never the personal data itself."""

import datetime
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability
from haven.audit.action import action
from haven.audit.log import record
from haven.audit.purposes import Purpose, purpose_code
from haven.cases.access import cases_visible_to
from haven.cases.models import (
    Case,
    CaseStatus,
    Consent,
    ConsentPurpose,
    PerpetratorContext,
    Person,
    PossibleDuplicate,
    ReadExplanation,
    RetentionPolicy,
    SupportNote,
    TraffickingEvent,
    VictimContext,
)
from haven.cases.search import index_names, similar_persons
from haven.core.versioning import changes, create_versioned, save_versioned, update_audited
from haven.htcds import catalogue
from haven.htcds import vulnerabilities as htcds_vulnerabilities


def _require(user: User, capability: Capability) -> Organisation:
    """The user's organisation, when the user holds the capability there."""
    if not user.can(capability) or user.organisation is None:
        raise PermissionDenied(
            _("Your roles do not allow %(capability)s.") % {"capability": capability.value}
        )
    return user.organisation


def _check_assignee(acting_user: User, assignee: User) -> None:
    same_org = assignee.organisation_id == acting_user.organisation_id
    if not (same_org and assignee.can(Capability.READ_SUPPORT_RECORDS)):
        raise ValidationError(
            _("A case can only be assigned to a support worker of your organisation.")
        )


@action()
def do_open_case(
    *,
    first_name: str,
    second_name: str = "",
    middle_name: str = "",
    birthdate: date | None = None,
    gender: str = "",
    nationality: str = "",
    acting_user: User,
    assigned_to: User | None = None,
) -> Case:
    """Register a person and open a case for them in the acting user's organisation."""
    organisation = _require(acting_user, Capability.CREATE_SUPPORT_RECORDS)
    assignee = assigned_to or acting_user
    _check_assignee(acting_user, assignee)
    person = Person(
        organisation=organisation,
        first_name=first_name,
        middle_name=middle_name,
        second_name=second_name,
        birthdate=birthdate,
        gender=gender or Person._meta.get_field("gender").default,
        nationality=nationality,
    )
    person.full_clean(exclude=["name_index", "birthdate_index"])
    with transaction.atomic():
        person.save()
        case = Case.objects.create(
            organisation=organisation,
            person=person,
            opened_by=acting_user,
            assigned_to=assignee,
        )
        flagged = flag_duplicates(person)
        record(
            actor=acting_user,
            action="case.opened",
            target=case,
            details={
                "person_id": person.pk,
                "assigned_to": assignee.pk,
                "possible_duplicates": flagged,
            },
        )
    return case


def flag_duplicates(person: Person) -> list[int]:
    """Flag earlier persons of the same organisation whose name matches, as spelled or as a
    spelling variant (name-part keys), unless both dates of birth are known and differ. Blind
    indexes only: nobody's record is decrypted to look. Other organisations' persons are never
    compared: that would reveal who they support."""
    similar = similar_persons(person)
    PossibleDuplicate.objects.bulk_create(
        PossibleDuplicate(person=person, matches_id=pk, reason=reason)
        for pk, reason in sorted(similar.items())
    )
    return sorted(similar)


@action()
def do_rebuild_person_keys(
    *, acting_user: User | None = None, flag: bool = False
) -> dict[str, int]:
    """Re-derive every person's name-part keys from their decrypted names (after an upgrade
    that changes how keys are made, or for persons stored before keys existed); with `flag`,
    then flag each person against the earlier persons of their organisation, as registration
    does, skipping pairs already flagged. One event for the batch, with counts; names never
    leave this function."""
    persons = 0
    with transaction.atomic():
        for person in Person.objects.order_by("pk").iterator(chunk_size=500):
            index_names(person)
            persons += 1
        flagged = _flag_existing() if flag else 0
        counts = {"persons": persons, "flagged": flagged}
        record(
            actor=acting_user,
            action="person.keys_rebuilt",
            target_type="cases.person",
            details=counts,
        )
    return counts


def _flag_existing() -> int:
    known = set(PossibleDuplicate.objects.values_list("person_id", "matches_id"))
    new = [
        PossibleDuplicate(person=person, matches_id=pk, reason=reason)
        for person in Person.objects.order_by("pk").iterator(chunk_size=500)
        for pk, reason in sorted(similar_persons(person).items())
        if pk < person.pk and (person.pk, pk) not in known
    ]
    PossibleDuplicate.objects.bulk_create(new)
    return len(new)


@action()
def do_add_support_note(*, case: Case, text: str, acting_user: User) -> SupportNote:
    """Add a note to a case the acting user may read."""
    _require(acting_user, Capability.CREATE_SUPPORT_RECORDS)
    if not cases_visible_to(acting_user).filter(pk=case.pk).exists():
        raise PermissionDenied(_("This case is not yours to write to."))
    if not text.strip():
        raise ValidationError(_("A note cannot be empty."))
    with transaction.atomic():
        note = SupportNote.objects.create(case=case, author=acting_user, text=text)
        record(
            actor=acting_user, action="case.note_added", target=case, details={"note_id": note.pk}
        )
    return note


@action()
def do_explain_read(
    *, case: Case, purpose: Purpose, explanation: str, acting_user: User
) -> ReadExplanation:
    """Keep a reader's own words about why they open a case with the case, encrypted; the
    audit trail gets the purpose code and the explanation's id."""
    _require(acting_user, Capability.READ_SUPPORT_RECORDS)
    _require_case(acting_user, case)
    explained = ReadExplanation.objects.create(
        case=case, reader=acting_user, purpose=purpose_code(purpose), text=explanation
    )
    record(
        actor=acting_user,
        action="case.read_explained",
        target=case,
        purpose=purpose,
        details={"explanation_id": explained.pk},
    )
    return explained


def _require_case(acting_user: User, case: Case) -> None:
    if not cases_visible_to(acting_user).filter(pk=case.pk).exists():
        raise PermissionDenied(_("This case is not yours to write to."))


@action()
def do_record_consent(
    *,
    case: Case,
    purpose: str,
    given_on: datetime.date,
    acting_user: User,
    organisation: Organisation | None = None,
    notes: str = "",
) -> Consent:
    """Record the person's consent to one purpose; sharing names the organisation."""
    _require(acting_user, Capability.CREATE_SUPPORT_RECORDS)
    _require_case(acting_user, case)
    if (purpose == ConsentPurpose.SHARING) != (organisation is not None):
        raise ValidationError(
            _("Consent to sharing names one organisation; other purposes name none.")
        )
    consent = Consent(
        person=case.person,
        purpose=purpose,
        organisation=organisation,
        given_on=given_on,
        notes=notes,
        recorded_by=acting_user,
    )
    consent.full_clean()
    with transaction.atomic():
        consent.save()
        record(
            actor=acting_user,
            action="consent.given",
            target=case,
            details={
                "consent_id": consent.pk,
                "purpose": purpose,
                "organisation_id": organisation.pk if organisation else None,
            },
        )
    return consent


@action()
def do_withdraw_consent(
    *, case: Case, consent: Consent, withdrawn_on: datetime.date, acting_user: User
) -> None:
    """Withdraw a consent from a date; what was done under it before stays on record."""
    _require_case(acting_user, case)
    if consent.person_id != case.person_id or consent.withdrawn_on is not None:
        raise ValidationError(_("This consent is not an active consent of this person."))
    with transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(withdrawn_on=withdrawn_on)
        record(
            actor=acting_user,
            action="consent.withdrawn",
            target=case,
            details={"consent_id": consent.pk, "purpose": consent.purpose},
        )
    consent.refresh_from_db()


@action()
def do_update_case(
    *, case: Case, data: dict[str, Any], expected_version: int, acting_user: User
) -> Case:
    """Change a case's status, assignee or closure reason; refused if someone saved first."""
    _require(acting_user, Capability.CREATE_SUPPORT_RECORDS)
    _require_case(acting_user, case)
    if "assigned_to" in data:
        _check_assignee(acting_user, data["assigned_to"])
    closing = data.get("status") in (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)
    if closing and not (data.get("closure_reason") or case.closure_reason):
        raise ValidationError(_("Closing a case needs a reason (HTCDS cas_ReasonForCaseClosure)."))
    if "status" in data:
        data = {**data, "closed_on": timezone.localdate() if closing else None}
    return update_audited(
        case,
        data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="case.updated",
        allowed=("status", "assigned_to", "closure_reason", "closed_on"),
    )


@action()
def do_set_retention_policy(
    *, organisation: Organisation, months_after_closure: int, acting_user: User
) -> None:
    """An organisation administrator sets how long closed cases keep personal data."""
    if not (
        acting_user.can(Capability.MANAGE_ORG_USERS)
        and acting_user.organisation_id == organisation.pk
    ):
        raise PermissionDenied(
            _("Only this organisation's administrator sets its retention policy.")
        )
    if months_after_closure < 1:
        raise ValidationError(_("Keep personal data at least one month after closure."))
    with transaction.atomic():
        RetentionPolicy.objects.update_or_create(
            organisation=organisation, defaults={"months_after_closure": months_after_closure}
        )
        record(
            actor=acting_user,
            action="retention.policy_set",
            target=organisation,
            organisation=organisation,
            details={"months_after_closure": months_after_closure},
        )


@action()
def do_save_victim_context(
    *, case: Case, data: dict[str, Any], acting_user: User, expected_version: int
) -> VictimContext:
    """Create (`expected_version` 0) or update the case's HTCDS victim context; a stale edit,
    or a second first save racing this one, is refused as an edit conflict."""
    _require(acting_user, Capability.CREATE_SUPPORT_RECORDS)
    _require_case(acting_user, case)
    data = _with_htcds_vulnerabilities(data)
    existing = VictimContext.objects.select_for_update().filter(case=case).first()
    if existing is None:
        saved = create_versioned(VictimContext, {"case": case, **data}, expected_version)
        changed = sorted(data)
    else:
        changed = sorted(changes(existing, data))
        allowed = [*VictimContext.HTCDS_FIELDS.values(), "vulnerability_codes"]
        save_versioned(existing, data, expected_version, allowed=allowed)
        saved = existing
    record(
        actor=acting_user,
        action="case.victim_context_saved",
        target=case,
        details={"fields": changed},
    )
    return saved


def _with_htcds_vulnerabilities(data: dict[str, Any]) -> dict[str, Any]:
    """vic_Vulnerabilities derived from the shared vocabulary's codes, plus HTCDS values given
    directly (those no code maps to, or kept from an import), so the two never disagree."""
    if "vulnerability_codes" not in data:
        return data
    codes = data["vulnerability_codes"]
    unknown = [c for c in codes if c not in htcds_vulnerabilities.mapping()]
    if unknown:
        raise ValidationError(
            _("Unknown vulnerability codes: %(codes)s"), params={"codes": ", ".join(unknown)}
        )
    direct = set(data.get("vulnerabilities") or [])
    derived = set(htcds_vulnerabilities.htcds_names(codes))
    order = catalogue.picklist(htcds_vulnerabilities.FIELD)
    return {**data, "vulnerabilities": [n for n in order if n in derived | direct]}


_ITEM_ACTIONS = {TraffickingEvent: "case.event_added", PerpetratorContext: "case.perpetrator_added"}


@action()
def do_add_case_item(
    *, case: Case, item: TraffickingEvent | PerpetratorContext, acting_user: User
) -> None:
    """Add a historic trafficking event or a perpetrator context to the case."""
    _require(acting_user, Capability.CREATE_SUPPORT_RECORDS)
    _require_case(acting_user, case)
    item.case = case
    item.full_clean()
    with transaction.atomic():
        item.save()
        record(
            actor=acting_user,
            action=_ITEM_ACTIONS[type(item)],
            target=case,
            details={"id": item.pk},
        )
