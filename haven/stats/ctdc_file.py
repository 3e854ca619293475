"""The CTDC file written fast: the same bytes as csv.DictWriter over kanon.anonymise(ctdc.rows())
(tests/test_ctdc_file.py checks it), at a million cases in seconds rather than minutes.

A case's columns fall into parts that depend on few stored values each: the quasi-identifiers;
the means of control (one list); the types of exploitation, labour and sexual exploitation;
the recruiter relation. Each distinct part is coded and quoted once and remembered, so a row
is a join of a few remembered strings. While the k-anonymiser plans, a row is two numbers
(its combination of quasi-identifiers and its coded parts, 8 bytes in two arrays), not a
dictionary of 77 columns: at a million cases the export's process peaks at 380 MB, of which
the rows are 8 MB. Plain Python, no Django.
"""

import array
import csv
import datetime
import io
import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from operator import add, itemgetter
from typing import Any, TextIO, cast

from haven.stats import ctdc, kanon
from haven.stats.ctdc import MISSING
from haven.stats.indicators import CTDC_GENDER, age_band

LINE_END = "\r\n"  # csv.DictWriter's default
ZERO = datetime.timedelta(0)
BATCH = 20_000  # rows read, and lines written, at a time
# The stored values of a row (export.stored()): its quasi-identifiers, and the values
# each coded part depends on.
QUASI_IDENTIFIERS = itemgetter(0, 1, 2, 3, 4)
CONTROL, REST, RELATION = itemgetter(5), itemgetter(6, 7, 8), itemgetter(9)


def _csv(values: Iterable[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(list(values))
    return out.getvalue()


def _listed(raw: Any) -> tuple[str, ...]:
    """A JSON list as stored (text on SQLite, already a list on some drivers) or None."""
    if raw is None or raw == "":
        return ()
    return tuple(json.loads(raw) if isinstance(raw, str) else raw)


def _filled(ids: list[int | None], code: Callable[[int], int]) -> list[int]:
    """The ids, with those of rows that had none yet coded, in the rows' order."""
    if None in ids:
        for i, found in enumerate(ids):
            if found is None:
                ids[i] = code(i)
    return cast(list[int], ids)  # every None replaced


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | None) else tuple(value)


class Coder:
    """Codes stored values into the file's parts, each distinct one once."""

    def __init__(self, zone: datetime.tzinfo = datetime.UTC) -> None:
        self._zone = zone
        self._utc = datetime.datetime(2000, 1, 1, tzinfo=zone).utcoffset() == ZERO and (
            datetime.datetime(2000, 7, 1, tzinfo=zone).utcoffset() == ZERO
        )
        self._control: dict[Any, str] = {}
        self._rest: dict[tuple[Any, ...], str] = {}
        self._relation: dict[str | None, str] = {}
        self._ages: dict[int | None, str] = {}
        self._heads: dict[kanon.Combo, tuple[str, str]] = {}
        self._combo_of: dict[tuple[Any, ...], int] = {}  # stored values -> combination id
        self._combo_ids: dict[kanon.Combo, int] = {}
        self.combos: list[kanon.Combo] = []  # by id, in the order they first come
        self._part_ids: dict[tuple[str, str, str], int] = {}
        self.parts: list[tuple[str, str]] = []  # by id: (control and types, relation)

    def combo_ids(self, rows: Sequence[tuple[Any, ...]]) -> list[int]:
        """Each row's combination id, looked up by its stored quasi-identifiers (a year, or
        on SQLite the year's text, the time itself only on the first and last day of a
        year): the lookups run in C, and only new values are coded."""
        ids = list(map(self._combo_of.get, map(QUASI_IDENTIFIERS, rows)))
        return _filled(ids, lambda i: self._new_combo(QUASI_IDENTIFIERS(rows[i])))

    def _new_combo(self, key: tuple[Any, ...]) -> int:
        found = self._combo_of.get(key)
        if found is None:
            combo = self._combo(key)
            found = self._combo_of[key] = self._combo_ids.setdefault(combo, len(self.combos))
            if found == len(self.combos):
                self.combos.append(combo)
        return found

    def _combo(self, key: tuple[Any, ...]) -> kanon.Combo:
        opened, gender, age, nationality, country = key
        if age not in self._ages:
            self._ages[age] = MISSING if age is None else age_band(int(age))
        return (self._year(opened), CTDC_GENDER.get(gender or "", MISSING), self._ages[age],
                nationality or MISSING, country or MISSING)  # fmt: skip

    def _year(self, opened: Any) -> str:
        """The year of registration in the active time zone, as `opened_at__year` gives it:
        from the stored time (text on SQLite, a datetime elsewhere) or a year already."""
        if isinstance(opened, int):
            return str(opened)
        if isinstance(opened, str):  # stored as UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]"
            # No zone is a day away from UTC: only the last and first day of a year can
            # fall in another year, so only those are parsed (parsing was 3 s a million).
            if self._utc or opened[5:10] not in ("12-31", "01-01"):
                return opened[:4]
            opened = datetime.datetime.fromisoformat(opened)
        if opened.tzinfo is None:  # SQLite keeps UTC without saying so
            opened = opened.replace(tzinfo=datetime.UTC)
        if self._utc and opened.utcoffset() == ZERO:
            return str(opened.year)
        return str(opened.astimezone(self._zone).year)

    def part_ids(self, rows: Sequence[tuple[Any, ...]]) -> list[int]:
        """Each row's id of its coded means of control, types (of exploitation, labour, sex)
        and relation: the three looked up by the stored values in C, the rows with a value
        not coded before (or a list, as some drivers give JSON) one by one."""
        part_of: Callable[[Any], int | None] = self._part_ids.get
        try:
            controls = map(self._control.get, map(CONTROL, rows))
            rests = map(self._rest.get, map(REST, rows))
            relations = map(self._relation.get, map(RELATION, rows))
            ids = list(map(part_of, zip(controls, rests, relations, strict=True)))
        except TypeError:  # a list: not hashable
            return [self._part_id(row) for row in rows]
        return _filled(ids, lambda i: self._part_id(rows[i]))

    def _part_id(self, raw: tuple[Any, ...]) -> int:
        key = self._coded_parts(raw[5:])
        found = self._part_ids.get(key)
        if found is None:
            found = self._part_ids[key] = len(self.parts)
            self.parts.append((f"{key[0]},{key[1]}", key[2]))
        return found

    def _coded_parts(self, raw: tuple[Any, ...]) -> tuple[str, str, str]:
        """Looked up by the stored values as they are (JSON text on SQLite) when they have
        been coded before; the few new ones, and lists as some drivers give them, are coded
        by _code_parts."""
        control, types, industry, sex, relation = raw
        try:
            return (self._control[control], self._rest[types, industry, sex],
                    self._relation[relation])  # fmt: skip
        except (KeyError, TypeError):  # new, or a list: not hashable
            return self._code_parts(tuple(_hashable(v) for v in raw))

    def _code_parts(self, raw: tuple[Any, ...]) -> tuple[str, str, str]:
        control, types, industry, sex, relation = raw
        if control not in self._control:
            self._control[control] = _csv(ctdc._control(set(_listed(control))).values())
        rest = (types, industry, sex)
        if rest not in self._rest:
            coded = _types(_listed(types), industry or "", _listed(sex))
            self._rest[rest] = _csv(coded.values())
        if relation not in self._relation:
            self._relation[relation] = _csv(ctdc._relation(relation or "").values())
        return self._control[control], self._rest[rest], self._relation[relation]

    def head(self, published: kanon.Combo) -> tuple[str, str]:
        """The columns before the means of control, and the country of exploitation."""
        if published not in self._heads:
            columns = kanon.published_columns(published)
            first = (columns["yearOfRegistration"], "Case management", columns["gender"],
                     columns["ageBroad"], MISSING, columns["majorityStatusAtExploit"],
                     columns["citizenship"])  # fmt: skip
            self._heads[published] = (_csv(first), _csv([columns["CountryOfExploitation"]]))
        return self._heads[published]


def _types(types: tuple[str, ...], industry: str, sex: tuple[str, ...]) -> dict[str, str]:
    out = ctdc._exploitation(set(types))
    out |= ctdc._labour(out["isForcedLabour"], industry, set(types))
    return out | ctdc._sex(out["isSexualExploit"], set(sex))


def write(
    sources: Iterable[tuple[Any, ...]],
    k: int,
    out: TextIO,
    *,
    zone: datetime.tzinfo = datetime.UTC,
) -> kanon.Report:
    """Writes the header and the k-anonymised rows of the sources (export.stored(): a year,
    the year's text, or the time of opening, then the other SOURCE_FIELDS as stored) to `out`,
    and gives the information-loss report. `zone`: the time zone whose calendar gives the
    year from a time."""
    coder = Coder(zone)
    combo_ids, part_ids = array.array("I"), array.array("I")
    counts: Counter[int] = Counter()
    rows = iter(sources)
    while batch := list(itertools.islice(rows, BATCH)):
        ids = coder.combo_ids(batch)
        combo_ids.extend(ids)
        counts.update(ids)
        part_ids.extend(coder.part_ids(batch))
    combos = Counter({combo: counts[i] for i, combo in enumerate(coder.combos)})
    allotment, report = kanon.allot(combos, k)
    out.write(_csv(ctdc.COLUMNS) + LINE_END)
    _write_rows(out, coder, allotment, combo_ids, part_ids)
    return report


def _write_rows(
    out: TextIO, coder: Coder, allotment: kanon.Allotment, combo_ids: Sequence[int],
    part_ids: Sequence[int],
) -> None:  # fmt: skip
    """Each kept row, in the rows' order, as a join of its remembered strings: which head
    (the columns that depend on the published combination) each row takes is worked out
    first, so that the lines are joined by map() in C, not a loop of a million steps."""
    heads = _Heads(coder)
    chosen = _chosen_heads(heads, coder, allotment, combo_ids)
    if SUPPRESSED in chosen:
        kept = [(h, p) for h, p in zip(chosen, part_ids, strict=True) if h != SUPPRESSED]
        chosen, part_ids = array.array("i", (h for h, _ in kept)), [p for _, p in kept]
    firsts, countries = heads.firsts, heads.countries
    middles = [middle for middle, _ in coder.parts]
    relations = [f"{relation}{LINE_END}" for _, relation in coder.parts]
    for start in range(0, len(chosen), BATCH):
        h, p = chosen[start : start + BATCH], part_ids[start : start + BATCH]
        line = map(add, map(firsts.__getitem__, h), map(middles.__getitem__, p))
        line = map(add, line, map(countries.__getitem__, h))
        out.write("".join(map(add, line, map(relations.__getitem__, p))))


def _chosen_heads(
    heads: "_Heads", coder: Coder, allotment: kanon.Allotment, combo_ids: Sequence[int]
) -> "array.array[int]":
    """Each row's head index (SUPPRESSED for a record not published)."""
    chosen = array.array("i", map(heads.of_combo(allotment).__getitem__, combo_ids))
    several = [i for i, head in enumerate(chosen) if head == SEVERAL]
    for i in several:  # in the rows' order: the allotment hands its records out in turn
        chosen[i] = heads.index(allotment.next(coder.combos[combo_ids[i]]))
    return chosen


SEVERAL, SUPPRESSED = -1, -2  # a combination published in more than one way; a record not


class _Heads:
    """The distinct heads, by index: the columns before the means of control (with the comma
    after them), and the country of exploitation (with the commas either side)."""

    def __init__(self, coder: Coder) -> None:
        self._coder = coder
        self._index: dict[kanon.Combo, int] = {}
        self.firsts: list[str] = []
        self.countries: list[str] = []

    def index(self, published: kanon.Combo | None) -> int:
        if published is None:
            return SUPPRESSED
        found = self._index.get(published)
        if found is None:
            first, country = self._coder.head(published)
            found = self._index[published] = len(self.firsts)
            self.firsts.append(f"{first},")
            self.countries.append(f",{country},")
        return found

    def of_combo(self, allotment: kanon.Allotment) -> list[int]:
        """Each combination's head, or SEVERAL where the allotment decides per record."""
        single = allotment.single
        return [self.index(single[c]) if c in single else SEVERAL for c in self._coder.combos]
