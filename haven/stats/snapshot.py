"""Snapshots: every organisation's exact cells by year of registration, so that a country's
dashboard adds up some fifty stored rows instead of counting a million cases on each view.

A snapshot holds the cells (haven/stats/cells.py) of the organisation's *shareable* cases,
those that may be counted in figures leaving it (access.shareable), for every indicator and
year. The national dashboard and an aggregate viewer's page sum them and then apply the same
disclosure control as to live figures; a supervisor's exact view of their own organisation,
which counts every case, stays live.

Each snapshot keeps the marker of the records it matches (marker()): the newest write audit
event, the highest primary key of every table the indicators count, the date (reflection
periods end by it), the legal basis and the indicators' definitions. Before a page is shown,
the organisations whose records changed since their snapshot's marker are counted again
(stale()), and only those: the organisations named by the write events since, as actor or
through the record an event is about; those of rows inserted without an action (primary
keys above the marker's); those with a reflection period ended since the marker's date. A
changed basis or definition, an event about a record that is gone, or very many events, and
every organisation is counted again. `haven stats snapshot` (from cron, or --enqueue for the
job queue) counts everything again, which also bounds what a write escaping all of these
could leave behind.
"""

import contextlib
import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError
from django.db.models import Case as Choose
from django.db.models import (
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Model,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from haven.cases.models import Case
from haven.stats import cells
from haven.stats.compute import Figures, cells_by, figures_of, records_of
from haven.stats.indicators import DATA, Indicator, indicators

# From the records each indicator counts (compute.RECORDS) to their case.
CASE_PATHS = {
    "cases": "",
    "screenings": "case__",
    "first_decisions": "screening__case__",
    "appeal_decisions": "screening__case__",
    "reflection_periods_ended": "case__",
    "referrals": "case__",
    "accepted_referrals": "case__",
    "non_punishment_requests": "case__",
    "proceedings": "case__",
    "compensation_claims": "case__",
    "returns": "case__",
    "milestones_reached": "plan__case__",
}
# Every table whose rows the figures count, and the path from a row to its organisation(s).
ORGANISATION_PATHS = {
    "cases.Case": "organisation",
    "cases.Person": "cases__organisation",
    "cases.VictimContext": "case__organisation",
    "cases.Consent": "person__cases__organisation",
    "cases.Deadline": "case__organisation",
    "screening.Screening": "case__organisation",
    "screening.Decision": "screening__case__organisation",
    "referrals.Referral": "case__organisation",
    "proceedings.Charge": "case__organisation",
    "proceedings.Proceeding": "case__organisation",
    "proceedings.RemedyClaim": "case__organisation",
    "proceedings.RiskAssessment": "case__organisation",
    "proceedings.ReturnRecord": "case__organisation",
    "support.SupportPlan": "case__organisation",
    "support.Milestone": "plan__case__organisation",
}
MOST_EVENTS = 5000  # beyond this many writes since a marker, counting everything is cheaper

Marker = dict[str, Any]
ByYear = dict[str, dict[str, cells.Cell]]  # year -> indicator id -> cell


def marker() -> Marker:
    """The state of the records the figures count; JSON as stored."""
    highest = {
        label: apps.get_model(label).objects.aggregate(top=Max("pk"))["top"]
        for label in ORGANISATION_PATHS
    }
    return {
        "seq": _last_write(),
        "pks": highest,
        "date": timezone.localdate().isoformat(),
        "basis": settings.HAVEN_STATS_LEGAL_BASIS,
        "definitions": hashlib.sha256(DATA.read_bytes()).hexdigest(),
    }


def _writes() -> list[str]:
    from haven.audit.registry import WRITE, names_of_kind

    return sorted(name for name in names_of_kind(WRITE) if not name.startswith("stats."))


def _last_write() -> int | None:
    from haven.audit.models import AuditEvent

    events = AuditEvent.objects.filter(action__in=_writes()).order_by("-seq")
    return events.values_list("seq", flat=True).first()


def count(organisations: Collection[int] | None) -> dict[int, ByYear]:
    """Every indicator's cells of the organisations' shareable cases (every organisation's
    with None), by year."""
    from haven.stats.access import shareable_of

    cases = shareable_of(organisations)
    years = _years(cases)
    out: dict[int, ByYear] = defaultdict(dict)
    for org in organisations or ():
        out[org] = {}
    for indicator in indicators():
        path = CASE_PATHS[indicator.records]
        records = records_of(indicator, cases).annotate(
            stats_organisation=_organisation(path), stats_year=_year(path, years)
        )
        keys = ("stats_organisation", "stats_year")
        for (org, year), cell in cells_by(indicator, records, keys).items():
            out[org].setdefault(str(year), {})[indicator.id] = cell
    return dict(out)


def _organisation(path: str) -> ExpressionWrapper:
    """The organisation, as `organisation_id + 0`: grouped by the bare column, SQLite reads the
    cases through the organisation's index to save a sort, jumping across the table (3 s an
    indicator at a million cases instead of 0.5 s)."""
    return ExpressionWrapper(F(f"{path}organisation") + Value(0), output_field=IntegerField())


def _year(path: str, years: range) -> Choose:
    """The year of registration, by the same test as the dashboard's year filter (a range of
    dates in the current time zone). Not `opened_at__year` as a value: SQLite extracts that by
    calling Python for every row, which made counting every organisation take 150 s at a
    million cases against 15 s for the live count of the country."""
    chosen = [When(**{f"{path}opened_at__year": year}, then=Value(year)) for year in years]
    return Choose(*chosen, default=Value(None), output_field=IntegerField())


def _years(cases: QuerySet[Case]) -> range:
    span = cases.order_by().aggregate(first=Min("opened_at"), last=Max("opened_at"))
    if span["first"] is None:
        return range(0)
    first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
    return range(first, last + 1)


def stale(organisations: Collection[int], now: Marker) -> set[int]:
    """The organisations whose snapshot is missing or may no longer match the records."""
    from haven.stats.models import StatisticsSnapshot

    rows = StatisticsSnapshot.objects.filter(organisation_id__in=list(organisations))
    by_marker: dict[str, tuple[Marker, set[int]]] = {}
    for org, kept in rows.values_list("organisation_id", "marker"):
        if kept != now:
            by_marker.setdefault(repr(sorted(kept.items())), (kept, set()))[1].add(org)
    missing = set(organisations) - set(rows.values_list("organisation_id", flat=True))
    for kept, orgs in by_marker.values():
        changed = changed_since(kept, now)
        missing |= orgs if changed is None else orgs & changed
    return missing


def changed_since(old: Marker, now: Marker) -> set[int] | None:
    """The organisations whose figures may differ between the two markers; None: any."""
    if (old["basis"], old["definitions"]) != (now["basis"], now["definitions"]):
        return None
    by_events = _written(old["seq"] or 0, now["seq"] or 0)
    if by_events is None:
        return None
    inserted = _inserted(old["pks"], now["pks"])
    return by_events | inserted | _reflection_ended(old["date"], now["date"])


def _written(after: int, upto: int) -> set[int] | None:
    from haven.audit.models import AuditEvent

    events = AuditEvent.objects.filter(seq__gt=after, seq__lte=upto, action__in=_writes())
    rows = list(events.values_list("organisation_ref", "target_type", "target_id")[:MOST_EVENTS])
    if len(rows) == MOST_EVENTS:
        return None
    targets: dict[str, set[str]] = defaultdict(set)
    for _, kind, pk in rows:
        targets[kind].add(pk)
    found = {org for org, _, _ in rows if org is not None}
    for kind, pks in targets.items():
        orgs = _organisations_of(kind, pks)
        if orgs is None:
            return None
        found |= orgs
    return found


def _organisations_of(kind: str, pks: set[str]) -> set[int] | None:
    """The organisations of an event's records (None when one is gone: it may have been
    counted); none for a kind of record the figures do not count."""
    if kind in ("accounts.organisation", "organisation"):
        return {int(pk) for pk in pks if pk.isdigit()}
    model, path = _model_of(kind)
    if model is None:
        return set()
    ids = {int(pk) for pk in pks if pk.isdigit()}
    rows = model._default_manager.filter(pk__in=ids).values_list("pk", path)
    present = {pk for pk, _ in rows}
    if present != ids:
        return None
    return {org for _, org in rows if org is not None}


def _model_of(kind: str) -> tuple[type[Model] | None, str]:
    for label, path in ORGANISATION_PATHS.items():
        model = apps.get_model(label)
        if kind in (model._meta.label_lower, model._meta.model_name):
            return model, path
    return None, ""


def _inserted(old: dict[str, int | None], now: dict[str, int | None]) -> set[int]:
    found: set[int] = set()
    for label, path in ORGANISATION_PATHS.items():
        before, top = old.get(label) or 0, now.get(label) or 0
        if top > before:
            rows = apps.get_model(label)._default_manager.filter(pk__gt=before, pk__lte=top)
            found |= set(rows.exclude(**{f"{path}__isnull": True}).values_list(path, flat=True))
    return found


def _reflection_ended(old: str, now: str) -> set[int]:
    """Organisations with a reflection period that ended between the two dates: counted as
    ended from the day after."""
    from haven.cases.models import Deadline

    if old == now:
        return set()
    ended = Deadline.objects.filter(
        code="reflection_period", due_on__gte=date.fromisoformat(old), due_on__lt=now
    )
    return set(ended.values_list("case__organisation", flat=True))


@dataclass(frozen=True)
class Snapshots:
    """The stored cells of some organisations, found to match the records at `as_of`."""

    cells: dict[int, ByYear]
    as_of: datetime | None

    def figures(
        self, indicator: Indicator, *, organisations: Iterable[int], year: int | None
    ) -> Figures:
        """The exact figures of the organisations' shareable cases (of one year)."""
        wanted = None if year is None else str(year)
        chosen = (
            by_indicator[indicator.id]
            for org in organisations
            for y, by_indicator in self.cells.get(org, {}).items()
            if (wanted is None or y == wanted) and indicator.id in by_indicator
        )
        return figures_of(indicator, cells.total(chosen))


def refresh(organisations: Collection[int] | None = None, *, full: bool = False) -> int:
    """Count again what has changed (everything with `full`) and store it; how many
    organisations were counted. The counting happens before the storing transaction, so a
    long count holds no write lock; the marker is taken before it, so a write that lands in
    between is counted again next time, never missed."""
    from haven.accounts.models import Organisation
    from haven.stats.actions import do_store_snapshots

    started, now = timezone.now(), marker()
    every = organisations is None
    ids = set(Organisation.objects.values_list("pk", flat=True) if every else organisations or ())
    recount = ids if full else stale(ids, now)
    # Every organisation's cases unfiltered: a list of all of them would make SQLite read the
    # cases through the organisation's index, in an order that jumps across the table.
    found = count(None if every and full else recount) if recount else {}
    counted = {org: found.get(org, {}) for org in recount}  # none left: its cells are empty
    do_store_snapshots(counted=counted, checked=ids, marker=now, started=started)
    return len(recount)


def current(organisations: Collection[int]) -> Snapshots:
    """The organisations' snapshots, brought up to date first if any records changed."""
    from haven.stats.models import StatisticsSnapshot

    rows = StatisticsSnapshot.objects.filter(organisation_id__in=list(organisations))
    now = marker()
    kept = {org: mark for org, mark in rows.values_list("organisation_id", "marker")}
    if set(kept) != set(organisations) or any(mark != now for mark in kept.values()):
        # Another request may store an organisation's first snapshot meanwhile (PostgreSQL):
        # its cells are as new as ours would have been.
        with contextlib.suppress(IntegrityError):
            refresh(organisations)
    stored = list(rows.values_list("organisation_id", "cells", "checked_at"))
    as_of = min((checked for _, _, checked in stored), default=None)
    return Snapshots({org: by_year for org, by_year, _ in stored}, as_of)
