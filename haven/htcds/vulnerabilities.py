"""One vulnerability vocabulary for the interview and the HTCDS victim context.

The screening interview's codes (haven.screening.vocabulary) are the vocabulary; the HTCDS value
names of vic_Vulnerabilities are derived from them by `data/vulnerability_mapping.toml`, an
explicit table checked as it loads: a code without a row, a row without a code, or a value that
is not an HTCDS value name is refused with the file and the fault named. Plain Python.
"""

import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from haven.htcds import catalogue

MAPPING_FILE = Path(__file__).resolve().parent / "data" / "vulnerability_mapping.toml"
FIELD = "vic_Vulnerabilities"


class MappingError(ValueError):
    """The mapping file does not cover the vocabulary, or names a non-HTCDS value."""


def load_mapping(path: Path, codes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The table in `path`, checked against the vocabulary `codes` and the HTCDS picklist."""
    rows: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8")).get("map", {})
    known, htcds = set(codes), set(catalogue.picklist(FIELD))
    problems = [f"vocabulary code {c!r} has no HTCDS mapping" for c in sorted(known - set(rows))]
    problems += [f"{c!r} is not a vocabulary code" for c in sorted(set(rows) - known)]
    for code, row in sorted(rows.items()):
        values = row.get("htcds") if isinstance(row, dict) else None
        if not values or not isinstance(values, list):
            problems.append(f"{code}: 'htcds' must list one or more {FIELD} value names")
            continue
        problems += [
            f"{code}: {v!r} is not an HTCDS {FIELD} value" for v in values if v not in htcds
        ]
    if problems:
        raise MappingError("\n".join(f"{path}: {problem}" for problem in problems))
    return {code: tuple(row["htcds"]) for code, row in rows.items()}


@cache
def mapping() -> dict[str, tuple[str, ...]]:
    from haven.screening.vocabulary import vocabulary

    return load_mapping(MAPPING_FILE, vocabulary().vulnerabilities)


def htcds_names(codes: Iterable[str]) -> list[str]:
    """The HTCDS value names for these vocabulary codes, once each, in the standard's order."""
    table = mapping()
    unknown = [code for code in codes if code not in table]
    if unknown:
        raise MappingError(f"unknown vulnerability code(s) {', '.join(unknown)}")
    wanted = {name for code in codes for name in table[code]}
    return [name for name in catalogue.picklist(FIELD) if name in wanted]


def unreachable() -> list[str]:
    """HTCDS values no vocabulary code maps to: offered apart, so none is out of reach."""
    reached = {name for names in mapping().values() for name in names}
    return [name for name in catalogue.picklist(FIELD) if name not in reached]


def context_from_screening(record: Any, labels: dict[str, str]) -> dict[str, Any]:
    """What the latest interview says for the victim context: its vulnerability codes, and its
    notes on them (with each code's label) as vic_DetailsOfVulnerabilities."""
    notes = [
        f"{labels.get(code, code)}: {text}"
        for code, text in record.vulnerability_notes.items()
        if text.strip()
    ]
    return {
        "vulnerability_codes": list(record.vulnerabilities),
        "vulnerability_details": "\n".join(notes),
    }
