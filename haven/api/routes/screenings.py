"""Screenings: send an interview record, get the rights result (docs/screening.md)."""

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from haven.accounts.roles import Capability
from haven.api.auth import Scoped
from haven.api.routes.common import WRITE_ERRORS, acting, responses
from haven.api.schemas import ScreeningOut
from haven.audit.purposes import Purpose
from haven.cases.access import access_case_by_id
from haven.law.profiles import jurisdiction, jurisdiction_settings
from haven.screening import access, actions
from haven.screening.engine import screen
from haven.screening.models import Screening
from haven.screening.record import Record, RecordError, parse_record
from haven.screening.serialize import screening_json

router = Router(tags=["screenings"])
RECORD_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}},
    }
}


def _record(request: HttpRequest) -> Record:
    """The body as an interview record. Decoded here first: `parse_record` lets bytes that are
    not UTF-8 escape as UnicodeDecodeError (noted for the screening app)."""
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RecordError(f"the body is not UTF-8 text: {error.reason}") from None
    return parse_record(text)


def _out(screening: Screening) -> dict[str, Any]:
    return {
        "id": screening.pk,
        "case_id": screening.case_id,
        "jurisdiction": screening.jurisdiction,
        "encounter_date": screening.encounter_date,
        "reasonable_grounds": screening.reasonable_grounds,
        "early_support_recommended": screening.early_support_recommended,
        "result": json.loads(screening.result),
    }


@router.post(
    "/cases/{case_id}/screenings",
    auth=Scoped("screenings:write", Capability.CREATE_SUPPORT_RECORDS),
    response=responses(201, ScreeningOut, WRITE_ERRORS),
    openapi_extra=RECORD_BODY,
    summary="Record an interview on a case and get its rights result",
)
def record_screening(request: HttpRequest, case_id: int) -> Status:
    user = acting(request)
    record = _record(request)
    case = access_case_by_id(user, case_id, purpose=Purpose.SCREENING_INTERVIEW)
    screening = actions.do_record_screening(case=case, record=record, acting_user=user)
    return Status(201, _out(screening))


@router.get(
    "/screenings/{screening_id}",
    auth=Scoped("screenings:read", Capability.READ_SUPPORT_RECORDS),
    response=responses(200, ScreeningOut),
    summary="A recorded screening and the rights result it gave",
)
def read_screening(request: HttpRequest, screening_id: int) -> dict[str, Any]:
    return _out(
        access.access_screening_by_id(acting(request), screening_id, purpose=Purpose.API_CLIENT)
    )


@router.post(
    "/screen",
    auth=Scoped("screenings:read", Capability.READ_SUPPORT_RECORDS),
    response=responses(200, dict[str, Any]),
    openapi_extra=RECORD_BODY,
    summary="The rights result for a record, without storing anything",
)
def screen_only(request: HttpRequest) -> dict[str, Any]:
    record = _record(request)
    profile = jurisdiction(record.jurisdiction or "INTL")
    return screening_json(screen(record, jurisdiction_settings(profile)), profile.code)
