"""What a careful reader can work out from one indicator as a coordinator sees it.

The reader sees the records counted, the records with a value, the records without one and
each category that is not hidden. Any figure they can derive from those by adding and
subtracting (records minus missing, records with a value minus the shown categories, ...) is
itself a count of persons, so it must be 0 or at least k — the differencing attack that a
published "records with a value" of 10 (k = 11) once allowed.
"""

from itertools import chain, combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from haven.stats.compute import Figures
from haven.stats.indicators import indicators
from haven.stats.present import Rules, Shown, show

K = 11
DISTRIBUTION = next(i for i in indicators() if i.kind == "distribution")
counts = st.one_of(st.integers(0, 14), st.integers(0, 60))


def _figures(categories: list[int], missing: int) -> Figures:
    labels = [f"c{i}" for i in range(len(categories))]
    return Figures(
        DISTRIBUTION,
        dict(zip(labels, categories, strict=True)),
        missing=missing,
        records=sum(categories) + missing,
    )


def _published(shown: Shown, n: int) -> list[tuple[frozenset[int], int]]:
    """Each shown figure as (the columns it sums, its value); column n is "without a value"."""
    figures = [(frozenset(range(n + 1)), shown.records), (frozenset(range(n)), shown.counted)]
    figures += [(frozenset({n}), shown.missing)]
    figures += [(frozenset({i}), row.cell) for i, row in enumerate(shown.rows)]
    return [(columns, cell.value) for columns, cell in figures if not cell.hidden]


def _determined(values: list[int], published, group: frozenset[int]) -> bool:
    """Independent of the suppression code: no small change of the true counts keeps every
    published figure and non-negativity while changing the group's count."""
    for deltas in product((-1, 0, 1), repeat=len(values)):
        changed = [v + d for v, d in zip(values, deltas, strict=True)]
        if min(changed) < 0 or sum(deltas[c] for c in group) == 0:
            continue
        if all(sum(changed[c] for c in cols) == value for cols, value in published):
            return False
    return True


def _groups(n: int):
    columns = range(n + 1)
    return chain.from_iterable(combinations(columns, size) for size in range(1, n + 2))


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, min_size=1, max_size=3), counts)
def test_no_count_below_k_can_be_derived_from_what_a_coordinator_sees(categories, missing):
    shown = show(_figures(categories, missing), Rules(exact=False, k=K))
    values = [*categories, missing]
    published = _published(shown, len(categories))
    for group in map(frozenset, _groups(len(categories))):
        count = sum(values[c] for c in group)
        if 0 < count < K:
            assert not _determined(values, published, group), (group, count)


def test_records_with_a_value_below_k_are_hidden_even_when_total_and_missing_are_large():
    shown = show(_figures([4, 6], 40), Rules(exact=False, k=K))
    assert shown.counted.hidden
    assert shown.records.hidden or shown.missing.hidden


def test_an_organisation_reader_still_sees_every_exact_figure():
    shown = show(_figures([4, 6], 40), Rules(exact=True, k=K))
    assert (shown.records.value, shown.counted.value, shown.missing.value) == (50, 10, 40)
