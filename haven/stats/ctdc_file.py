"""The CTDC file written fast: the same bytes as csv.DictWriter over kanon.anonymise(ctdc.rows())
(tests/test_ctdc_file.py checks it), at a million cases in seconds rather than minutes.

A case's columns fall into parts that depend on few stored values each: the quasi-identifiers;
the means of control (one list); the types of exploitation, labour and sexual exploitation;
the recruiter relation. Each distinct part is coded and quoted once and remembered, so a row
is a join of a few remembered strings; and only those few references per row are kept while
the k-anonymiser plans, not a dictionary of 77 columns. Plain Python, no Django.
"""

import csv
import datetime
import io
import json
from collections.abc import Iterable
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


class Coder:
    """Codes stored values into the file's parts, each distinct one once."""

    def __init__(self, zone: datetime.tzinfo = datetime.UTC) -> None:
        self._zone = zone
        self._utc = datetime.datetime(2000, 1, 1, tzinfo=zone).utcoffset() == ZERO and (
            datetime.datetime(2000, 7, 1, tzinfo=zone).utcoffset() == ZERO
        )
        self._lists: dict[Any, tuple[str, ...]] = {}
        self._control: dict[Any, str] = {}
        self._rest: dict[tuple[Any, ...], str] = {}
        self._relation: dict[str, str] = {}
        self._ages: dict[int | None, str] = {}
        self._heads: dict[kanon.Combo, tuple[str, str]] = {}

    def _list(self, raw: Any) -> tuple[str, ...]:
        key = raw if isinstance(raw, str | None) else tuple(raw)
        if key not in self._lists:
            self._lists[key] = _listed(raw)
        return self._lists[key]

    def quasi_identifiers(self, raw: tuple[Any, ...]) -> kanon.Combo:
        opened, gender, age, nationality, country = raw[:5]
        if age not in self._ages:
            self._ages[age] = MISSING if age is None else age_band(int(age))
        return (self._year(opened), CTDC_GENDER.get(gender or "", MISSING), self._ages[age],
                nationality or MISSING, country or MISSING)  # fmt: skip

    def _year(self, opened: Any) -> str:
        """The year of registration in the active time zone, as `opened_at__year` gives it:
        from the stored time (text on SQLite, a datetime elsewhere) or a year already."""
        if isinstance(opened, int):
            return str(opened)
        if isinstance(opened, str):  # stored as UTC text
            opened = datetime.datetime.fromisoformat(opened)
        if opened.tzinfo is None:  # SQLite keeps UTC without saying so
            opened = opened.replace(tzinfo=datetime.UTC)
        if self._utc and opened.utcoffset() == ZERO:
            return str(opened.year)
        return str(opened.astimezone(self._zone).year)

    def parts(self, raw: tuple[Any, ...]) -> tuple[str, str, str]:
        """The coded means of control, types (of exploitation, labour, sex) and relation."""
        control, types, industry, sex, relation = raw[5:]
        control_key = control if isinstance(control, str | None) else tuple(control)
        if control_key not in self._control:
            coded = ctdc._control(set(self._list(control)))
            self._control[control_key] = _csv(coded.values())
        types_t, sex_t = self._list(types), self._list(sex)
        rest_key = (types_t, industry or "", sex_t)
        if rest_key not in self._rest:
            self._rest[rest_key] = _csv(_types(types_t, industry or "", sex_t).values())
        relation = relation or ""
        if relation not in self._relation:
            self._relation[relation] = _csv(ctdc._relation(relation).values())
        return self._control[control_key], self._rest[rest_key], self._relation[relation]

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
    qis, parts = [], []
    for raw in sources:
        qis.append(coder.quasi_identifiers(raw))
        parts.append(coder.parts(raw))
    published, report = kanon.plan(qis, k)
    out.write(_csv(ctdc.COLUMNS) + LINE_END)
    lines = []
    heads: dict[kanon.Combo, tuple[str, str]] = {}
    for combo, (control, rest, relation) in zip(published, parts, strict=True):
        if combo is not None:
            first, country = heads.get(combo) or heads.setdefault(combo, coder.head(combo))
            lines.append(f"{first},{control},{rest},{country},{relation}{LINE_END}")
            if len(lines) >= 10_000:
                out.write("".join(lines))
                lines.clear()
    out.write("".join(lines))
    return report
