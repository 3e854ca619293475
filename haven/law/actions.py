"""The only writers of jurisdiction and national definition profiles, each audited with what
changed. Saves carry the version the editor started from, so a concurrent edit is refused
rather than silently overwritten."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.log import record
from haven.core.versioning import changes, save_versioned
from haven.law.loader import law
from haven.law.models import JurisdictionProfile, NationalDefinitionProfile
from haven.law.profiles import UnknownProfile, definition_profile


def _require_editor(user: User | None) -> None:
    if user is not None and not user.can(Capability.EDIT_LEGAL_PROFILES):
        raise PermissionDenied("Your roles do not allow editing legal profiles.")


def _validate_update(instance: models.Model, data: dict[str, Any]) -> None:
    candidate = type(instance)(**{**_fields(instance), **data})
    candidate._state.adding = False  # the same row: unique checks must not count it twice
    candidate.full_clean()


Profile = TypeVar("Profile", JurisdictionProfile, NationalDefinitionProfile)


def _save_profile(
    model: type[Profile],
    instance: Profile | None,
    data: dict[str, Any],
    expected_version: int | None,
) -> tuple[Profile, dict[str, Any]]:
    """Create or update (guarded by version); return the saved row and what changed."""
    if instance is None:
        instance = model(**data)
        instance.full_clean()
        instance.save()
        return instance, {"created": sorted(data)}
    changed = changes(instance, data)
    _validate_update(instance, data)
    save_versioned(instance, data, expected_version or instance.version)
    return instance, changed


def _audited_save(
    model: type[Profile],
    instance: Profile | None,
    data: dict[str, Any],
    *,
    acting_user: User | None,
    expected_version: int | None,
) -> Profile:
    with transaction.atomic():
        saved, changes = _save_profile(model, instance, data, expected_version)
        record(
            actor=acting_user,
            action=f"law.{model.audit_name}_saved",
            target=saved,
            organisation=None,
            details={"code": saved.code, "changes": changes},
        )
    return saved


def do_save_jurisdiction(
    *,
    jurisdiction: JurisdictionProfile | None,
    data: dict[str, Any],
    acting_user: User | None,
    expected_version: int | None = None,
) -> JurisdictionProfile:
    """Create a jurisdiction profile (jurisdiction None) or update one."""
    _require_editor(acting_user)
    _check_references(data)
    return _audited_save(
        JurisdictionProfile,
        jurisdiction,
        data,
        acting_user=acting_user,
        expected_version=expected_version,
    )


def do_save_definition_profile(
    *,
    profile: NationalDefinitionProfile | None,
    data: dict[str, Any],
    acting_user: User,
    expected_version: int | None = None,
) -> NationalDefinitionProfile:
    """Create a national definition profile (profile None) or update one."""
    _require_editor(acting_user)
    if data.get("code") in law().profiles:
        raise ValidationError(f"code: {data['code']!r} is a built-in profile")
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
        raise ValidationError(f"ratified: unknown instrument(s) {', '.join(sorted(unknown))}")
    if "definition_profile" in data:
        try:
            definition_profile(data["definition_profile"])
        except UnknownProfile as error:
            raise ValidationError(f"definition_profile: {error}") from None


def _fields(instance: models.Model) -> dict[str, Any]:
    return {f.name: getattr(instance, f.name) for f in instance._meta.concrete_fields}


def do_load_builtin_jurisdictions() -> list[str]:
    """Add the built-in jurisdiction profiles that are missing; never overwrite a user's edits."""
    existing = set(JurisdictionProfile.objects.values_list("code", flat=True))
    added = []
    with transaction.atomic():
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
        if added:
            record(
                actor=None,
                action="law.jurisdictions_loaded",
                organisation=None,
                target_type="law.jurisdictionprofile",
                details={"codes": added},
            )
    return added
