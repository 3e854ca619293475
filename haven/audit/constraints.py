"""The database refuses an audit purpose that is not a registered code (haven.audit.purposes).

`PURPOSE_CONSTRAINT` is generated from the enum, so the model's Meta and the migrations say
the same thing; a purpose added to the enum without a migration fails the migrations check
(haven/audit/tests/test_constraints.py).

Events written before purposes were codes may hold free text, and they cannot be rewritten:
the chain's hashes cover them. `AddPurposeConstraint` therefore checks new and changed rows
only: PostgreSQL adds the CHECK as NOT VALID (enforced for every INSERT and UPDATE, old rows
left alone); SQLite, whose CHECKs come with the table, gets the CHECK when no old row breaks
it and otherwise the same rule as triggers. Use it (with the new constraint) in the migration
that follows a change to the enum.
"""

from typing import Any

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from haven.audit.purposes import Purpose

NAME = "audit_purpose_registered"
TABLE = "audit_auditevent"


def purpose_constraint(codes: list[str] | None = None) -> models.CheckConstraint:
    codes = sorted(Purpose.values) if codes is None else codes
    return models.CheckConstraint(condition=models.Q(purpose__in=codes), name=NAME)


PURPOSE_CONSTRAINT = purpose_constraint()


class AddPurposeConstraint(migrations.AddConstraint):
    """AddConstraint that leaves rows written before purposes were codes alone."""

    constraint: models.CheckConstraint  # set by AddConstraint.__init__; the stubs omit it

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: Any,
        to_state: Any,
    ) -> None:
        codes = _codes(self.constraint)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE {TABLE} ADD CONSTRAINT {NAME} CHECK (purpose IN ({_list(codes)})) "
                "NOT VALID"
            )
        elif _legacy_rows(schema_editor, codes):
            _add_triggers(schema_editor, codes)
        else:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: Any,
        to_state: Any,
    ) -> None:
        if schema_editor.connection.vendor == "sqlite" and _has_triggers(schema_editor):
            for when in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}_{when}")
            return
        super().database_backwards(app_label, schema_editor, from_state, to_state)


def _codes(constraint: Any) -> list[str]:
    (field, codes) = constraint.condition.children[0]
    assert field == "purpose__in"  # noqa: S101  # only ever built by purpose_constraint()
    return list(codes)


def _list(codes: list[str]) -> str:
    return ", ".join("'" + code.replace("'", "''") + "'" for code in codes)


def _legacy_rows(schema_editor: BaseDatabaseSchemaEditor, codes: list[str]) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} WHERE purpose NOT IN ({_list(codes)}) LIMIT 1")  # noqa: S608
        return cursor.fetchone() is not None


def _add_triggers(schema_editor: BaseDatabaseSchemaEditor, codes: list[str]) -> None:
    for when in ("insert", "update"):
        schema_editor.execute(
            f"CREATE TRIGGER {NAME}_{when} BEFORE {when.upper()} ON {TABLE} "
            f"WHEN NEW.purpose NOT IN ({_list(codes)}) "
            f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {NAME}'); END"
        )


def _has_triggers(schema_editor: BaseDatabaseSchemaEditor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        query = "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s"
        cursor.execute(query, [f"{NAME}_insert"])
        return cursor.fetchone() is not None
