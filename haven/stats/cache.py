"""Exact figures kept between page views, dropped as soon as the records behind them may
have changed.

At a million cases one indicator's GROUP BY takes about a second on SQLite, and a page has
some twenty-five; the figures change only when someone records something. Every writer is an
action, and every action writes exactly one audit event, so the newest audit event of the
"write" kind (haven.audit.registry; not the statistics' own `stats.*` events) says whether
anything was written since: reading a case does not empty the cache. The
highest primary key of every table the indicators read is added, so that rows inserted
without an action (a test's or benchmark's generated cases) are noticed too, and today's
date, since "reflection periods ended" depends on it. An entry also expires after
HAVEN_STATS_CACHE_SECONDS, which bounds how stale a figure can be if a write escapes both
(a transaction that took its audit number before another's and committed after it).

Off unless HAVEN_STATS_CACHE_SECONDS is set above 0. What is kept are exact figures; the
disclosure control is applied to them afterwards for each viewer, as without the cache.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils import timezone

T = TypeVar("T")
SIZE = 1024
# The tables the indicators count from (haven/stats/compute.py RECORDS), and consent.
TABLES = (
    "cases.Case",
    "cases.Person",
    "cases.VictimContext",
    "cases.Consent",
    "cases.Deadline",
    "screening.Screening",
    "screening.Decision",
    "referrals.Referral",
    "proceedings.Charge",
    "proceedings.Proceeding",
    "proceedings.RemedyClaim",
    "proceedings.ReturnRecord",
    "support.Milestone",
)

_entries: "OrderedDict[tuple[Any, ...], tuple[float, Any]]" = OrderedDict()
_lock = threading.Lock()


def seconds() -> int:
    return int(settings.HAVEN_STATS_CACHE_SECONDS)


def version() -> tuple[Any, ...]:
    """What changes whenever a record the figures count may have changed."""
    from haven.audit.models import AuditEvent
    from haven.audit.registry import WRITE, names_of_kind

    writes = sorted(name for name in names_of_kind(WRITE) if not name.startswith("stats."))
    last = (
        AuditEvent.objects.filter(action__in=writes)
        .order_by("-seq")
        .values_list("seq", "mac")
        .first()
    )
    highest = tuple(
        apps.get_model(label).objects.aggregate(top=Max("pk"))["top"] for label in TABLES
    )
    return (last, highest, timezone.localdate())


def key_of(records: QuerySet[Any]) -> tuple[Any, ...]:
    sql, params = records.query.sql_with_params()
    return (sql, tuple(params))


def cached(key: tuple[Any, ...], compute: Callable[[], T], *, at: tuple[Any, ...]) -> T:
    """compute(), or what it gave for the same key at the same version and not too long ago."""
    life = seconds()
    if life <= 0:
        return compute()
    full = (key, at)
    now = time.monotonic()
    with _lock:
        hit = _entries.get(full)
        if hit is not None and now - hit[0] < life:
            _entries.move_to_end(full)
            return hit[1]  # type: ignore[no-any-return,unused-ignore]  # stored here as a T
    value = compute()
    with _lock:
        _entries[full] = (now, value)
        while len(_entries) > SIZE:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
