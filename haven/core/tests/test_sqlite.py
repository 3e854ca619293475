"""SQLite's planner gets table statistics now and then, so that the badge counts search the few
open deadlines instead of every case of the organisation."""

import datetime

import pytest
from django.db import connection

from haven.cases.actions import do_open_case
from haven.cases.deadlines import open_deadlines_for
from haven.cases.models import Case, Deadline
from haven.core import sqlite

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner only")


def _plan(queryset):
    sql, params = queryset.query.get_compiler(using="default").as_sql()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(row[-1] for row in cursor.fetchall())


@pytest.mark.django_db
def test_statistics_are_refreshed_at_most_every_ten_minutes(monkeypatch):
    monkeypatch.setattr(sqlite, "_last", [float("-inf")])
    connection.ensure_connection()
    assert sqlite.refresh_statistics(now=1000.0)
    assert not sqlite.refresh_statistics(now=1000.0 + sqlite.REFRESH_SECONDS - 1)
    assert sqlite.refresh_statistics(now=1000.0 + sqlite.REFRESH_SECONDS)


@pytest.mark.django_db
def test_with_statistics_the_open_deadlines_are_found_by_date_not_by_reading_every_case(
    case_manager, monkeypatch
):
    first = do_open_case(first_name="Ana", acting_user=case_manager)
    cases = [
        Case(
            organisation=first.organisation,
            person=first.person,
            opened_by=case_manager,
            assigned_to=case_manager,
        )
        for _ in range(300)
    ]
    made = Case.objects.bulk_create(cases)
    today = datetime.date.today()
    Deadline.objects.bulk_create(
        Deadline(
            case=c, organisation=c.organisation, code="x", title="t", due_on=today, done_on=today
        )
        for c in made
    )
    Deadline.objects.create(case=first, code="y", title="t", due_on=today)
    monkeypatch.setattr(sqlite, "_last", [float("-inf")])
    sqlite.refresh_statistics()
    due = open_deadlines_for(case_manager).filter(due_on__lte=today)
    assert due.count() == 1
    assert "deadline_open_due" in _plan(due)


def test_a_request_that_needed_no_database_opens_none_for_the_statistics(monkeypatch):
    # Reproduction: /api/v1/openapi.json opened a connection only to refresh the statistics.
    monkeypatch.setattr(sqlite, "_last", [float("-inf")])
    monkeypatch.setattr(connection, "connection", None)
    assert not sqlite.refresh_statistics()  # without a database allowed, a connection would raise


def test_a_sqlite_database_file_runs_in_write_ahead_mode_with_full_sync(
    tmp_path, settings, django_db_blocker
):
    from django.db.utils import ConnectionHandler

    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "haven.sqlite3"),
                "OPTIONS": settings.SQLITE_OPTIONS,
            }
        }
    )
    with django_db_blocker.unblock(), handler["default"].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
    handler.close_all()
