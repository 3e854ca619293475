"""One viewer's page of figures: the indicators of their scope, filtered, shown by the rules."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from haven.cases.models import Case
from haven.stats import cache
from haven.stats.access import Scope
from haven.stats.compute import compute
from haven.stats.indicators import indicators
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


def figures_for(scope: Scope, filters: Filters = Filters(), group: str = "") -> list[Shown]:
    rules = rules_for(scope)
    chosen = [i for i in indicators() if not group or i.group == group]
    cases = narrowed(scope.cases, filters)
    at = cache.version() if cache.seconds() > 0 else None  # asked once for the whole page
    shown = []
    for indicator in chosen:
        figures = compute(indicator, cases, at=at)
        # A filtered table is checked against the unfiltered one the same viewer can see.
        full = compute(indicator, scope.cases, at=at) if filters.any and not rules.exact else None
        shown.append(show(figures, rules, full))
    return shown
