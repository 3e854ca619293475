"""Disclosure control for tables of counts: plain Python, no Django.

A table is a grid of counts with, optionally, published row totals, column totals, a grand
total and subtotals over groups of columns (such as "records with a value": every column but
the one of records without a value). A subtotal is published like any total, so a reader who
sees the grand total and the missing count cannot work a small one out by subtraction.
`protect()` suppresses every count below k (primary suppression, after CTDC's k = 11;
DOMAIN.md 8; seed 003 L1410-1414), then adds complementary (secondary) suppressions until no
suppressed entry can be worked out exactly from the published ones by adding and subtracting
rows and columns. "Worked out exactly" is decided by linear algebra, not by a rule of thumb: an
unknown is recoverable when its unit vector lies in the row space of the table's equations
(`recoverable()`), computed with exact fractions.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any


class Mark(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # below k (or flagged by a filter guard)
    SECONDARY = "secondary"  # hidden so that a primary one cannot be derived


# An entry is ("cell", r, c), ("row", r), ("col", c), ("sub", i) or ("grand",).
Entry = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    cells: tuple[tuple[int, ...], ...]
    row_totals: bool = False
    col_totals: bool = False
    grand_total: bool = True
    subtotals: tuple[tuple[int, ...], ...] = ()  # each a group of columns, summed over all rows

    @classmethod
    def of(
        cls,
        cells: Sequence[Sequence[int]],
        *,
        subtotals: Sequence[Sequence[int]] = (),
        **totals: bool,
    ) -> "Table":
        groups = tuple(tuple(group) for group in subtotals)
        return cls(tuple(tuple(row) for row in cells), subtotals=groups, **totals)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.cells), len(self.cells[0]) if self.cells else 0

    def value(self, entry: Entry) -> int:
        kind = entry[0]
        if kind == "cell":
            return self.cells[entry[1]][entry[2]]
        if kind == "row":
            return sum(self.cells[entry[1]])
        if kind == "col":
            return sum(row[entry[1]] for row in self.cells)
        if kind == "sub":
            return sum(self.value(e) for e in self._subtotal_cells(entry[1]))
        return sum(map(sum, self.cells))

    def _subtotal_cells(self, i: int) -> list[Entry]:
        return [("cell", r, c) for r in range(self.shape[0]) for c in self.subtotals[i]]

    def entries(self) -> list[Entry]:
        rows, cols = self.shape
        out: list[Entry] = [("cell", r, c) for r in range(rows) for c in range(cols)]
        out += [("row", r) for r in range(rows)] if self.row_totals else []
        out += [("col", c) for c in range(cols)] if self.col_totals else []
        out += [("sub", i) for i in range(len(self.subtotals))]
        return out + ([("grand",)] if self.grand_total else [])

    def equations(self) -> list[list[Entry]]:
        """Each published total, as the list of entries that must sum to zero (+ first, - rest)."""
        rows, cols = self.shape
        equations: list[list[Entry]] = []
        if self.row_totals:
            equations += [[("row", r), *[("cell", r, c) for c in range(cols)]] for r in range(rows)]
        if self.col_totals:
            equations += [[("col", c), *[("cell", r, c) for r in range(rows)]] for c in range(cols)]
        if self.grand_total:
            equations.append(
                [("grand",), *[("cell", r, c) for r in range(rows) for c in range(cols)]]
            )
        equations += [[("sub", i), *self._subtotal_cells(i)] for i in range(len(self.subtotals))]
        return equations


@dataclass
class Protected:
    table: Table
    k: int
    marks: dict[Entry, Mark] = field(default_factory=dict)

    def shown(self, entry: Entry) -> int | None:
        return self.table.value(entry) if self.marks[entry] is Mark.SHOWN else None

    def hidden(self) -> set[Entry]:
        return {e for e, m in self.marks.items() if m is not Mark.SHOWN}


def needs_primary(value: int, k: int) -> bool:
    """Zero is published: an empty cell says nothing about a person (CTDC shows zeros too)."""
    return 0 < value < k


def protect(table: Table, k: int, *, also_primary: Iterable[Entry] = ()) -> Protected:
    marks = {
        e: Mark.PRIMARY if needs_primary(table.value(e), k) else Mark.SHOWN for e in table.entries()
    }
    for entry in also_primary:
        marks[entry] = Mark.PRIMARY
    result = Protected(table, k, marks)
    while (exposed := _exposed(table, result, k)) and len(result.hidden()) < len(marks):
        result.marks[_complement_for(table, result, exposed)] = Mark.SECONDARY
    return result


def _exposed(table: Table, result: Protected, k: int) -> Entry | None:
    """A hidden entry given away, alone or as part of a small group: a single value worked out
    exactly, or the sum of several hidden counts worked out to fewer than k persons (two hidden
    cells of 1 whose sum follows from a total: the reader knows those 2 persons)."""
    single = recoverable(table, result.hidden())
    if single:
        return sorted(single, key=repr)[0]
    return next(iter(small_hidden_sums(table, result.hidden(), k)), None)


def small_hidden_sums(table: Table, hidden: set[Entry], k: int) -> list[Entry]:
    """For each published total, and each difference of two totals, the hidden entries it
    sums: when they all count with the same sign, their sum is published in effect, and must be
    0 or at least k. Returns the first hidden entry of each group that is not."""
    vectors = [_signed(eq) for eq in table.equations()]
    vectors += [_minus(a, b) for a in vectors for b in vectors if a is not b]
    found = []
    for vector in vectors:
        signs = {sign for entry, sign in vector.items() if entry in hidden}
        if len(signs) == 1:
            group = sorted((e for e in vector if e in hidden), key=repr)
            if len(group) > 1 and needs_primary(sum(table.value(e) for e in group), k):
                found.append(group[0])
    return found


def _signed(equation: list[Entry]) -> dict[Entry, int]:
    return {entry: 1 if position == 0 else -1 for position, entry in enumerate(equation)}


def _minus(a: dict[Entry, int], b: dict[Entry, int]) -> dict[Entry, int]:
    out = {e: a.get(e, 0) - b.get(e, 0) for e in a.keys() | b.keys()}
    return {e: v for e, v in out.items() if v}


def _complement_for(table: Table, result: Protected, exposed: Entry) -> Entry:
    """The shown entry, sharing an equation with the exposed one, whose hiding loses least: the
    smallest non-zero count, cells before totals. Never a zero: a reader who sees which cells
    are complementary knows each is 0 or at least k, so a hidden zero would give the primary
    cell away."""
    shown = {e for e, m in result.marks.items() if m is Mark.SHOWN and table.value(e) > 0}
    partners = {e for eq in table.equations() if exposed in eq for e in eq} & shown
    return min(partners or shown or _any_shown(result), key=lambda e: _cost(table, e))


def _any_shown(result: Protected) -> set[Entry]:
    return {e for e, m in result.marks.items() if m is Mark.SHOWN}


def _cost(table: Table, entry: Entry) -> tuple[bool, int, str]:
    return entry[0] != "cell", table.value(entry), repr(entry)


def recoverable(table: Table, hidden: set[Entry]) -> set[Entry]:
    """The hidden entries whose exact value follows from the published ones by linear
    arithmetic over the table's totals."""
    unknowns = sorted(hidden, key=repr)
    if not unknowns:
        return set()
    index = {e: i for i, e in enumerate(unknowns)}
    rows = [_coefficients(eq, index) for eq in table.equations()]
    basis = _row_reduce([r for r in rows if any(r)])
    return {e for e in unknowns if _in_span(basis, _unit(index[e], len(unknowns)))}


def _coefficients(equation: list[Entry], index: dict[Entry, int]) -> list[Fraction]:
    row = [Fraction(0)] * len(index)
    for position, entry in enumerate(equation):
        if entry in index:
            row[index[entry]] += 1 if position == 0 else -1
    return row


def _unit(i: int, n: int) -> list[Fraction]:
    return [Fraction(1 if j == i else 0) for j in range(n)]


def _row_reduce(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon basis: (pivot column, row) pairs."""
    basis: list[tuple[int, list[Fraction]]] = []
    for given in rows:
        rest = _reduce(basis, list(given))
        pivot = next((i for i, v in enumerate(rest) if v), None)
        if pivot is None:
            continue
        row = [v / rest[pivot] for v in rest]
        basis = [(p, _eliminate(b, row, pivot)) for p, b in basis]
        basis.append((pivot, row))
    return basis


def _eliminate(target: list[Fraction], row: list[Fraction], pivot: int) -> list[Fraction]:
    factor = target[pivot]
    return [t - factor * r for t, r in zip(target, row, strict=True)] if factor else target


def _reduce(basis: list[tuple[int, list[Fraction]]], vector: list[Fraction]) -> list[Fraction]:
    for pivot, row in basis:
        vector = _eliminate(vector, row, pivot)
    return vector


def _in_span(basis: list[tuple[int, list[Fraction]]], vector: list[Fraction]) -> bool:
    return not any(_reduce(basis, vector))


def rounded(value: int, base: int) -> int:
    """Round to the nearest multiple of base (halves up): the same count always rounds the same
    way, so repeated requests reveal nothing more."""
    return ((value + base // 2) // base) * base if base > 1 else value


def filter_guard(full: Table, narrowed: Table, k: int) -> tuple[bool, set[Entry]]:
    """May `narrowed` (the same table for a filtered subset) be shown beside `full`? Refused when
    the two populations differ by fewer than k persons; otherwise the entries whose difference
    is below k must be hidden in the narrowed table (then complemented by `protect`)."""
    gap = full.value(("grand",)) - narrowed.value(("grand",))
    if needs_primary(gap, k):
        return False, set()
    return True, {
        e for e in narrowed.entries() if needs_primary(full.value(e) - narrowed.value(e), k)
    }
