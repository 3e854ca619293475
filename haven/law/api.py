"""The legal knowledge base as JSON, for other tools. Same serialisers as `haven law`."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from haven.core.jsonbody import json_body
from haven.core.permissions import signed_in
from haven.law import serialize
from haven.law.definition import Facts, FactsError, evaluate_definition
from haven.law.gaps import find_gaps
from haven.law.loader import law
from haven.law.models import JurisdictionProfile
from haven.law.profiles import (
    UnknownProfile,
    definition_profile,
    jurisdiction,
    jurisdiction_or_404,
    jurisdiction_settings,
)


@signed_in
@require_GET
def instruments(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"instruments": [serialize.instrument_json(i) for i in law().instruments]})


@signed_in
@require_GET
def rights(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"rights": [serialize.right_json(code) for code in law().rights]})


@signed_in
@require_GET
def jurisdictions(request: HttpRequest) -> JsonResponse:
    rows = JurisdictionProfile.objects.values(
        "code", "name", "definition_profile", "reflection_days", "appeal_days", "ratified"
    )
    return JsonResponse({"jurisdictions": list(rows)})


@signed_in
@require_GET
def jurisdiction_gaps(request: HttpRequest, code: str) -> JsonResponse:
    profile = jurisdiction_or_404(code)
    findings = find_gaps(jurisdiction_settings(profile))
    return JsonResponse(serialize.gaps_json(profile.code, profile.definition_profile, findings))


@signed_in
@require_POST
def check(request: HttpRequest) -> JsonResponse:
    """POST {"facts": {...}, "jurisdiction": "GB"} → the element-by-element finding."""
    try:
        body = json_body(request)
        if not isinstance(body, dict):
            raise FactsError("the request body must be a JSON object")
        result = check_facts(body.get("facts", {}), body.get("jurisdiction") or "INTL")
    except (ValueError, UnknownProfile) as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(result)


def check_facts(facts: object, code: str) -> dict[str, object]:
    """The finding for these facts under this jurisdiction's definition, as JSON data."""
    profile = jurisdiction(str(code))
    finding = evaluate_definition(
        Facts.from_json(facts),  # type: ignore[arg-type]  # from_json checks the JSON shape itself and names what is wrong
        definition_profile(profile.definition_profile),
    )
    return serialize.finding_json(finding, profile.code)
