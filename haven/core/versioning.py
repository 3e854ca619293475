"""No lost updates: a save carries the version its editor started from, and is refused when
someone else saved in between. Models using it have a `version` integer field."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F

from haven.audit.log import record

Model = TypeVar("Model", bound=models.Model)


class EditConflict(ValidationError):
    """Someone else saved the record after this editor opened it."""


CONFLICT = (
    "Someone else saved this record after you opened it. Reload it to see their changes, then "
    "make yours again; nothing was overwritten."
)


def save_versioned(instance: models.Model, data: dict[str, Any], expected_version: int) -> None:
    """Write `data` only if the row is still at `expected_version`; bump the version."""
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, version=expected_version)
        .update(**data, version=F("version") + 1)
    )
    if not updated:
        raise EditConflict(CONFLICT)
    instance.refresh_from_db()


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
) -> Model:
    """The shape of every versioned edit: one transaction that saves `data` (refused if someone
    saved since `expected_version`) and writes its audit event, which names the fields that
    changed but never their values. `describe` adds ids and codes, read after the save (and may
    do the edit's follow-up writes, which then share the transaction)."""
    changed = sorted(changes(instance, data))
    with transaction.atomic():
        save_versioned(instance, data, expected_version)
        extra = describe(instance) if describe else {}
        record(
            actor=acting_user,
            action=action,
            target=target or instance,
            details={**extra, "fields": changed},
        )
    return instance
