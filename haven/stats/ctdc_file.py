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
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from haven.stats import ctdc, kanon
from haven.stats.ctdc import MISSING
from haven.stats.indicators import CTDC_GENDER, age_band

LINE_END = "\r\n"  # csv.DictWriter's default
ZERO = datetime.timedelta(0)


def _csv(values: Iterable[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(list(values))
    return out.getvalue()


def _listed(raw: Any) -> tuple[str, ...]:
    """A JSON list as stored (text on SQLite, already a list on some drivers) or None."""
    if raw is None or raw == "":
        return ()
    return tuple(json.loads(raw) if isinstance(raw, str) else raw)


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

    def combo_id(self, raw: tuple[Any, ...]) -> int:
        """The id of the row's combination of quasi-identifiers: a million rows then hold a
        number each, and the combinations (some 90,000) are held once."""
        key = (self._year(raw[0]), *raw[1:5])
        found = self._combo_of.get(key)
        if found is None:
            combo = self._combo(key)
            found = self._combo_of[key] = self._combo_ids.setdefault(combo, len(self.combos))
            if found == len(self.combos):
                self.combos.append(combo)
        return found

    def _combo(self, key: tuple[Any, ...]) -> kanon.Combo:
        year, gender, age, nationality, country = key
        if age not in self._ages:
            self._ages[age] = MISSING if age is None else age_band(int(age))
        return (year, CTDC_GENDER.get(gender or "", MISSING), self._ages[age],
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

    def part_id(self, raw: tuple[Any, ...]) -> int:
        """The id of the row's coded means of control, types (of exploitation, labour, sex)
        and relation. (Remembering them by the whole stored tuple instead hashed more text
        than it saved: a third of the tuples are distinct.)"""
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
    """Writes the header and the k-anonymised rows of the sources (export.STORED_FIELDS, as
    stored: the time of opening, or a year) to `out`, and gives the information-loss report.
    `zone`: the time zone whose calendar gives the year."""
    coder = Coder(zone)
    combo_ids, part_ids = array.array("I"), array.array("I")
    counts: list[int] = []
    for raw in sources:
        combo = coder.combo_id(raw)
        combo_ids.append(combo)
        part_ids.append(coder.part_id(raw))
        if combo == len(counts):
            counts.append(0)
        counts[combo] += 1
    allotment, report = kanon.allot(Counter(dict(zip(coder.combos, counts, strict=True))), k)
    out.write(_csv(ctdc.COLUMNS) + LINE_END)
    _write_rows(out, coder, allotment, combo_ids, part_ids)
    return report


SEVERAL = ("", "")  # a combination published in more than one way: ask the allotment per row


def _write_rows(
    out: TextIO, coder: Coder, allotment: kanon.Allotment, combo_ids: Sequence[int],
    part_ids: Sequence[int],
) -> None:  # fmt: skip
    """Each kept row, in the rows' order, as a join of its remembered strings."""
    heads: list[tuple[str, str] | None] = [
        SEVERAL if c not in allotment.single else _head_or_none(coder, allotment.single[c])
        for c in coder.combos
    ]
    parts = [(f",{middle},", f",{relation}{LINE_END}") for middle, relation in coder.parts]
    lines: list[str] = []
    add = lines.append  # a million calls: the lookup of the method is worth saving
    for combo, part in zip(combo_ids, part_ids, strict=True):
        head = heads[combo]
        if head is SEVERAL:
            head = _head_or_none(coder, allotment.next(coder.combos[combo]))
        if head is not None:
            middle, relation = parts[part]
            add(f"{head[0]}{middle}{head[1]}{relation}")
            if len(lines) >= 10_000:
                out.write("".join(lines))
                lines.clear()
    out.write("".join(lines))


def _head_or_none(coder: Coder, published: kanon.Combo | None) -> tuple[str, str] | None:
    return None if published is None else coder.head(published)
