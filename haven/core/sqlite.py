"""SQLite's query planner picks an index by the table statistics ANALYZE gathers; without them it
guesses, and it guessed "every case of the organisation" over "the few open deadlines" for the
badge counts on every page (bench/cases.py). PostgreSQL's autovacuum keeps its statistics; on
SQLite Haven refreshes them itself, at most every REFRESH_SECONDS per process, sampling at most
ANALYSIS_LIMIT rows per index so that the refresh stays a few milliseconds at any size."""

import logging
import time

from django.db import DatabaseError, connection

REFRESH_SECONDS = 600.0
ANALYSIS_LIMIT = 1000
_last = [float("-inf")]
log = logging.getLogger(__name__)


def refresh_statistics(*, now: float | None = None) -> bool:
    """Run ANALYZE if this process has not in the last REFRESH_SECONDS; whether it ran."""
    now = time.monotonic() if now is None else now
    if connection.vendor != "sqlite" or now - _last[0] < REFRESH_SECONDS:
        return False
    if connection.connection is None:
        return False  # this request needed no database: do not open one for the statistics
    _last[0] = now
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
    except DatabaseError as error:  # busy: the next refresh tries again; the page is served
        log.warning("SQLite statistics not refreshed: %s", error)
        return False
    return True
