"""Recommendations as JSON: the shape of `haven recommendations list --json` (docs/diligence.md)."""

from typing import Any

from haven.diligence.models import Recommendation


def recommendation_json(rec: Recommendation) -> dict[str, Any]:
    return {
        "number": rec.number,
        "text": rec.text,
        "recommending_states": rec.recommending_states,
        "position": rec.position,
        "position_source": rec.position_source or None,
        "themes": rec.themes,
        "sdgs": rec.sdgs,
        "mechanism": rec.mechanism,
        "cycle": rec.cycle,
        "state": rec.state,
        "affected_persons": rec.affected_persons,
        "areas": rec.areas,
        "rights": rec.rights,
        "tag_evidence": rec.tag_evidence,
        "source_citation": rec.source_citation or None,
    }
