"""The screening result as the JSON contract of `haven screen --json` (docs/screening.md); the
page, the API and the command all print this, so they agree for the same record."""

import datetime
from typing import Any

from haven.law.definition import is_child
from haven.law.serialize import basis_json, element_json
from haven.screening.engine import Screening


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def screening_json(result: Screening, jurisdiction: str) -> dict[str, Any]:
    legal = result.legal
    return {
        "jurisdiction": jurisdiction,
        "legal_elements": {
            **{name: element.status for name, element in legal.elements.items()},
            "overall": legal.overall,
            "child": is_child(result.child),
            "child_status": result.child,
            "details": {name: element_json(e) for name, e in legal.elements.items()},
        },
        "international_elements": _international(result),
        "reasonable_grounds": result.reasonable_grounds,
        "grounds_under": list(result.grounds_under),
        "possible_victim": result.possible_victim,
        "reasons": result.reasons,
        "early_support": {"recommended": result.early_support, "reasons": result.support_reasons},
        "rights": [
            {
                "code": r.code,
                "title": r.title,
                "starts": _date(r.starts),
                "ends": _date(r.ends),
                "days": r.days,
                "deadline": r.deadline,
                "strength": r.strength,
                "basis": basis_json(r.basis),
            }
            for r in result.rights
        ],
        "alerts": [
            {"code": a.code, "message": a.message, "basis": basis_json(a.basis)}
            for a in result.alerts
        ],
    }


def _international(result: Screening) -> dict[str, str]:
    """The Protocol's definition applied to the same facts: the floor beneath a national one."""
    found = result.international
    if found is None:
        return {}
    return {**{name: e.status for name, e in found.elements.items()}, "overall": found.overall}
