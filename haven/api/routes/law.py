"""Law and the corpus: public knowledge, not personal data, but still through a scoped token so
every use is audited. The same serialisers as `haven law` and the law pages."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field as Param
from ninja import Query, Router, Schema

from haven.api.auth import Scoped
from haven.api.routes.common import responses
from haven.api.schemas import ParagraphOut, SearchOut
from haven.corpus import search
from haven.corpus.models import Paragraph
from haven.law import serialize
from haven.law.gaps import find_gaps
from haven.law.loader import law
from haven.law.models import JurisdictionProfile
from haven.law.profiles import jurisdiction_or_404, jurisdiction_settings

router = Router()
SEARCH_LIMIT = 20


@router.get(
    "/law/rights",
    tags=["law"],
    auth=Scoped("law:read"),
    response=responses(200, dict[str, Any]),
    summary="Every right Haven knows, with its legal basis",
)
def rights(request: HttpRequest) -> dict[str, Any]:
    return {"rights": [serialize.right_json(code) for code in law().rights]}


@router.get(
    "/law/jurisdictions",
    tags=["law"],
    auth=Scoped("law:read"),
    response=responses(200, dict[str, Any]),
    summary="Jurisdiction profiles: definition, periods, ratifications",
)
def jurisdictions(request: HttpRequest) -> dict[str, Any]:
    rows = JurisdictionProfile.objects.values(
        "code", "name", "definition_profile", "reflection_days", "appeal_days", "ratified"
    )
    return {"jurisdictions": list(rows)}


@router.get(
    "/law/jurisdictions/{code}/gaps",
    tags=["law"],
    auth=Scoped("law:read"),
    response=responses(200, dict[str, Any]),
    summary="The legal-gap report of a jurisdiction",
)
def gaps(request: HttpRequest, code: str) -> dict[str, Any]:
    profile = jurisdiction_or_404(code)
    findings = find_gaps(jurisdiction_settings(profile))
    return serialize.gaps_json(profile.code, profile.definition_profile, findings)


class SearchQuery(Schema):
    q: str = Param(min_length=1, max_length=200)


@router.get(
    "/corpus/search",
    tags=["corpus"],
    auth=Scoped("corpus:read"),
    response=responses(200, SearchOut),
    summary="Search the corpus's paragraphs and guidance, with citations",
)
def corpus_search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    results = search.search(query.q, limit=SEARCH_LIMIT)
    return {"hits": results.hits, "errors": results.errors}


@router.get(
    "/corpus/paragraphs/{paragraph_id}",
    tags=["corpus"],
    auth=Scoped("corpus:read"),
    response=responses(200, ParagraphOut),
    summary="One paragraph of a corpus document, with its citation",
)
def paragraph(request: HttpRequest, paragraph_id: int) -> Paragraph:
    found = Paragraph.objects.filter(pk=paragraph_id).first()
    if found is None:
        raise Http404("No such paragraph")
    return found
