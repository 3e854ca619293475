"""Records written fast: JSON exactly as `json.dumps(record, indent=2, ensure_ascii=False)`
writes it, and table rows exactly as `records.row_of` makes them. Plain Python: no Django.

The standard library's JSON encoder runs in C only without `indent`; with it, it is pure Python
and was the largest single cost of the export. A record's shape is fixed (the case-level fields
in order, then the lists "hte" and "per"), so each key's text is worked out once and only the
values are encoded per record. `haven/htcds/tests/test_export_parity.py` checks the bytes.
"""

import math
from collections.abc import Callable
from json.encoder import encode_basestring  # the C one, as json.dumps uses
from typing import Any

from haven.htcds.records import _NUMBERED, CASE_LEVEL_FIELDS, EVENTS, PERPETRATORS, cell

_INFINITY = float("inf")
_text = encode_basestring


def _float(value: float) -> str:
    # json.dumps's spelling of the special floats (allow_nan=True).
    if math.isnan(value):
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def encode(value: Any, level: int) -> str:  # noqa: C901, PLR0911 - one branch a JSON type
    """One value as json.dumps(indent=2) writes it `level` levels deep."""
    kind = value.__class__
    if kind is str:
        return str(encode_basestring(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        items = ("," + inner).join(encode(item, level + 1) for item in value)
        return "[" + inner + items + "\n" + "  " * level + "]"
    if kind is dict:
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        items = ("," + inner).join(
            str(encode_basestring(key)) + ": " + encode(item, level + 1)
            for key, item in value.items()
        )
        return "{" + inner + items + "\n" + "  " * level + "}"
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, str):
        return str(encode_basestring(value))
    raise TypeError(f"Object of type {kind.__name__} is not JSON serializable")


_KEYS = CASE_LEVEL_FIELDS + (EVENTS, PERPETRATORS)
# '{\n  "org_Name": %s,\n  "prs_FirstName": %s, ... \n  "per": %s\n}' with %% kept as text.
_TEMPLATE = (
    "{\n"
    + ",\n".join(f"  {encode_basestring(key).replace('%', '%%')}: %s" for key in _KEYS)
    + "\n}"
)


def dumps_record(record: dict[str, Any]) -> str:
    """`json.dumps(record, indent=2, ensure_ascii=False)` for a record of the export's shape
    (its keys exactly CASE_LEVEL_FIELDS, "hte", "per", in that order); any other dict is
    encoded key by key, which gives the same text, only slower."""
    if len(record) != len(_KEYS) or list(record) != list(_KEYS):
        return encode(record, 0)
    # Most values are text or missing: encoded inline, the rest by `encode`.
    values = tuple(
        _text(value)
        if value.__class__ is str
        else "null"
        if value is None
        else "[]"
        if value == []
        else encode(value, 1)
        for value in record.values()
    )
    return _TEMPLATE % values


def row_maker(names: list[str]) -> Callable[[dict[str, Any]], list[Any]]:
    """A function giving `records.row_of(record, names)`, with the column names parsed once."""
    plan: list[tuple[str, str | None, int]] = []
    for name in names:
        numbered = _NUMBERED.match(name)
        if numbered:
            base = numbered.group(1)
            plan.append((base[:3], base, int(numbered.group(2)) - 1))
        else:
            plan.append((name, None, 0))

    def row(record: dict[str, Any]) -> list[Any]:
        cells = []
        for key, base, index in plan:
            if base is None:
                cells.append(cell(record[key]))
            else:
                items = record[key]
                cells.append(cell(items[index][base]) if index < len(items) else "")
        return cells

    return row
