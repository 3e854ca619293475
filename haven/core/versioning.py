"""No lost updates: a save carries the version its editor started from, and is refused when
someone else saved in between. Models using it have a `version` integer field."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F


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
