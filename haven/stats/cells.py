"""Summable cells: the exact counts behind one indicator for one organisation and year, kept
so that a country's figures are sums rather than a count of every case. No Django.

A cell is a plain dict, as stored in JSON: ``r`` records, ``m`` of them without a value, ``c``
counts by category (by currency for amounts), ``h`` a histogram of day intervals (for a
median, which does not add up but whose histogram does) and ``a`` sums of amounts by
currency, as decimal strings so no cent is lost to a float.
"""

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

Cell = dict[str, Any]


def empty() -> Cell:
    return {"r": 0, "m": 0, "c": {}, "h": {}, "a": {}}


def total(cells: Iterable[Cell]) -> Cell:
    """The cells added up: counts, histograms and amounts alike."""
    out = empty()
    for cell in cells:
        out["r"] += cell["r"]
        out["m"] += cell["m"]
        for key in ("c", "h"):
            out[key] = _added(out[key], cell[key])
        for currency, sums in cell["a"].items():
            out["a"][currency] = amounts_added(out["a"].get(currency, {}), sums)
    return out


def _added(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    summed = Counter(a)
    summed.update(b)
    return dict(summed)


def amounts_added(a: dict[str, str], b: dict[str, str]) -> dict[str, str]:
    names = [*a, *(n for n in b if n not in a)]
    return {n: str(Decimal(a.get(n, "0")) + Decimal(b.get(n, "0"))) for n in names}


def median(histogram: dict[str, int]) -> float | None:
    """The median of the values a histogram counts, as statistics.median gives it for the
    list they came from: the middle value, or the mean of the two middle ones."""
    n = sum(histogram.values())
    if n == 0:
        return None
    ordered = sorted((int(value), count) for value, count in histogram.items() if count)
    if n % 2:
        return _nth(ordered, n // 2)
    return (_nth(ordered, n // 2 - 1) + _nth(ordered, n // 2)) / 2


def _nth(ordered: list[tuple[int, int]], index: int) -> int:
    """The value at `index` (from 0) of the sorted list the histogram stands for."""
    seen = 0
    for value, count in ordered:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)
