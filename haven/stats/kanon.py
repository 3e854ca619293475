"""k-anonymisation of CTDC rows by full-domain generalisation and record suppression.

Each quasi-identifier has a hierarchy (year → five-year period → missing; age band → majority
status → missing; country → UN region → missing; gender → missing). Every combination of
levels is tried (the lattice is small: 162 nodes); at each, the records in groups of fewer than
k are suppressed, and the node losing least information is kept. Loss counts a suppressed
record as all its quasi-identifier cells lost and a generalised cell as the fraction of its
hierarchy climbed (Sweeney's precision), so one suppression costs as much as generalising five
cells all the way. Plain Python, no Django.

The groups are counted over the distinct combinations of values, weighted by how many rows
hold each, so the lattice search costs the number of distinct combinations, not of rows.
"""

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from haven.stats.ctdc import MISSING, QUASI_IDENTIFIERS, majority_of_band
from haven.stats.regions import un_region


def _period(year: str) -> str:
    if year == MISSING:
        return MISSING
    start = int(year) // 5 * 5
    return f"{start}--{start + 4}"


def _gone(value: str) -> str:
    return MISSING


# Each hierarchy: level 0 keeps the value; each further step generalises it.
HIERARCHIES: dict[str, tuple[Callable[[str], str], ...]] = {
    "yearOfRegistration": (_period, _gone),
    "gender": (_gone,),
    "ageBroad": (majority_of_band, _gone),
    "citizenship": (un_region, _gone),
    "CountryOfExploitation": (un_region, _gone),
}


def _columns(qi: str, value: str) -> dict[str, str]:
    """Where a generalised value is written: an age generalised to majority status goes to
    CTDC's own majorityStatusAtExploit column, and ageBroad becomes missing."""
    if qi == "ageBroad" and value in ("Minor", "Adult", MISSING):
        return {"ageBroad": MISSING, "majorityStatusAtExploit": value}
    return {qi: value}


@dataclass
class Report:
    k: int
    records_in: int
    records_out: int
    suppressed: int
    levels: dict[str, int]
    cells_generalised: dict[str, int] = field(default_factory=dict)
    loss: float = 0.0
    nodes_tried: int = 0

    def as_json(self) -> dict[str, object]:
        return {
            "k": self.k,
            "records_in": self.records_in,
            "records_out": self.records_out,
            "records_suppressed": self.suppressed,
            "generalisation_levels": self.levels,
            "cells_generalised": self.cells_generalised,
            "cells_generalised_total": sum(self.cells_generalised.values()),
            "information_loss": round(self.loss, 4),
            "nodes_tried": self.nodes_tried,
        }


def generalise(value: str, qi: str, level: int) -> str:
    for step in HIERARCHIES[qi][:level]:
        value = step(value)
    return value


def _key(combo: tuple[str, ...], levels: Sequence[int]) -> tuple[str, ...]:
    return tuple(
        generalise(v, qi, lv) for v, qi, lv in zip(combo, QUASI_IDENTIFIERS, levels, strict=True)
    )


def _loss(levels: Sequence[int], suppressed: int, total: int) -> float:
    height = [len(HIERARCHIES[qi]) for qi in QUASI_IDENTIFIERS]
    precision = sum(lv / h for lv, h in zip(levels, height, strict=True))
    return (total - suppressed) * precision + suppressed * len(QUASI_IDENTIFIERS)


def _roll_up(
    groups: Counter[tuple[str, ...]], position: int, level: int
) -> Counter[tuple[str, ...]]:
    """The groups one step further up one attribute's hierarchy, from the groups below."""
    step = HIERARCHIES[QUASI_IDENTIFIERS[position]][level - 1]
    cache: dict[str, str] = {}
    out: Counter[tuple[str, ...]] = Counter()
    for key, n in groups.items():
        value = key[position]
        if value not in cache:
            cache[value] = step(value)
        out[(*key[:position], cache[value], *key[position + 1 :])] += n
    return out


def _below(levels: tuple[int, ...]) -> list[tuple[int, tuple[int, ...]]]:
    return [(i, (*levels[:i], lv - 1, *levels[i + 1 :])) for i, lv in enumerate(levels) if lv]


def _search(combos: Counter[tuple[str, ...]], k: int) -> list[tuple[float, int, tuple[int, ...]]]:
    """Every lattice node's (loss, records suppressed, levels); each node's groups are rolled
    up from a node one step below, so the work shrinks as the groups merge."""
    ranges = (range(len(HIERARCHIES[qi]) + 1) for qi in QUASI_IDENTIFIERS)
    lattice = sorted(itertools.product(*ranges), key=sum)
    total = sum(combos.values())
    groups: dict[tuple[int, ...], Counter[tuple[str, ...]]] = {}
    scored = []
    for levels in lattice:
        if not any(levels):
            groups[levels] = combos
        else:
            position, below = min(_below(levels), key=lambda pb: len(groups[pb[1]]))
            groups[levels] = _roll_up(groups[below], position, levels[position])
        suppressed = sum(n for n in groups[levels].values() if n < k)
        scored.append((_loss(levels, suppressed, total), suppressed, levels))
    return scored


def anonymise(rows: Sequence[dict[str, str]], k: int) -> tuple[list[dict[str, str]], Report]:
    """The rows, generalised and with small groups suppressed, and what was lost."""
    combos = Counter(tuple(r[qi] for qi in QUASI_IDENTIFIERS) for r in rows)
    scored = _search(combos, k)
    loss, suppressed, best = min(scored, key=lambda item: (item[0], sum(item[2])))
    out, generalised = _apply(rows, best, k)
    levels = dict(zip(QUASI_IDENTIFIERS, best, strict=True))
    report = Report(k, len(rows), len(out), suppressed, levels, generalised, loss, len(scored))
    return out, report


def _apply(
    rows: Sequence[dict[str, str]], levels: Sequence[int], k: int
) -> tuple[list[dict[str, str]], dict[str, int]]:
    keys = [_key(tuple(r[qi] for qi in QUASI_IDENTIFIERS), levels) for r in rows]
    sizes = Counter(keys)
    changed: Counter[str] = Counter()
    out = []
    for row, key in zip(rows, keys, strict=True):
        if sizes[key] < k:
            continue
        new = dict(row)
        for qi, value in zip(QUASI_IDENTIFIERS, key, strict=True):
            if value != row[qi]:
                changed[qi] += 1
                new |= _columns(qi, value)
        out.append(new)
    return out, {qi: changed[qi] for qi in QUASI_IDENTIFIERS}
