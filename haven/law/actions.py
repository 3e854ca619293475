"""The only writers of jurisdiction and national definition profiles, each audited with what
changed. Saves carry the version the editor started from, so a concurrent edit is refused
rather than silently overwritten."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.log import record
from haven.law.loader import law
from haven.law.models import JurisdictionProfile, NationalDefinitionProfile
from haven.law.profiles import UnknownProfile, definition_profile


class EditConflict(ValidationError):
    """Someone else saved the profile after this editor opened it."""


def _require_editor(user: User | None) -> None:
    if user is not None and not user.can(Capability.EDIT_LEGAL_PROFILES):
        raise PermissionDenied("Your roles do not allow editing legal profiles.")


def _changes(instance: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [getattr(instance, name), value]
        for name, value in data.items()
        if getattr(instance, name) != value
    }


def _save_versioned(instance: models.Model, data: dict[str, Any], expected_version: int) -> None:
    """Write `data` only if the row is still at `expected_version`; bump the version."""
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **data, version=F("version") + 1
    )
    if not updated:
        raise EditConflict(
            "Someone else saved this profile after you opened it. Reload it to see their "
            "changes, then make yours again; nothing was overwritten."
        )
    instance.refresh_from_db()


def _validate_update(instance: models.Model, data: dict[str, Any]) -> None:
    candidate = type(instance)(**{**_fields(instance), **data})
    candidate._state.adding = False  # the same row: unique checks must not count it twice
    candidate.full_clean()


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
    with transaction.atomic():
        if jurisdiction is None:
            jurisdiction = JurisdictionProfile(**data)
            jurisdiction.full_clean()
            jurisdiction.save()
            changes: dict[str, Any] = {"created": sorted(data)}
        else:
            changes = _changes(jurisdiction, data)
            _validate_update(jurisdiction, data)
            _save_versioned(jurisdiction, data, expected_version or jurisdiction.version)
        record(
            actor=acting_user,
            action="law.jurisdiction_saved",
            target=jurisdiction,
            organisation=None,
            details={"code": jurisdiction.code, "changes": changes},
        )
    return jurisdiction


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


def do_save_definition_profile(
    *,
    profile: NationalDefinitionProfile | None,
    data: dict[str, Any],
    acting_user: User,
    expected_version: int | None = None,
) -> NationalDefinitionProfile:
    _require_editor(acting_user)
    if data.get("code") in law().profiles:
        raise ValidationError(f"code: {data['code']!r} is a built-in profile")
    with transaction.atomic():
        if profile is None:
            profile = NationalDefinitionProfile(**data)
            profile.full_clean()
            profile.save()
            changes: dict[str, Any] = {"created": sorted(data)}
        else:
            changes = _changes(profile, data)
            _validate_update(profile, data)
            _save_versioned(profile, data, expected_version or profile.version)
        record(
            actor=acting_user,
            action="law.definition_profile_saved",
            target=profile,
            organisation=None,
            details={"code": profile.code, "changes": changes},
        )
    return profile


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
