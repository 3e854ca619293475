"""The JSON contracts of `haven paragraphs`, `haven guidance` and `haven search`
(documented in docs/corpus.md)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from haven.corpus.models import Document, Footnote, Guidance, Paragraph
from haven.corpus.search import Hit


def paragraphs_json(document: Document) -> list[dict[str, Any]]:
    notes = {f.marker: f for f in document.footnotes.all()}
    return [paragraph_json(p, notes) for p in document.paragraphs.all()]


def paragraph_json(paragraph: Paragraph, notes: dict[str, Footnote]) -> dict[str, Any]:
    return {
        "locator": paragraph.locator,
        "citation": paragraph.citation,
        "heading": paragraph.heading or None,
        "text": paragraph.text,
        "footnotes": [
            {"marker": m, "text": notes[m].text} for m in paragraph.footnote_markers if m in notes
        ],
        "lines": [paragraph.first_line, paragraph.last_line],
    }


def guidance_json(rows: Iterable[Guidance]) -> list[dict[str, Any]]:
    return [
        {
            "citation": g.citation,
            "text": g.text,
            "addressee": g.addressee,
            "strength": g.strength,
            "topics": g.topics,
            "source": g.source_raw or g.citation,
            "mandate": g.mandate_name,
            "linked_paragraph": g.paragraph.citation if g.paragraph_id and g.paragraph else None,
            **recommendation_json(g),
        }
        for g in rows
    ]


def recommendation_json(g: Guidance) -> dict[str, Any]:
    """A recommendation table's fields: [] and null for guidance found in a text."""
    return {
        "recommending_states": g.recommending_states,
        "state_position": g.state_position or None,
        "position_source": g.position_source or None,
        "themes": g.themes,
    }


def search_json(hits: Iterable[Hit]) -> list[dict[str, Any]]:
    return [
        {
            "citation": h.citation,
            "text": h.text,
            "snippet": h.snippet,
            "score": round(h.score, 4),
            "recommending_states": h.recommending_states,
            "state_position": h.state_position or None,
        }
        for h in hits
    ]


def filter_guidance(
    *,
    document: str = "",
    topic: str = "",
    addressee: str = "",
    strength: str = "",
    position: str = "",
) -> QuerySet[Guidance]:
    """Guidance filtered by document (symbol, title or id), topic, addressee, strength and
    the reviewed State's position on a recommendation (supported, noted...). JSON lists are
    filtered here rather than in SQL, the same way on SQLite and PostgreSQL."""
    rows = Guidance.objects.all()
    if document:
        rows = rows.filter(document__key=document) | rows.filter(document__symbol=document)
        if document.isdigit() and int(document) < 2**63:  # larger overflows the database
            rows = rows | Guidance.objects.filter(document_id=int(document))
    if strength:
        rows = rows.filter(strength=strength)
    if position:
        rows = rows.filter(state_position=position)
    keep = [
        g.pk
        for g in rows.only("pk", "topics", "addressee")
        if (not topic or topic in g.topics) and (not addressee or addressee in g.addressee)
    ]
    return (
        Guidance.objects.filter(pk__in=keep)
        .select_related("document", "paragraph")
        .order_by("document__key", "kind", "position")
    )
