"""Cases as HTCDS records (docs/htcds.md): the standard's field and value names."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from haven.accounts.roles import Capability
from haven.api.auth import Scoped
from haven.api.routes.common import WRITE_ERRORS, acting, responses
from haven.api.schemas import CaseIn, CaseList, CaseOut
from haven.audit.purposes import Purpose
from haven.cases import access, actions
from haven.cases.models import Case, CaseStatus
from haven.htcds.export import case_record, record_prefetches
from haven.htcds.records import country_code

router = Router(tags=["cases"])


class CaseFilter(Schema):
    cas_Status: CaseStatus | None = None
    page: int = 1


def _out(case: Case) -> dict[str, Any]:
    return {"id": case.pk, "record": case_record(case)}


@router.get(
    "",
    auth=Scoped("cases:read", Capability.READ_SUPPORT_RECORDS),
    response=responses(200, CaseList),
    summary="The cases the user may read, newest first, 50 a page",
)
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> dict[str, Any]:
    status = filters.cas_Status.value if filters.cas_Status else ""
    found = access.list_cases(acting(request), status=status, page=max(filters.page, 1))
    # case_record reads these: one query each for the page, not six queries a case
    prefetch_related_objects(found, "victim_context", *record_prefetches())
    return {
        "cases": [_out(c) for c in found[: access.PAGE_SIZE]],
        "more": len(found) > access.PAGE_SIZE,
    }


@router.get(
    "/{case_id}",
    auth=Scoped("cases:read", Capability.READ_SUPPORT_RECORDS),
    response=responses(200, CaseOut),
    summary="One case as an HTCDS record",
)
def read_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _out(access.access_case_by_id(acting(request), case_id, purpose=Purpose.API_CLIENT))


def _nationality(codes: list[str]) -> str:
    try:
        return country_code(codes[0]) if codes else ""
    except ValueError as error:
        # An answer of the JSON API, a contract: it stays English in every language.
        detail = f"prs_Citizenship: {error}"
        raise ValidationError(detail) from None


@router.post(
    "",
    auth=Scoped("cases:write", Capability.CREATE_SUPPORT_RECORDS),
    response=responses(201, CaseOut, WRITE_ERRORS),
    summary="Open a case for a person, given by the HTCDS Person fields",
)
def open_case(request: HttpRequest, payload: CaseIn) -> Status:
    case = actions.do_open_case(
        first_name=payload.prs_FirstName,
        middle_name=payload.prs_MiddleName,
        second_name=payload.prs_SecondName,
        birthdate=payload.prs_Birthdate,
        gender=payload.prs_Gender.value if payload.prs_Gender else "",
        nationality=_nationality(payload.prs_Citizenship),
        acting_user=acting(request),
    )
    return Status(201, _out(case))
