"""No lost updates, no unchecked writes. A save carries the version its editor started from
and is refused when someone else saved in between; a creation carries version 0, which means
"must not exist yet", so two first saves cannot both win. Every versioned save validates the
model (`full_clean`), writes only fields the caller allows, and sets `auto_now` fields, as
`Model.save()` would. Models using it have a `version` integer field."""

import copy
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from haven.audit.log import record

Model = TypeVar("Model", bound=models.Model)
NEW = 0  # the expected version of a record that must not exist yet


class EditConflict(ValidationError):
    """Someone else saved the record after this editor opened it."""


CONFLICT = (
    "Someone else saved this record after you opened it. Reload it to see their changes, then "
    "make yours again; nothing was overwritten."
)
EXISTS = (
    "Someone else created this record after you opened the form. Reload it to see theirs, then "
    "make your changes again; nothing was overwritten."
)


def _check_version(expected_version: object) -> int:
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise TypeError(
            f"expected_version must be an int (0 for a new record), not {expected_version!r}"
        )
    return expected_version


def _check_fields(
    model: type[models.Model], data: dict[str, Any], allowed: Iterable[str] | None
) -> None:
    wanted = set(data)
    refused = {"id", "pk", "version"} & wanted
    if allowed is not None:
        refused |= wanted - set(allowed)
    concrete = {f.name for f in model._meta.concrete_fields if not f.primary_key}
    refused |= wanted - concrete
    if refused:
        raise ValidationError(
            gettext("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(refused))}
        )


def _auto_now(model: type[models.Model]) -> dict[str, Any]:
    now = timezone.now()
    return {f.name: now for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}


def validated(instance: Model, data: dict[str, Any]) -> Model:
    """A copy of `instance` with `data` applied, checked by `full_clean` (the original is
    left as it was when the data is refused)."""
    candidate = copy.copy(instance)
    for name, value in data.items():
        setattr(candidate, name, value)
    candidate.full_clean(exclude=["version"])
    return candidate


def save_versioned(
    instance: models.Model,
    data: dict[str, Any],
    expected_version: int,
    *,
    allowed: Iterable[str] | None = None,
) -> None:
    """Write `data` (validated, only `allowed` fields) only if the row is still at
    `expected_version`; bump the version and set `auto_now` fields."""
    version = _check_version(expected_version)
    model = type(instance)
    _check_fields(model, data, allowed)
    validated(instance, data)
    updated = model._default_manager.filter(pk=instance.pk, version=version).update(
        **data, **_auto_now(model), version=F("version") + 1
    )
    if not updated:
        raise EditConflict(CONFLICT)
    instance.refresh_from_db()


def create_versioned(model: type[Model], data: dict[str, Any], expected_version: int) -> Model:
    """Create a record that must not exist yet (`expected_version` 0). A concurrent creation
    of the same record (a unique constraint) is the same clear conflict as a stale edit."""
    if _check_version(expected_version) != NEW:
        raise EditConflict(CONFLICT)
    instance = model(**data)
    try:
        instance.full_clean(exclude=["version"])
    except ValidationError as error:
        if _only_unique(error):
            raise EditConflict(EXISTS) from None
        raise
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError:
        raise EditConflict(EXISTS) from None
    return instance


def _only_unique(error: ValidationError) -> bool:
    codes = (
        [e.code for e in error.error_list]
        if not hasattr(error, "error_dict")
        else [e.code for errors in error.error_dict.values() for e in errors]
    )
    return bool(codes) and all(code in ("unique", "unique_together") for code in codes)


def changes(instance: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Field → [before, after] for what `data` would change (for the audit trail)."""
    return {
        name: [getattr(instance, name), value]
        for name, value in data.items()
        if getattr(instance, name) != value
    }


def update_audited(
    instance: Model,
    data: dict[str, Any],
    *,
    expected_version: int,
    acting_user: Any,
    action: str,
    target: models.Model | None = None,
    describe: Callable[[Model], dict[str, Any]] | None = None,
    allowed: Iterable[str] | None = None,
) -> Model:
    """The shape of every versioned edit: one transaction that saves `data` (validated, only
    `allowed` fields, refused if someone saved since `expected_version`) and writes its audit
    event, which names the fields that changed but never their values. `describe` adds ids
    and codes, read after the save (and may do the edit's follow-up writes, which then share
    the transaction)."""
    _check_fields(type(instance), data, allowed)
    changed = sorted(changes(instance, data))
    with transaction.atomic():
        save_versioned(instance, data, expected_version, allowed=allowed)
        extra = describe(instance) if describe else {}
        record(
            actor=acting_user,
            action=action,
            target=target or instance,
            details={**extra, "fields": changed},
        )
    return instance
