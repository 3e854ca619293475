"""Computes every indicator from the existing records, by grouping in the database.

One function per indicator kind; what is counted comes from data/indicators.toml. The figures
here are exact: disclosure control is applied afterwards (haven/stats/present.py) to everyone
who may not read every record behind them.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models import Case as Choose
from django.utils import timezone

from haven.cases.models import Case, Deadline
from haven.proceedings.models import Charge, Proceeding, RemedyClaim, RemedyForm, ReturnRecord
from haven.referrals.models import Referral, Status
from haven.screening.models import Decision, Screening
from haven.stats import cache, cells
from haven.stats.indicators import Indicator, category, indicators
from haven.support.models import Milestone


def _screened(cases: QuerySet[Case]) -> QuerySet[Any]:
    return cases.annotate(screened=Exists(Screening.objects.filter(case=OuterRef("pk"))))


def _of(cases: QuerySet[Case], case: str = "case") -> Exists:
    """Records of a case in `cases`, as a correlated EXISTS: `case_id IN (SELECT ...)` makes
    SQLite build the whole list of the scope's cases for every kind of record, even when a
    table is empty (0.17 s per indicator at 100,000 cases, twelve times over)."""
    return Exists(cases.order_by().filter(pk=OuterRef(case)))


def _reflection(cases: QuerySet[Case]) -> QuerySet[Any]:
    ended = Deadline.objects.filter(
        _of(cases), code="reflection_period", due_on__lt=timezone.localdate()
    )
    early = Q(done_on__isnull=False, done_on__lt=F("due_on"))
    honoured = Choose(
        When(early, then=Value(False)), default=Value(True), output_field=BooleanField()
    )
    return ended.annotate(honoured=honoured)


RECORDS: dict[str, Callable[[QuerySet[Case]], QuerySet[Any]]] = {
    "cases": lambda cases: cases,
    "screenings": lambda cases: Screening.objects.filter(_of(cases)),
    "first_decisions": lambda cases: Decision.objects.filter(
        _of(cases, "screening__case"), appeal__isnull=True
    ),
    "appeal_decisions": lambda cases: Decision.objects.filter(
        _of(cases, "screening__case"), appeal__isnull=False
    ),
    "reflection_periods_ended": _reflection,
    "referrals": lambda cases: Referral.objects.filter(_of(cases)),
    "accepted_referrals": lambda cases: Referral.objects.filter(
        _of(cases), status__in=[Status.ACCEPTED, Status.COMPLETED]
    ),
    "non_punishment_requests": lambda cases: Charge.objects.filter(
        _of(cases), non_punishment_requested_on__isnull=False
    ),
    "proceedings": lambda cases: Proceeding.objects.filter(_of(cases)),
    "compensation_claims": lambda cases: RemedyClaim.objects.filter(
        _of(cases), form=RemedyForm.COMPENSATION
    ),
    "returns": lambda cases: ReturnRecord.objects.filter(_of(cases)),
    "milestones_reached": lambda cases: Milestone.objects.filter(
        _of(cases, "plan__case"), achieved_on__isnull=False
    ),
}


ANNOTATIONS: dict[str, Callable[[QuerySet[Any]], QuerySet[Any]]] = {"screened": _screened}


@dataclass
class Figures:
    """Exact figures of one indicator. `counts` by category; `missing`: records without a
    value (CTDC's rule: they are left out of the denominator, and their number is given)."""

    indicator: Indicator
    counts: dict[str, int] = field(default_factory=dict)
    missing: int = 0
    records: int = 0
    median_days: float | None = None
    amounts: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        return self.records - self.missing


def records_of(indicator: Indicator, cases: QuerySet[Case]) -> QuerySet[Any]:
    """The records an indicator counts among `cases`, with the value it reads."""
    records = RECORDS[indicator.records](cases)
    if indicator.source in ANNOTATIONS:  # only the query that needs it pays for it
        records = ANNOTATIONS[indicator.source](records)
    return records


def compute(
    indicator: Indicator, cases: QuerySet[Case], *, at: tuple[Any, ...] | None = None
) -> Figures:
    """`at`: the data's cache.version(), when the caller asked it once for a whole page."""
    records = records_of(indicator, cases)
    if cache.seconds() <= 0:
        return _computed(indicator, records)
    return cache.cached(
        (indicator.id, *cache.key_of(records)),
        lambda: _computed(indicator, records),
        at=at if at is not None else cache.version(),
    )


def _computed(indicator: Indicator, records: QuerySet[Any]) -> Figures:
    return figures_of(indicator, cells_by(indicator, records).get((), cells.empty()))


def compute_all(cases: QuerySet[Case]) -> list[Figures]:
    at = cache.version() if cache.seconds() > 0 else None
    return [compute(indicator, cases, at=at) for indicator in indicators()]


def cells_by(
    indicator: Indicator, records: QuerySet[Any], keys: tuple[str, ...] = ()
) -> dict[tuple[Any, ...], cells.Cell]:
    """The indicator's summable cells, one per value of the `keys` (paths of the records,
    such as their case's organisation and year); with no keys, one cell of everything.
    The live figures are made from the same cells (figures_of), so a sum of snapshot cells
    gives exactly what counting the same records at once gives."""
    out: dict[tuple[Any, ...], cells.Cell] = defaultdict(cells.empty)
    COUNTERS[indicator.kind](indicator, records, keys, out)
    return dict(out)


def _grouped(records: QuerySet[Any], names: tuple[str, ...], **sums: Any) -> QuerySet[Any]:
    return records.order_by().values(*names).annotate(n=Count("pk"), **sums)


Into = dict[tuple[Any, ...], cells.Cell]


def _count_distribution(indicator: Indicator, records: QuerySet[Any], keys: tuple[str, ...],
                        into: Into) -> None:  # fmt: skip
    for row in _grouped(records, (*keys, indicator.source)):
        cell, n = into[tuple(row[k] for k in keys)], row["n"]
        name = category(indicator, row[indicator.source])
        cell["r"] += n
        if name is None:
            cell["m"] += n
        else:
            cell["c"][name] = cell["c"].get(name, 0) + n


def _count_multi(indicator: Indicator, records: QuerySet[Any], keys: tuple[str, ...],
                 into: Into) -> None:  # fmt: skip
    for row in _grouped(records, (*keys, indicator.source)):
        cell, n = into[tuple(row[k] for k in keys)], row["n"]
        values = set(row[indicator.source] or [])
        cell["r"] += n
        cell["m"] += 0 if values else n
        for value in values:
            cell["c"][value] = cell["c"].get(value, 0) + n


def _count_days(indicator: Indicator, records: QuerySet[Any], keys: tuple[str, ...],
                into: Into) -> None:  # fmt: skip
    width = len(keys)
    for row in records.values_list(*keys, indicator.source, indicator.end).iterator():
        cell, (start, end) = into[row[:width]], row[width:]
        cell["r"] += 1
        if start is None or end is None:
            cell["m"] += 1
        else:
            gap = str((_date(end) - _date(start)).days)
            cell["h"][gap] = cell["h"].get(gap, 0) + 1


def _date(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


AMOUNTS = {"claimed": "amount_claimed", "awarded": "amount_awarded", "paid": "amount_paid"}


def _count_amounts(indicator: Indicator, records: QuerySet[Any], keys: tuple[str, ...],
                   into: Into) -> None:  # fmt: skip
    sums = {name: Sum(column) for name, column in AMOUNTS.items()}
    for row in _grouped(records, (*keys, indicator.source), **sums):
        cell, n, currency = into[tuple(row[k] for k in keys)], row["n"], row[indicator.source]
        cell["r"] += n
        if not currency:
            cell["m"] += n
            continue
        cell["c"][currency] = cell["c"].get(currency, 0) + n
        mine = {name: str(row[name] or Decimal(0)) for name in AMOUNTS}
        cell["a"][currency] = cells.amounts_added(cell["a"].get(currency, {}), mine)


COUNTERS: dict[str, Callable[[Indicator, QuerySet[Any], tuple[str, ...], Into], None]] = {
    "distribution": _count_distribution,
    "multi": _count_multi,
    "days": _count_days,
    "amounts": _count_amounts,
}


def figures_of(indicator: Indicator, cell: cells.Cell) -> Figures:
    """An indicator's exact figures from its cell (one query's, or a sum of snapshot cells).
    Categories in a fixed order whichever way they were counted: the data file's first, then
    the others sorted (a database returns groups in no promised order)."""
    figures = Figures(indicator, records=cell["r"], missing=cell["m"])
    counts = cell["c"]
    if indicator.kind == "multi":
        figures.counts = dict.fromkeys(indicator.categories, 0)
        figures.counts.update(sorted(counts.items()))
    elif indicator.kind == "amounts":
        figures.counts = {currency: counts[currency] for currency in sorted(counts)}
        figures.amounts = {
            currency: {name: Decimal(v) for name, v in cell["a"][currency].items()}
            for currency in figures.counts
        }
    elif indicator.kind == "days":
        figures.median_days = cells.median(cell["h"])
    else:
        fixed = {name: counts.get(name, 0) for name in indicator.categories}
        figures.counts = fixed | {n: counts[n] for n in sorted(counts) if n not in fixed}
    return figures
