"""Shown figures as JSON for `haven stats summary --json` (the same figures as the pages)."""

from typing import Any

from haven.stats.disclosure import Mark
from haven.stats.present import Cell, Shown


def _count(cell: Cell) -> dict[str, Any]:
    return {"count": cell.value, "suppressed": None if cell.mark is Mark.SHOWN else str(cell.mark)}


def indicator_json(shown: Shown) -> dict[str, Any]:
    indicator = shown.indicator
    return {
        "id": indicator.id,
        "group": indicator.group,
        "kind": indicator.kind,
        "name": indicator.name,
        "definition": indicator.definition,
        "numerator": indicator.numerator,
        "denominator": indicator.denominator,
        "basis": indicator.basis,
        "refused": shown.refused,
        "records": _count(shown.records),
        "with_value": _count(shown.counted),
        "without_value": _count(shown.missing),
        "median_days": shown.median_days,
        "rows": [
            {"category": row.label, **_count(row.cell), "share": row.share}
            | (
                {"amounts": {k: str(v) if v is not None else None for k, v in row.amounts.items()}}
                if row.amounts
                else {}
            )
            for row in shown.rows
        ],
    }
