"""Model fields that keep identifying values encrypted at rest, and blind indexes to find them.

Values are plaintext on model instances and ciphertext in the database: encryption happens as
Django prepares a value for SQL, decryption as it reads a row. Each value is bound to its column
(``<app>.<model>.<field>``), so a ciphertext moved elsewhere fails to decrypt.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django import forms
from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Combinable
from django.db.models.lookups import Exact, IsNull, Lookup, Transform
from django.utils.translation import gettext_lazy as _

from haven.crypto.cipher import blind_index, decrypt, encrypt, normalise


class Ciphertext(str):
    """A token already encrypted for its column: preparing it again must not encrypt it twice."""


def column_context(field: models.Field[Any, Any]) -> str:
    return f"{field.model._meta.label_lower}.{field.name}"


class EncryptedField(models.Field):
    """Shared by encrypted fields: a text column of tokens, blank stored as blank and NULL as NULL.

    Blank is kept in clear so that `blank=True` costs nothing; every other value is a token.
    """

    def get_internal_type(self) -> str:
        return "TextField"

    @property
    def context(self) -> str:
        return column_context(self)

    def plaintext_of(self, value: Any) -> str:
        """The string that is encrypted; subclasses say how their Python values are spelled."""
        return str(self.to_python(value))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return self.to_python(value)
        return self.to_python(decrypt(value, context=self.context))

    def get_prep_value(self, value: Any) -> Any:
        value = models.Field.get_prep_value(self, value)  # resolves lazy translations
        if value is None or isinstance(value, Ciphertext):
            return value
        text = self.plaintext_of(value)
        return Ciphertext(encrypt(text, context=self.context)) if text else ""

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        # Drivers get a plain str: the Ciphertext marker only matters inside Django.
        return None if value is None else str(value)

    def get_lookup(self, lookup_name: str) -> type[Lookup] | None:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return BlankOnlyExact
        raise refusal(self, lookup_name)

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        raise refusal(self, lookup_name)


class EncryptedTextField(EncryptedField, models.TextField):
    """Text encrypted with the primary key."""

    description = "Text encrypted at rest"


class BlankOnlyExact(Exact):
    """`field=""` still finds blank values: blank is stored as blank, not as ciphertext."""

    def get_prep_lookup(self) -> Any:
        if not (self.rhs is None or (isinstance(self.rhs, str) and self.rhs == "")):
            raise refusal(self.lhs.output_field, "exact")
        return super().get_prep_lookup()


def refusal(field: models.Field[Any, Any], lookup_name: str) -> FieldError:
    indexes = [f.name for f in blind_indexes_over(field)]
    named = ", ".join(indexes) or "none covers this field yet"
    return FieldError(
        f"{column_context(field)}__{lookup_name}: encrypted fields cannot be filtered; "
        f"use its BlindIndexField ({named}) with haven.crypto.fields.index_for()"
    )


def blind_indexes_over(field: models.Field[Any, Any]) -> list[BlindIndexField]:
    fields = field.model._meta.get_fields()
    return [f for f in fields if isinstance(f, BlindIndexField) and field.name in f.source]


class EncryptedDateField(EncryptedField):
    """A date stored as encrypted ISO text: a birthdate is as identifying as a name."""

    _pyi_private_set_type: datetime.date | str | Combinable | None
    _pyi_private_get_type: datetime.date | None
    description = "Date encrypted at rest"

    def to_python(self, value: Any) -> datetime.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date in YYYY-MM-DD form."),
                code="invalid_date",
                params={"value": value},
            ) from None

    def plaintext_of(self, value: Any) -> str:
        date = self.to_python(value)
        return "" if date is None else date.isoformat()

    def value_to_string(self, obj: models.Model) -> str:
        return self.plaintext_of(self.value_from_object(obj))

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class or forms.DateField,
            choices_form_class=choices_form_class,
            **kwargs,
        )


# Set on every BlindIndexField whatever the caller passes, so they are left out of migrations.
_BLIND_INDEX_FIXED: dict[str, Any] = {"max_length": 64, "editable": False, "null": True}


class BlindIndexField(models.CharField):
    """A keyed hash of other fields' values, for exact lookups on encrypted fields.

    Computed on save(); NULL when every source is empty, so blank records never match each
    other. QuerySet.update() and bulk_update() skip save() and so leave it stale.
    """

    description = "Keyed hash of encrypted fields, for exact lookups"

    def __init__(self, *args: Any, source: Sequence[str] = (), **kwargs: Any) -> None:
        if isinstance(source, str) or not source:
            raise TypeError("BlindIndexField needs source=(names of the fields it indexes, ...)")
        self.source = tuple(source)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **{**kwargs, **_BLIND_INDEX_FIXED})

    @property
    def context(self) -> str:
        return column_context(self)

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        for fixed in _BLIND_INDEX_FIXED:
            kwargs.pop(fixed, None)
        if not kwargs.pop("db_index", False):
            kwargs["db_index"] = False
        if not kwargs.pop("blank", False):
            kwargs["blank"] = False
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *self._check_source()]

    def _check_source(self) -> list[checks.CheckMessage]:
        known = {f.name for f in self.model._meta.get_fields()}
        return [
            checks.Error(f"source names {name!r}, which is not a field", obj=self, id="crypto.E001")
            for name in self.source
            if name not in known
        ]

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = self.index_of(getattr(model_instance, name) for name in self.source)
        setattr(model_instance, self.attname, value)
        return value

    def index_of(self, values: Iterable[object]) -> str | None:
        texts = [source_text(value) for value in values]
        if not any(normalise(text) for text in texts):
            return None
        return blind_index(texts, context=self.context)


def source_text(value: object) -> str:
    """How a source value is spelled before hashing: dates as ISO, nothing as blank."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def index_for(model: type[models.Model], index_field_name: str, *values: object) -> str:
    """The blind index to filter on, e.g. ``filter(name_index=index_for(Person, "name_index",
    "Ana", "Silva"))``; matching ignores case, width and extra spaces."""
    field = model._meta.get_field(index_field_name)
    if not isinstance(field, BlindIndexField):
        raise TypeError(f"{model._meta.label}.{index_field_name} is not a BlindIndexField")
    if len(values) != len(field.source):
        raise TypeError(f"{field.context} indexes {field.source}: give one value for each")
    index = field.index_of(values)
    if index is None:
        raise ValueError(f"{field.context}: all values are blank, and blank records have no index")
    return index


def encrypted_field(model: type[models.Model], name: str) -> EncryptedField:
    field = model._meta.get_field(name)
    if not isinstance(field, EncryptedField):
        raise TypeError(f"{model._meta.label}.{name} is not an encrypted field")
    return field


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, once per table, for key rotation."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        names = [
            field.name
            for field in model._meta.local_concrete_fields
            if isinstance(field, EncryptedField)
        ]
        if names:
            yield model, names
