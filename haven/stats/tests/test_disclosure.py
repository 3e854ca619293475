"""Disclosure control as properties: nothing below k shows, and no hidden count can be worked
out exactly from the published ones by row and column arithmetic."""

from fractions import Fraction
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from haven.stats.disclosure import (
    Mark,
    Table,
    filter_guard,
    needs_primary,
    protect,
    recoverable,
    rounded,
    small_hidden_sums,
)

K = 11
counts = st.one_of(st.integers(0, 15), st.integers(0, 400))
grids = st.integers(1, 4).flatmap(
    lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=1, max_size=4)
)
layouts = st.fixed_dictionaries(
    {"row_totals": st.booleans(), "col_totals": st.booleans(), "grand_total": st.booleans()}
)


def _solutions_differ(table, protected, entry):
    """Independent check by brute force over a small bounded range: a second assignment of the
    hidden entries, consistent with every published total, that changes this entry."""
    hidden = sorted(protected.hidden(), key=repr)
    return any(
        _consistent(table, protected, dict(zip(hidden, guess, strict=True)))
        for guess in _guesses(table, hidden, entry)
    )


def _guesses(table, hidden, entry):
    # Shift the entry by one and try to rebalance with +-1 on the others (linear: a rational
    # direction in the null space exists iff an integer one does; small ones suffice here).
    for deltas in product((-1, 0, 1), repeat=len(hidden)):
        if deltas[hidden.index(entry)] == 0:
            continue
        yield [table.value(e) + d for e, d in zip(hidden, deltas, strict=True)]


def _consistent(table, protected, values):
    def value(e):
        return values.get(e, Fraction(table.value(e)))

    return all(value(eq[0]) == sum(value(e) for e in eq[1:]) for eq in table.equations())


@settings(max_examples=150, deadline=None)
@given(grids, layouts)
def test_no_count_below_k_is_shown(cells, layout):
    table = Table.of(cells, **layout)
    protected = protect(table, K)
    for entry in table.entries():
        if needs_primary(table.value(entry), K):
            assert protected.shown(entry) is None


@settings(max_examples=150, deadline=None)
@given(grids, layouts)
def test_no_hidden_count_is_recoverable_from_the_totals(cells, layout):
    table = Table.of(cells, **layout)
    protected = protect(table, K)
    assert recoverable(table, protected.hidden()) == set()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(counts, min_size=2, max_size=2), min_size=2, max_size=3), layouts)
def test_every_hidden_count_has_another_solution(cells, layout):
    table = Table.of(cells, **layout)
    protected = protect(table, K)
    for entry in protected.hidden():
        assert _solutions_differ(table, protected, entry), entry


def test_a_single_small_cell_in_a_row_gets_a_complement_in_that_row():
    table = Table.of([[3, 40, 50], [20, 30, 60]], row_totals=True, col_totals=True)
    protected = protect(table, K)
    assert protected.marks[("cell", 0, 0)] is Mark.PRIMARY
    secondary = {e for e, m in protected.marks.items() if m is Mark.SECONDARY}
    assert any(e[0] == "cell" and e[1] == 0 for e in secondary)
    assert any(e[0] == "cell" and e[2] == 0 for e in secondary)
    assert recoverable(table, protected.hidden()) == set()


def test_a_zero_is_never_used_as_a_complement():
    table = Table.of([[4, 0, 90]])
    protected = protect(table, K)
    assert protected.marks[("cell", 0, 1)] is Mark.SHOWN
    assert protected.marks[("cell", 0, 2)] is Mark.SECONDARY


def test_recoverable_sees_a_cell_given_away_by_its_row_total():
    table = Table.of([[5, 40]], row_totals=True, grand_total=False)
    assert recoverable(table, {("cell", 0, 0)}) == {("cell", 0, 0)}
    assert recoverable(table, {("cell", 0, 0), ("cell", 0, 1)}) == set()


def test_rounding_is_consistent_and_to_the_nearest_base():
    assert [rounded(v, 5) for v in (0, 2, 3, 12, 13)] == [0, 0, 5, 10, 15]
    assert rounded(7, 1) == 7


def test_a_filter_that_leaves_out_fewer_than_k_persons_is_refused():
    full = Table.of([[30, 40]])
    allowed, _ = filter_guard(full, Table.of([[25, 40]]), K)
    assert not allowed


def test_a_filter_hides_cells_that_differ_from_the_full_table_by_fewer_than_k():
    full = Table.of([[30, 40]])
    allowed, extra = filter_guard(full, Table.of([[27, 20]]), K)
    assert allowed and extra == {("cell", 0, 0)}
    protected = protect(Table.of([[27, 20]]), K, also_primary=extra)
    assert protected.shown(("cell", 0, 0)) is None
    assert recoverable(Table.of([[27, 20]]), protected.hidden()) == set()


@settings(max_examples=150, deadline=None)
@given(st.lists(counts, min_size=2, max_size=5), st.data())
def test_a_published_subtotal_neither_shows_nor_gives_away_a_small_count(row, data):
    group = data.draw(st.sets(st.integers(0, len(row) - 1), min_size=1))
    table = Table.of([row], subtotals=[sorted(group)])
    protected = protect(table, K)
    if needs_primary(table.value(("sub", 0)), K):
        assert protected.shown(("sub", 0)) is None
    assert recoverable(table, protected.hidden()) == set()
    assert small_hidden_sums(table, protected.hidden(), K) == []


def test_two_small_cells_whose_sum_follows_from_a_total_get_a_complement():
    table = Table.of([[1, 1, 11, 0]], subtotals=[[0, 1, 2]])
    protected = protect(table, K)
    assert protected.shown(("cell", 0, 2)) is None
