"""Figures as they may be shown to one viewer: exact, or disclosure-controlled.

Each indicator becomes one table whose published totals are part of the table, so that the
complementary suppression of haven/stats/disclosure.py covers them. No figure on a page is
repeated in another table, so no second table gives a hidden cell away.
"""

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from haven.stats.compute import Figures
from haven.stats.disclosure import (
    Entry,
    Mark,
    Protected,
    Table,
    filter_guard,
    needs_primary,
    protect,
    rounded,
)


@dataclass(frozen=True)
class Cell:
    value: int | None
    mark: Mark = Mark.SHOWN

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Rules:
    exact: bool
    k: int = 11
    rounding: int = 1


@dataclass
class Row:
    label: str
    cell: Cell
    percent: float | None = None  # of the records counted
    amounts: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def share(self) -> str:
        """The share as downloads and JSON write it, whatever the language ("12.5%")."""
        return "" if self.percent is None else f"{self.percent:.1f}%"


@dataclass
class Shown:
    figures: Figures
    rows: list[Row]
    records: Cell
    counted: Cell
    missing: Cell
    median_days: float | None = None
    refused: bool = False  # a filter would have singled out fewer than k persons

    @property
    def indicator(self):  # type: ignore[no-untyped-def]  # the figures' indicator, whose type the template alone uses
        return self.figures.indicator


def show(figures: Figures, rules: Rules, full: Figures | None = None) -> Shown:
    """`full`: the same indicator without the filter, already shown; the filtered one may not
    differ from it by fewer than k persons."""
    if figures.indicator.kind == "multi":
        return _multi(figures, rules, full)
    if figures.indicator.kind == "amounts":
        return _amounts(figures, rules)
    return _distribution(figures, rules, full)


def _table(figures: Figures) -> Table:
    """The categories, then the records without a value; "records with a value" is published
    as a subtotal of the categories, so it is protected like every other figure."""
    n = len(figures.counts)
    return Table.of([[*figures.counts.values(), figures.missing]], subtotals=[range(n)])


def _protected(table: Table, rules: Rules, full: Table | None) -> Protected | None:
    extra: set[Entry] = set()
    if full is not None and not rules.exact:
        allowed, extra = filter_guard(full, table, rules.k)
        if not allowed:
            return None
    if rules.exact:
        return Protected(table, rules.k, dict.fromkeys(table.entries(), Mark.SHOWN))
    return protect(table, rules.k, also_primary=extra)


def _cell(protected: Protected, entry: Entry, rules: Rules) -> Cell:
    value = protected.shown(entry)
    if value is None:
        return Cell(None, protected.marks[entry])
    return Cell(value if rules.exact else rounded(value, rules.rounding))


def _aligned(figures: Figures, full: Figures) -> tuple[Figures, Figures]:
    """Both with the same categories in the same order: the filter guard compares the two
    tables entry by entry, and a filtered indicator without fixed categories (years,
    countries) lacks those no record of the filter has."""
    names = [*full.counts, *(c for c in figures.counts if c not in full.counts)]

    def spread(f: Figures) -> Figures:
        return dataclasses.replace(f, counts={c: f.counts.get(c, 0) for c in names})

    return spread(figures), spread(full)


def _distribution(figures: Figures, rules: Rules, full: Figures | None) -> Shown:
    if full is not None:
        figures, full = _aligned(figures, full)
    table = _table(figures)
    protected = _protected(table, rules, _table(full) if full else None)
    if protected is None:
        return _refused(figures)
    n = len(figures.counts)
    records, missing = _cell(protected, ("grand",), rules), _cell(protected, ("cell", 0, n), rules)
    counted = _cell(protected, ("sub", 0), rules)
    rows = [
        Row(label, cell := _cell(protected, ("cell", 0, i), rules), _percent(cell, counted))
        for i, label in enumerate(figures.counts)
    ]
    median = _median(figures, counted, rules)
    return Shown(figures, rows, records, counted, missing, median)


def _multi(figures: Figures, rules: Rules, full: Figures | None) -> Shown:
    coverage = Table.of([[figures.counted, figures.missing]])
    full_coverage = Table.of([[full.counted, full.missing]]) if full else None
    cover = _protected(coverage, rules, full_coverage)
    values = Table.of([list(figures.counts.values()) or [0]], grand_total=False)
    # A value held by all but a few of the counted singles those few out too.
    few_without = [
        ("cell", 0, i)
        for i, v in enumerate(figures.counts.values())
        if needs_primary(figures.counted - v, rules.k)
    ]
    full_values = (
        Table.of([list(full.counts.get(c, 0) for c in figures.counts) or [0]], grand_total=False)
        if full
        else None
    )
    main = _protected(values, rules, full_values)
    if cover is None or main is None:
        return _refused(figures)
    if not rules.exact:
        main = protect(values, rules.k, also_primary=[*main.hidden(), *few_without])
    counted = _cell(cover, ("cell", 0, 0), rules)
    rows = [
        Row(label, cell := _cell(main, ("cell", 0, i), rules), _percent(cell, counted))
        for i, label in enumerate(figures.counts)
    ]
    return Shown(
        figures, rows, _cell(cover, ("grand",), rules), counted, _cell(cover, ("cell", 0, 1), rules)
    )


def _amounts(figures: Figures, rules: Rules) -> Shown:
    rows = []
    for currency, n in figures.counts.items():
        small = not rules.exact and needs_primary(n, rules.k)
        cell = (
            Cell(None, Mark.PRIMARY)
            if small
            else Cell(n if rules.exact else rounded(n, rules.rounding))
        )
        sums = {name: None if small else value for name, value in figures.amounts[currency].items()}
        rows.append(Row(currency, cell, amounts=sums))
    total = Table.of([[figures.counted, figures.missing]])
    cover = _protected(total, rules, None)
    assert cover is not None
    counted, missing = _cell(cover, ("cell", 0, 0), rules), _cell(cover, ("cell", 0, 1), rules)
    return Shown(figures, rows, _cell(cover, ("grand",), rules), counted, missing)


def _refused(figures: Figures) -> Shown:
    nothing = Cell(None, Mark.PRIMARY)
    return Shown(figures, [], nothing, nothing, nothing, refused=True)


def _percent(cell: Cell, counted: Cell) -> float | None:
    if cell.hidden or counted.hidden or not counted.value:
        return None
    return round(100 * cell.value / counted.value, 1)  # type: ignore[operator]  # value is an int whenever the cell is not hidden (checked above)


def _median(figures: Figures, counted: Cell, rules: Rules) -> float | None:
    if figures.median_days is None:
        return None
    if not rules.exact and (counted.hidden or figures.counted < rules.k):
        return None
    return figures.median_days
