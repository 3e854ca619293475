"""The database itself refuses a purpose that is not a registered code."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from haven.audit.constraints import PURPOSE_CONSTRAINT
from haven.audit.models import AuditEvent
from haven.audit.purposes import Purpose
from haven.audit.tests.conftest import write_events

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table


def test_the_constraint_lists_exactly_the_registered_codes():
    assert sorted(PURPOSE_CONSTRAINT.condition.children[0][1]) == sorted(Purpose.values)


def test_the_migrations_match_the_enum():
    # A purpose added without its migration leaves the database accepting the old list only.
    call_command("makemigrations", "audit", "--check", "--dry-run", stdout=StringIO())


def test_free_text_cannot_be_inserted_behind_record(worker):
    (event,) = write_events(worker, 1)
    columns = "seq, occurred_at, actor_username, organisation_name, action, target_type, " \
        "target_id, purpose, details, mac, prev_hash, hash"  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} ({columns}) VALUES (%s, %s, '', '', 'case.read', '', '', "  # noqa: S608
            "%s, '{}', '', '', '')",
            [2, event.occurred_at, "Visiting Maria at 12 Rose Street"],
        )


def test_free_text_cannot_be_written_over_a_purpose(worker):
    write_events(worker, 1)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET purpose = %s WHERE seq = 1", ["her new address"])  # noqa: S608


def test_every_registered_code_is_accepted(worker):
    from haven.audit.log import record

    with transaction.atomic():
        for purpose in Purpose:
            record(actor=worker, action="case.read", purpose=purpose)
    assert AuditEvent.objects.count() == len(Purpose)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_old_free_text_rows_and_refuses_new_ones():
    from django.db.migrations.executor import MigrationExecutor

    def migrate_to(name: str) -> None:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("audit", name)])

    legacy = "INSERT INTO {t} (seq, occurred_at, actor_username, organisation_name, action, " \
        "target_type, target_id, purpose, details, mac, prev_hash, hash) VALUES " \
        "(%s, CURRENT_TIMESTAMP, '', '', 'case.read', '', '', %s, '{{}}', '', '', '')"  # fmt: skip
    migrate_to("0002_sealing")
    try:
        with connection.cursor() as cursor:
            cursor.execute(legacy.format(t=TABLE), [1, "written before purposes were codes"])
        migrate_to("0003_purpose_constraint")
        assert AuditEvent.objects.get(seq=1).purpose == "written before purposes were codes"
        with pytest.raises(IntegrityError), connection.cursor() as cursor:
            cursor.execute(legacy.format(t=TABLE), [2, "new free text"])
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        migrate_to("0002_sealing")
        migrate_to("0003_purpose_constraint")
