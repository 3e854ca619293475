"""The only writers of persons, cases and support notes; each with its audit event, in one
transaction. Audit details carry ids and codes, never the personal data itself."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability
from haven.audit.log import record
from haven.cases.access import cases_visible_to
from haven.cases.models import Case, Person, SupportNote


def _require(user: User, capability: Capability) -> Organisation:
    """The user's organisation, when the user holds the capability there."""
    if not user.can(capability) or user.organisation is None:
        raise PermissionDenied(f"Your roles do not allow {capability.value}.")
    return user.organisation


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
    same_org = assignee.organisation_id == acting_user.organisation_id
    if not (same_org and assignee.can(Capability.READ_SUPPORT_RECORDS)):
        raise ValidationError(
            "A case can only be assigned to a support worker of your organisation."
        )
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
        record(
            actor=acting_user,
            action="case.opened",
            target=case,
            details={"person_id": person.pk, "assigned_to": assignee.pk},
        )
    return case


def do_add_support_note(*, case: Case, text: str, acting_user: User) -> SupportNote:
    """Add a note to a case the acting user may read."""
    _require(acting_user, Capability.CREATE_SUPPORT_RECORDS)
    if not cases_visible_to(acting_user).filter(pk=case.pk).exists():
        raise PermissionDenied("This case is not yours to write to.")
    if not text.strip():
        raise ValidationError("A note cannot be empty.")
    with transaction.atomic():
        note = SupportNote.objects.create(case=case, author=acting_user, text=text)
        record(
            actor=acting_user, action="case.note_added", target=case, details={"note_id": note.pk}
        )
    return note
