"""A yearly release: the figures a national coordinator's page shows for one year, frozen.

`snapshot()` turns the shown figures into JSON holding only what the page shows (each cell's
shown value or its suppression mark, shares, medians, amounts) and the indicator definitions
as they were; the exact counts behind them (`Figures`) are never written. `restore()` turns the
JSON back into `Shown` objects, so the public pages reuse the dashboard's templates, charts and
CSV writer on the frozen figures.
"""

import dataclasses
import functools
import hashlib
import json
from decimal import Decimal
from typing import Any

from haven.accounts.models import User
from haven.accounts.roles import Capability, Role
from haven.stats.access import national_scope
from haven.stats.compute import Figures
from haven.stats.dashboard import Filters, figures_for, rules_for
from haven.stats.disclosure import Mark
from haven.stats.indicators import DATA, Indicator
from haven.stats.present import Cell, Row, Rules, Shown

FORMAT = 1  # of the JSON below; a later format must still read this one


@functools.cache
def definitions_version() -> str:
    """Which indicator definitions a release was computed with: a hash of the data file."""
    return hashlib.sha256(DATA.read_bytes()).hexdigest()


def publisher_country(user: User) -> str | None:
    """The country whose releases `user` may publish and withdraw, or None.

    The national coordinator's: of those who view aggregates, only they see the whole
    country's figures (haven/stats/access.py), so only they publish them. A supervisor's
    figures are one organisation's, a monitoring body's its own organisation's; anyone behind
    the enforcement firewall has no `view_aggregates`, and the firewall check is repeated here
    because the national scope is also what enforcement is shown."""
    organisation = user.organisation
    if not (user.is_active and user.can(Capability.VIEW_AGGREGATES)) or organisation is None:
        return None
    if user.behind_firewall or Role.NATIONAL_COORDINATOR not in user.role_names:
        return None
    return organisation.country


def published_figures(*, country: str, year: int) -> tuple[Rules, list[Shown]]:
    """The country's figures for cases registered in `year`, exactly as a coordinator's page
    shows them with that year's filter: disclosure-controlled, k from the settings, and
    guarded against the all-years figures (which the summary command also publishes)."""
    # Counted live, not summed from snapshots: publishing is one action with one audit
    # event, and bringing a snapshot up to date inside it would write a second.
    scope = dataclasses.replace(national_scope(country), summed=None)
    return rules_for(scope), figures_for(scope, Filters(year=year))


def snapshot(shown: list[Shown]) -> dict[str, Any]:
    # Through JSON and back, so the snapshot in hand equals the one the database returns.
    tables = {"format": FORMAT, "indicators": [_item(item) for item in shown]}
    loaded: dict[str, Any] = json.loads(json.dumps(tables))
    return loaded


def _cell(cell: Cell) -> dict[str, Any]:
    return {"value": cell.value, "mark": str(cell.mark)}


def _item(item: Shown) -> dict[str, Any]:
    return {
        "indicator": _definition(item.indicator),
        "refused": item.refused,
        "records": _cell(item.records),
        "counted": _cell(item.counted),
        "missing": _cell(item.missing),
        "median_days": item.median_days,
        "rows": [
            {
                "label": row.label,
                "cell": _cell(row.cell),
                "percent": row.percent,
                "amounts": {k: None if v is None else str(v) for k, v in row.amounts.items()},
            }
            for row in item.rows
        ],
    }


def _definition(indicator: Indicator) -> dict[str, Any]:
    return dataclasses.asdict(indicator)


def restore(tables: dict[str, Any]) -> list[Shown]:
    return [_shown(item) for item in tables["indicators"]]


def _indicator(data: dict[str, Any]) -> Indicator:
    lists = {key: tuple(data[key]) for key in ("categories", "missing")}
    return Indicator(**(data | lists))


def _restored_cell(data: dict[str, Any]) -> Cell:
    return Cell(data["value"], Mark(data["mark"]))


def _shown(item: dict[str, Any]) -> Shown:
    # Figures carries only the definition here: a release holds no exact count.
    rows = [
        Row(
            row["label"],
            _restored_cell(row["cell"]),
            row["percent"],
            {k: None if v is None else Decimal(v) for k, v in row["amounts"].items()},
        )
        for row in item["rows"]
    ]
    return Shown(
        Figures(_indicator(item["indicator"])),
        rows,
        _restored_cell(item["records"]),
        _restored_cell(item["counted"]),
        _restored_cell(item["missing"]),
        item["median_days"],
        item["refused"],
    )
