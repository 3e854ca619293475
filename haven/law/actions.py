"""The only writers of jurisdiction and national definition profiles, each audited with what
changed. Every save carries the version the editor started from, always: 0 means "this record
must not exist yet". A concurrent edit, or two people creating the same code at once, is refused
with a clear conflict rather than silently overwritten or failing with a server error."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.action import action
from haven.audit.log import record
from haven.core.versioning import CONFLICT, EditConflict, changes, save_versioned
from haven.law.loader import law
from haven.law.models import JurisdictionProfile, NationalDefinitionProfile
from haven.law.profiles import UnknownProfile, definition_profile


def _require_editor(user: User | None) -> None:
    if user is not None and not user.can(Capability.EDIT_LEGAL_PROFILES):
        raise PermissionDenied(gettext("Your roles do not allow editing legal profiles."))


def _validate_update(instance: models.Model, data: dict[str, Any]) -> None:
    candidate = type(instance)(**{**_fields(instance), **data})
    candidate._state.adding = False  # the same row: unique checks must not count it twice
    candidate.full_clean()


Profile = TypeVar("Profile", JurisdictionProfile, NationalDefinitionProfile)


NEW = 0
CREATED_MEANWHILE = _(
    "Someone else created a record with this code after you started; nothing was overwritten. "
    "Open theirs to see it, then make your changes there."
)


def _create(model: type[Profile], data: dict[str, Any]) -> Profile:
    """A new row, or a conflict if the code was taken meanwhile (even in a racing transaction)."""
    if model._default_manager.filter(code=data.get("code")).exists():
        raise EditConflict(CREATED_MEANWHILE)
    instance = model(**data)
    instance.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise EditConflict(CREATED_MEANWHILE) from None
    return instance


def _save_profile(
    model: type[Profile],
    instance: Profile | None,
    data: dict[str, Any],
    expected_version: int,
) -> tuple[Profile, dict[str, Any]]:
    """Create (expected version 0) or update (guarded by version); return the row and changes."""
    if instance is None:
        if expected_version != NEW:
            raise EditConflict(CONFLICT)
        return _create(model, data), {"created": sorted(data)}
    if expected_version == NEW:
        raise EditConflict(CREATED_MEANWHILE)
    changed = changes(instance, data)
    _validate_update(instance, data)
    save_versioned(instance, data, expected_version)
    return instance, changed


def _audited_save(
    model: type[Profile],
    instance: Profile | None,
    data: dict[str, Any],
    *,
    acting_user: User | None,
    expected_version: int,
) -> Profile:
    saved, changed = _save_profile(model, instance, data, expected_version)
    record(
        actor=acting_user,
        action=f"law.{model.audit_name}_saved",
        target=saved,
        organisation=None,
        details={"code": saved.code, "changes": changed},
    )
    return saved


@action()
def do_save_jurisdiction(
    *,
    jurisdiction: JurisdictionProfile | None,
    data: dict[str, Any],
    acting_user: User | None,
    expected_version: int,
) -> JurisdictionProfile:
    """Create a jurisdiction profile (jurisdiction None, expected version 0) or update one."""
    _require_editor(acting_user)
    _check_references(data)
    return _audited_save(
        JurisdictionProfile,
        jurisdiction,
        data,
        acting_user=acting_user,
        expected_version=expected_version,
    )


@action()
def do_save_definition_profile(
    *,
    profile: NationalDefinitionProfile | None,
    data: dict[str, Any],
    acting_user: User,
    expected_version: int,
) -> NationalDefinitionProfile:
    """Create a national definition profile (profile None, expected version 0) or update one."""
    _require_editor(acting_user)
    if data.get("code") in law().profiles:
        raise ValidationError(
            gettext("code: %(code)s is a built-in profile") % {"code": repr(data["code"])}
        )
    return _audited_save(
        NationalDefinitionProfile,
        profile,
        data,
        acting_user=acting_user,
        expected_version=expected_version,
    )


def _check_references(data: dict[str, Any]) -> None:
    unknown = set(data.get("ratified", [])) - set(law().instruments)
    if unknown:
        raise ValidationError(
            gettext("ratified: unknown instrument(s) %(ids)s") % {"ids": ", ".join(sorted(unknown))}
        )
    if "definition_profile" in data:
        try:
            definition_profile(data["definition_profile"])
        except UnknownProfile as error:
            raise ValidationError(
                gettext("definition_profile: %(error)s") % {"error": error}
            ) from None


def _fields(instance: models.Model) -> dict[str, Any]:
    return {f.name: getattr(instance, f.name) for f in instance._meta.concrete_fields}


@action()
def do_load_builtin_jurisdictions() -> list[str]:
    """Add the built-in jurisdiction profiles that are missing; never overwrite a user's edits.
    Audited even when none was missing, as one event naming the codes added (perhaps none)."""
    existing = set(JurisdictionProfile.objects.values_list("code", flat=True))
    added = []
    for entry in law().jurisdictions.values():
        if entry.code not in existing:
            JurisdictionProfile.objects.create(
                code=entry.code,
                name=entry.name,
                definition_profile=entry.definition_profile,
                reflection_days=entry.reflection_days,
                notes=entry.notes,
                builtin=True,
            )
            added.append(entry.code)
    record(
        actor=None,
        action="law.jurisdictions_loaded",
        organisation=None,
        target_type="law.jurisdictionprofile",
        details={"codes": added},
    )
    return added
