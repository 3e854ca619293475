"""One viewer's page of figures: the indicators of their scope, filtered, shown by the rules."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from haven.cases.models import Case
from haven.stats import cache, snapshot
from haven.stats.access import Scope
from haven.stats.compute import Figures, compute
from haven.stats.indicators import Indicator, indicators
from haven.stats.present import Rules, Shown, show


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    organisation: int | None = None

    @property
    def any(self) -> bool:
        return self.year is not None or self.organisation is not None


def rules_for(scope: Scope, k: int | None = None) -> Rules:
    return Rules(
        exact=scope.exact, k=k or settings.HAVEN_STATS_K, rounding=settings.HAVEN_STATS_ROUNDING
    )


def narrowed(cases: QuerySet[Case], filters: Filters) -> QuerySet[Case]:
    if filters.year is not None:
        cases = cases.filter(opened_at__year=filters.year)
    if filters.organisation is not None:
        cases = cases.filter(organisation_id=filters.organisation)
    return cases


@dataclass(frozen=True)
class Page:
    shown: list[Shown]
    as_of: datetime.datetime | None = None  # when the figures come from snapshots


def figures_for(scope: Scope, filters: Filters = Filters(), group: str = "") -> list[Shown]:
    return page_for(scope, filters, group).shown


def page_for(scope: Scope, filters: Filters = Filters(), group: str = "") -> Page:
    """The viewer's figures: summed from the organisations' snapshots when the scope is their
    shareable cases, counted live otherwise (an exact view of every case)."""
    rules = rules_for(scope)
    chosen = [i for i in indicators() if not group or i.group == group]
    count, as_of = _counter(scope)
    shown = []
    for indicator in chosen:
        figures = count(indicator, filters)
        # A filtered table is checked against the unfiltered one the same viewer can see.
        full = count(indicator, Filters()) if filters.any and not rules.exact else None
        shown.append(show(figures, rules, full))
    return Page(shown, as_of)


Counter = Callable[[Indicator, Filters], Figures]


def _counter(scope: Scope) -> tuple[Counter, datetime.datetime | None]:
    if scope.summed is not None:
        stored = snapshot.current(scope.summed)
        return (lambda indicator, filters: _summed(stored, scope, indicator, filters)), stored.as_of
    at = cache.version() if cache.seconds() > 0 else None  # asked once for the whole page

    def live(indicator: Indicator, filters: Filters) -> Figures:
        return compute(indicator, narrowed(scope.cases, filters), at=at)

    return live, None


def _summed(
    stored: snapshot.Snapshots, scope: Scope, indicator: Indicator, filters: Filters
) -> Figures:
    organisations = scope.summed or ()
    if filters.organisation is not None:
        organisations = tuple(o for o in organisations if o == filters.organisation)
    return stored.figures(indicator, organisations=organisations, year=filters.year)
