"""Haven's REST API, version 1 (docs/api.md), on django-ninja. Each operation reaches the data
through the same `access.py` functions and actions as the pages, acting as the client's user."""

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as RequestError

from haven.api.routes import cases, diligence, law, referrals, screenings, statistics, support
from haven.core.versioning import EditConflict
from haven.law.profiles import UnknownProfile
from haven.screening.record import Record, RecordError

DESCRIPTION = (
    "Haven's API for other systems (NRM databases, shelters' case systems, hotlines). "
    "A client acts for one named user of its organisation: that user's roles, after the "
    "enforcement firewall, decide what it may do, narrowed by the token's scopes. Every call "
    "is audited. Missing and forbidden records are the same 404."
)


class HavenAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Add the interview record contract, which the screening app defines in pydantic."""
        schema = super().get_openapi_schema(*args, **kwargs)
        record = Record.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(record.pop("$defs", {}))
        components["Record"] = record
        return schema


api = HavenAPI(
    title="Haven API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
)


def _error(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(error) or "Forbidden")


@api.exception_handler(EditConflict)
def _conflict(request: HttpRequest, error: EditConflict) -> HttpResponse:
    return _error(request, 409, " ".join(error.messages))


@api.exception_handler(ValidationError)
def _refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    if isinstance(error, EditConflict):
        return _conflict(request, error)
    return _error(request, 400, " ".join(error.messages))


@api.exception_handler(RecordError)
def _bad_record(request: HttpRequest, error: RecordError) -> HttpResponse:
    return _error(request, 400, str(error))


@api.exception_handler(UnknownProfile)
def _unknown_jurisdiction(request: HttpRequest, error: UnknownProfile) -> HttpResponse:
    return _error(request, 400, str(error))


@api.exception_handler(RequestError)
def _bad_request(request: HttpRequest, error: RequestError) -> HttpResponse:
    return _error(request, 400, json.loads(json.dumps(error.errors, default=str)))


@api.exception_handler(Http404)
def _missing(request: HttpRequest, error: Http404) -> HttpResponse:
    return _error(request, 404, "Not found")


api.add_router("/", screenings.router)
api.add_router("/cases", cases.router)
api.add_router("/referrals", referrals.router)
api.add_router("/", law.router)
api.add_router("/", support.router)
api.add_router("/", diligence.router)
api.add_router("/", statistics.router)
