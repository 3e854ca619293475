"""k-anonymisation of CTDC rows: local recoding along the CTDC hierarchies, checked against
the best full-domain generalisation, with record suppression only where it loses less.

Each quasi-identifier has a hierarchy (year → five-year period → missing; age band → majority
status → missing; country → UN region → missing; gender → missing).

**Local recoding** (a Mondrian-style partition that only cuts along the hierarchies): all
records start in one group with every quasi-identifier at the top (missing). A group is split
on the attribute whose next level down gains most: one part per child value with at least k
records; the records of the smaller children stay together at the parent value, and if they
are fewer than k, records are taken into them from the children with the most to spare (those
that gain least first, the rarest combinations first). Each part is split again until no
split gains. Every published combination is therefore shared by at least k records, and a
group only generalises what it must: Vietnam stays Vietnam where there are enough Vietnamese
citizens, while the few citizens of Fiji are published as "Melanesia" or missing. Two records
with the same values may be published at different levels; each published combination is
still shared by at least k records.

**Full-domain generalisation**, the earlier method, is kept as a bound: every combination of
levels (162) is tried with the records of groups smaller than k suppressed, and if the best of
them loses less than the local recoding, it is used instead.

**Loss** is the normalised certainty penalty (NCP) of each quasi-identifier cell: 0 for a
value kept, (v − 1) / (d − 1) for a value that stands for v of the column's d values in the
data, 1 for missing; a suppressed record loses all its cells. Plain Python, no Django.

The work is over the distinct combinations of values, weighted by how many rows hold each,
so it costs the number of distinct combinations, not of rows.
"""

import itertools
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from haven.stats.ctdc import MISSING, QUASI_IDENTIFIERS, majority_of_band
from haven.stats.indicators import AGE_BANDS
from haven.stats.regions import un_region

Combo = tuple[str, ...]
Items = list[tuple[Combo, int]]
WIDTH = len(QUASI_IDENTIFIERS)


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
HEIGHTS = tuple(len(HIERARCHIES[qi]) for qi in QUASI_IDENTIFIERS)


def columns_of(qi: str, value: str) -> dict[str, str]:
    """Where a published value is written: an age generalised to majority status goes to
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
    levels: dict[str, int]  # the full-domain levels, when that method was used
    cells_generalised: dict[str, int] = field(default_factory=dict)
    loss: float = 0.0
    nodes_tried: int = 0
    method: str = "local"
    equivalence_classes: int = 0

    @property
    def average_ncp(self) -> float:
        return self.loss / (self.records_in * WIDTH) if self.records_in else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "k": self.k,
            "method": self.method,
            "records_in": self.records_in,
            "records_out": self.records_out,
            "records_suppressed": self.suppressed,
            "generalisation_levels": self.levels,
            "cells_generalised": self.cells_generalised,
            "cells_generalised_total": sum(self.cells_generalised.values()),
            "information_loss": round(self.loss, 4),
            "average_ncp": round(self.average_ncp, 4),
            "equivalence_classes": self.equivalence_classes,
            "nodes_tried": self.nodes_tried,
        }


def generalise(value: str, qi: str, level: int) -> str:
    for step in HIERARCHIES[qi][:level]:
        value = step(value)
    return value


@dataclass(frozen=True)
class Domain:
    """The data's values: each leaf's chain up the hierarchy the local recoding uses, the
    height of each hierarchy, and each value's NCP (for the full-domain periods too)."""

    chains: tuple[dict[str, tuple[str, ...]], ...]
    costs: tuple[dict[str, float], ...]
    heights: tuple[int, ...]

    @classmethod
    def of(cls, combos: Counter[Combo]) -> "Domain":
        chains, costs, heights = [], [], []
        for position, qi in enumerate(QUASI_IDENTIFIERS):
            counts: Counter[str] = Counter()
            for combo, n in combos.items():
                counts[combo[position]] += n
            fixed = {v: tuple(generalise(v, qi, lv) for lv in range(HEIGHTS[position] + 1))
                     for v in counts}  # fmt: skip
            ordered = {"yearOfRegistration": _year_chains, "ageBroad": _age_chains}
            chain = ordered[qi](counts) if qi in ordered else fixed
            under: Counter[str] = Counter(
                value for v in counts for value in set(chain[v]) | set(fixed[v])
            )
            spread = max(len(counts) - 1, 1)
            costs.append({v: _ncp(v, n, spread, v in counts) for v, n in under.items()})
            chains.append(chain)
            heights.append(len(next(iter(chain.values()))) - 1)
        return cls(tuple(chains), tuple(costs), tuple(heights))

    def cost(self, published: Combo) -> float:
        return sum(self.costs[a][v] for a, v in enumerate(published))


def _ncp(value: str, leaves: int, spread: int, leaf: bool) -> float:
    """(v - 1) / (d - 1), but a region or status that holds one value of the data still costs
    half a value: to a reader "Western Africa" is not "Nigeria", even where the data hold no
    other Western African country."""
    if value == MISSING:
        return 1.0
    if leaf:
        return 0.0
    return max(leaves - 1, 0.5) / spread


def _runs(leaves: list[tuple[str, int]], above: list[str], label: Callable[[str, str], str]
          ) -> dict[str, list[str]]:  # fmt: skip
    """Each ordered leaf's path up a binary tree of runs of adjacent leaves, halved by weight
    again and again (as Mondrian cuts a number at its median), then `above`. The run of all
    the leaves is left out: it says no more than what is above it."""
    paths: dict[str, list[str]] = {}

    def cut(run: list[tuple[str, int]], path: list[str]) -> None:
        if len(run) == 1:
            paths[run[0][0]] = [run[0][0], *path]
            return
        total, left, best = sum(n for _, n in run), 0, (float("inf"), 1)
        for i in range(1, len(run)):
            left += run[i - 1][1]
            best = min(best, (abs(2 * left - total), i))
        for half in (run[: best[1]], run[best[1] :]):
            cut(half, path if len(half) == 1 else [label(half[0][0], half[-1][0]), *path])

    if leaves:
        cut(leaves, above)
    return paths


def _padded(paths: dict[str, list[str]], missing: bool) -> dict[str, tuple[str, ...]]:
    """Chains of one height, padded at the bottom with the leaf itself."""
    height = max((len(p) for p in paths.values()), default=1)
    chains = {v: tuple([v] * (height - len(p)) + p) for v, p in paths.items()}
    if missing:
        chains[MISSING] = (MISSING,) * height
    return chains


def _year_chains(counts: Counter[str]) -> dict[str, tuple[str, ...]]:
    """Years are ordered, so the local recoding may publish any run of them ("2016--2018"),
    not only fixed five-year periods."""
    years = sorted((v for v in counts if v != MISSING), key=int)
    paths = _runs([(y, counts[y]) for y in years], [MISSING], lambda lo, hi: f"{lo}--{hi}")
    return _padded(paths, MISSING in counts)


def _age_label(first: str, last: str) -> str:
    low, high = first.split("--", maxsplit=1)[0].rstrip("+"), last.rsplit("--", maxsplit=1)[-1]
    return f"{low}+" if high.endswith("+") else f"{low}--{high}"


def _age_chains(counts: Counter[str]) -> dict[str, tuple[str, ...]]:
    """Age bands are ordered too: a run of adjacent CTDC bands of one majority status
    ("18--26" for 18--20, 21--23 and 24--26), then the majority status, then missing."""
    order = [f"{lo}--{hi}" for lo, hi in AGE_BANDS] + ["48+"]
    paths: dict[str, list[str]] = {}
    for status in ("Minor", "Adult"):
        bands = [b for b in order if b in counts and majority_of_band(b) == status]
        paths |= _runs([(b, counts[b]) for b in bands], [status, MISSING], _age_label)
    other = [v for v in counts if v != MISSING and v not in paths]  # not a known band
    paths |= {v: [v, majority_of_band(v), MISSING] for v in other}
    return _padded(paths, MISSING in counts)


def majority_of(value: str) -> str:
    """The majority status of a published age: a band, a run of bands, or missing."""
    if value in ("Minor", "Adult", MISSING):
        return value
    low = int(value.split("--", maxsplit=1)[0].rstrip("+"))
    return "Minor" if low < 18 else "Adult"


# --- local recoding -------------------------------------------------------------------------


@dataclass
class _Part:
    items: Items
    levels: tuple[int, ...]  # the level each attribute is published at (its height = missing)
    frozen: frozenset[int] = frozenset()  # attributes this group may not be split on again

    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = sum(n for _, n in self.items)

    def published(self, domain: Domain) -> Combo:
        combo = self.items[0][0]
        return tuple(domain.chains[a][combo[a]][lv] for a, lv in enumerate(self.levels))


def _take(items: Items, count: int) -> tuple[Items, Items]:
    """`count` records out of the items, the rarest combinations first: (kept, taken)."""
    kept, taken = [], []
    for combo, n in sorted(items, key=lambda item: item[1]):
        moved = min(n, count)
        count -= moved
        if moved:
            taken.append((combo, moved))
        if n - moved:
            kept.append((combo, n - moved))
    return kept, taken


Split = tuple[float, Callable[[], list[_Part]]]


def _split(part: _Part, a: int, k: int, domain: Domain) -> Split | None:
    """What a split on attribute a gains and how to make its parts, or None if it cannot be
    split. The parts are made only for the split chosen: making them for the four others
    (their records summed again) took a third of the plan's time."""
    level = part.levels[a]
    if level == 0 or a in part.frozen:
        return None
    chain = domain.chains[a]
    below = level - 1
    if part.size < 2 * k and len({chain[combo[a]][below] for combo, _ in part.items}) > 1:
        return None  # fewer than 2k records: only a split that keeps them together can hold
    groups: dict[str, Items] = {}
    sizes: dict[str, int] = {}
    for item in part.items:
        child = chain[item[0][a]][below]
        if child in groups:
            groups[child].append(item)
            sizes[child] += item[1]
        else:
            groups[child] = [item]
            sizes[child] = item[1]
    parent = chain[part.items[0][0][a]][level]
    gain = {c: domain.costs[a][parent] - domain.costs[a][c] for c in groups}
    big, rest = _fill(groups, sizes, gain, k)
    if not big:
        return None
    levels = (*part.levels[:a], below, *part.levels[a + 1 :])

    def parts() -> list[_Part]:
        made = [_Part(groups[c], levels, part.frozen) for c in big]
        return made + [_Part(rest, part.levels, part.frozen | {a})] if rest else made

    return sum(gain[c] * sizes[c] for c in big), parts


def _fill(
    groups: dict[str, Items], sizes: dict[str, int], gain: dict[str, float], k: int
) -> tuple[list[str], Items]:
    """The children that stand as groups of their own, and the records left at the parent
    value: the smaller children, topped up to k from the children with most to spare (those
    that gain least give first), or joined by the child that gains least if none can spare."""
    big = sorted((c for c in groups if sizes[c] >= k), key=lambda c: (gain[c], c))
    rest = [item for c in groups if sizes[c] < k for item in groups[c]]
    short = k - sum(n for _, n in rest) if rest else 0
    if short > 0 and sum(sizes[c] - k for c in big) >= short:
        for c in big:
            spare = min(short, sizes[c] - k)
            if spare:
                groups[c], taken = _take(groups[c], spare)
                rest, short = rest + taken, short - spare
                sizes[c] -= spare
    elif short > 0 and big:
        whole = min(big, key=lambda c: (sizes[c] * gain[c], c))
        rest += groups[whole]
        big.remove(whole)
    return big, rest


def _gain(split: Split) -> float:
    # Taking the split that gains most per part it makes (fewer, larger groups) lost more on
    # every data set tried (20,000 to 1,000,000 generated cases), so the plain gain decides.
    return split[0]


def _local(combos: Counter[Combo], k: int, domain: Domain) -> list[_Part]:
    """The final groups of the top-down split (each of at least k records)."""
    todo = [_Part(list(combos.items()), domain.heights)]
    done = []
    while todo:
        part = todo.pop()
        splits = (_split(part, a, k, domain) for a in range(WIDTH))
        best = max((s for s in splits if s and s[0] > 1e-9), key=_gain, default=None)
        if best is None:
            done.append(part)
        else:
            todo.extend(best[1]())
    return done


# --- full-domain generalisation -------------------------------------------------------------


def _roll_up(groups: Counter[Combo], position: int, level: int) -> Counter[Combo]:
    """The groups one step further up one attribute's hierarchy, from the groups below."""
    step = HIERARCHIES[QUASI_IDENTIFIERS[position]][level - 1]
    cache: dict[str, str] = {}
    out: Counter[Combo] = Counter()
    for key, n in groups.items():
        value = key[position]
        if value not in cache:
            cache[value] = step(value)
        out[(*key[:position], cache[value], *key[position + 1 :])] += n
    return out


def _below(levels: tuple[int, ...]) -> list[tuple[int, tuple[int, ...]]]:
    return [(i, (*levels[:i], lv - 1, *levels[i + 1 :])) for i, lv in enumerate(levels) if lv]


def _search(
    combos: Counter[Combo], k: int, domain: Domain | None = None, beat: float = float("inf")
) -> list[tuple[float, int, tuple[int, ...]]]:
    """Every lattice node's (loss, records suppressed, levels); each node's groups are rolled
    up from a node one step below, so the work shrinks as the groups merge. A node whose
    loss cannot be below `beat` (its cells' loss with no record suppressed, since suppressing
    one loses more) is scored by that bound without its groups being counted."""
    domain = domain or Domain.of(combos)
    lattice = sorted(itertools.product(*(range(h + 1) for h in HEIGHTS)), key=sum)
    groups: dict[tuple[int, ...], Counter[Combo]] = {}
    whole = _whole(combos, domain)
    scored = []
    for levels in lattice:
        bound = sum(whole[a][lv] for a, lv in enumerate(levels))
        if bound >= beat:
            scored.append((bound, 0, levels))
            continue
        if not any(levels):
            groups[levels] = combos
        else:
            counted = [(p, b) for p, b in _below(levels) if b in groups] or [(0, combos_at)]
            position, below = min(counted, key=lambda pb: len(groups.get(pb[1], combos)))
            if below is combos_at:  # every node below was passed over: from the data itself
                groups[levels] = _generalised_combos(combos, levels)
            else:
                groups[levels] = _roll_up(groups[below], position, levels[position])
        small = [(key, n) for key, n in groups[levels].items() if n < k]
        suppressed = sum(n for _, n in small)
        kept = sum(whole[a][lv] for a, lv in enumerate(levels))
        kept -= sum(n * domain.cost(key) for key, n in small)
        scored.append((kept + suppressed * WIDTH, suppressed, levels))
    return scored


combos_at: tuple[int, ...] = ()  # stands for "from the data" in _search


def _generalised_combos(combos: Counter[Combo], levels: Sequence[int]) -> Counter[Combo]:
    out: Counter[Combo] = Counter()
    for combo, n in combos.items():
        out[tuple(generalise(v, qi, lv) for v, qi, lv in zip(combo, QUASI_IDENTIFIERS, levels,
                                                             strict=True))] += n  # fmt: skip
    return out


def _whole(combos: Counter[Combo], domain: Domain) -> list[list[float]]:
    """For each attribute and level, the NCP of all its cells if every record were kept: the
    sum over values, so a lattice node costs the number of its small groups, not of all."""
    out = []
    for a, qi in enumerate(QUASI_IDENTIFIERS):
        counts: Counter[str] = Counter()
        for combo, n in combos.items():
            counts[combo[a]] += n
        out.append([sum(n * domain.costs[a][generalise(v, qi, lv)] for v, n in counts.items())
                    for lv in range(HEIGHTS[a] + 1)])  # fmt: skip
    return out


# --- the plan and its application -----------------------------------------------------------


def plan(qis: Sequence[Combo], k: int) -> tuple[list[Combo | None], Report]:
    """Each row's published quasi-identifiers (None: suppressed), in the rows' order."""
    allotment, report = allot(Counter(qis), k)
    return [allotment.next(combo) for combo in qis], report


class Allotment:
    """What each record of a combination is published as, handed out in the records' order
    (a combination may be published several ways: so many records each)."""

    def __init__(
        self, single: dict[Combo, Combo | None], several: dict[Combo, deque[list[object]]]
    ):
        self.single = single  # the combinations published one way only
        self._several = several

    def next(self, combo: Combo) -> Combo | None:
        if combo in self.single:
            return self.single[combo]
        return _next(self._several[combo])


def allot(combos: Counter[Combo], k: int) -> tuple[Allotment, Report]:
    """The plan for records counted by combination, in the order the records come: the
    same as plan() over them, without a list of the records."""
    total = sum(combos.values())
    if total < k:
        report = Report(k, total, 0, total, {}, dict.fromkeys(QUASI_IDENTIFIERS, 0), total * 5.0)
        return Allotment(dict.fromkeys(combos), {}), report
    domain = Domain.of(combos)
    parts = _local(combos, k, domain)
    outs = [p.published(domain) for p in parts]
    local_loss = sum(p.size * domain.cost(out) for p, out in zip(parts, outs, strict=True))
    scored = _search(combos, k, domain, beat=local_loss)
    full_loss, suppressed, best = min(scored, key=lambda item: (item[0], sum(item[2])))
    if local_loss <= full_loss:
        allotted: dict[Combo, deque[list[object]]] = {}
        outcome: Counter[tuple[Combo, Combo | None]] = Counter()
        for part, out in zip(parts, outs, strict=True):
            for combo, n in part.items:
                allotted.setdefault(combo, deque()).append([out, n])
                outcome[combo, out] += n
        # Most combinations are published one way only: those rows need no count kept.
        single: dict[Combo, Combo | None] = {
            c: a[0][0]  # type: ignore[misc]  # [published, count]: the published combination
            for c, a in allotted.items()
            if len(a) == 1
        }
        allotment = Allotment(single, {c: a for c, a in allotted.items() if len(a) > 1})
        report = Report(k, total, total, 0, {}, nodes_tried=len(scored))
    else:
        keys = _full_domain(combos, best, k)
        allotment = Allotment(keys, {})
        levels = dict(zip(QUASI_IDENTIFIERS, best, strict=True))
        report = Report(k, total, total - suppressed, suppressed, levels,
                        nodes_tried=len(scored), method="full-domain")  # fmt: skip
        outcome = Counter({(combo, keys[combo]): n for combo, n in combos.items()})
    report.loss = sum(n * _lost(combo, out, domain) for (combo, out), n in outcome.items())
    report.cells_generalised = _generalised(outcome)
    report.equivalence_classes = len({out for _, out in outcome if out is not None})
    return allotment, report


def _lost(combo: Combo, out: Combo | None, domain: Domain) -> float:
    """The NCP of one record: a cell published as it was (missing included) loses nothing."""
    if out is None:
        return float(WIDTH)
    return sum(domain.costs[a][v] for a, v in enumerate(out) if v != combo[a])


def _next(allotments: deque[list[object]]) -> Combo:
    head = allotments[0]
    head[1] = int(head[1]) - 1  # type: ignore[call-overload]  # [published, count]
    if not head[1]:
        allotments.popleft()
    return head[0]  # type: ignore[return-value]  # the published combination


def _full_domain(
    combos: Counter[Combo], levels: Sequence[int], k: int
) -> dict[Combo, Combo | None]:
    """Each combination's generalisation at the levels, or None where fewer than k share it."""
    keys = {
        combo: tuple(generalise(v, qi, lv) for v, qi, lv in zip(combo, QUASI_IDENTIFIERS, levels,
                                                                 strict=True))
        for combo in combos
    }  # fmt: skip
    sizes: Counter[Combo] = Counter()
    for combo, n in combos.items():
        sizes[keys[combo]] += n
    return {c: keys[c] if sizes[keys[c]] >= k else None for c in combos}


def _generalised(outcome: Counter[tuple[Combo, Combo | None]]) -> dict[str, int]:
    changed = [0] * WIDTH
    for (combo, out), n in outcome.items():
        if out is not None:
            for a in range(WIDTH):
                changed[a] += n * (combo[a] != out[a])
    return dict(zip(QUASI_IDENTIFIERS, changed, strict=True))


def published_columns(combo: Combo) -> dict[str, str]:
    """The CTDC columns a published combination is written to."""
    out: dict[str, str] = {}
    for qi, value in zip(QUASI_IDENTIFIERS, combo, strict=True):
        out |= columns_of(qi, value) if qi == "ageBroad" else {qi: value}
    if "majorityStatusAtExploit" not in out:  # age kept as a band: its majority follows it
        out["majorityStatusAtExploit"] = majority_of(out["ageBroad"])
    return out


def anonymise(rows: Sequence[dict[str, str]], k: int) -> tuple[list[dict[str, str]], Report]:
    """The rows, generalised and with small groups suppressed, and what was lost."""
    qis = [tuple(r[qi] for qi in QUASI_IDENTIFIERS) for r in rows]
    published, report = plan(qis, k)
    out = []
    for row, combo, pub in zip(rows, qis, published, strict=True):
        if pub is None:
            continue
        new = dict(row)
        if pub != combo:
            new |= published_columns(pub)
        out.append(new)
    return out, report
