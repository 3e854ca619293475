"""Referrals between organisations (docs/referrals.md): send, accept, decline, withdraw, status.
Receiving organisations learn of new referrals and answers through webhooks."""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from haven.accounts.models import Organisation
from haven.accounts.roles import Capability
from haven.api.auth import Scoped
from haven.api.routes.common import WRITE_ERRORS, acting, responses
from haven.api.schemas import Answer, OrganisationOut, ReferralIn, ReferralList, ReferralOut
from haven.audit.purposes import Purpose
from haven.cases.access import MAX_PAGE, access_case_by_id
from haven.referrals import access, actions
from haven.referrals.models import Referral

router = Router(tags=["referrals"])
READ = Capability.READ_SUPPORT_RECORDS
WRITE = Capability.CREATE_SUPPORT_RECORDS


def _out(referral: Referral) -> dict[str, Any]:
    fields = (
        "case_id", "from_organisation_id", "to_organisation_id", "reason", "sections",
        "status", "cross_border", "version", "sent_at", "answered_at",
    )  # fmt: skip
    return {
        "id": referral.pk,
        "reference": referral.reference,
        **{name: getattr(referral, name) for name in fields},
    }


@router.get(
    "/organisations",
    auth=Scoped("referrals:read", READ),
    response=responses(200, list[OrganisationOut]),
    summary="Organisations a case may be referred to (never enforcement)",
)
def organisations(request: HttpRequest) -> list[Organisation]:
    enforcement = ("LawEnforcement", "ImmigrationService")
    own = acting(request).organisation_id or 0
    return list(Organisation.objects.exclude(org_type__in=enforcement).exclude(pk=own))


class ReferralPages(Schema):
    received_page: int = Field(1, ge=1, le=MAX_PAGE)
    sent_page: int = Field(1, ge=1, le=MAX_PAGE)


@router.get(
    "",
    auth=Scoped("referrals:read", READ),
    response=responses(200, ReferralList),
    summary="Referrals received by and sent from the user's organisation, 50 of each a page",
)
def list_referrals(request: HttpRequest, pages: Query[ReferralPages]) -> dict[str, Any]:
    received, sent = access.list_referrals(
        acting(request), received_page=pages.received_page, sent_page=pages.sent_page
    )
    return {
        "received": [_out(r) for r in received.referrals],
        "sent": [_out(r) for r in sent.referrals],
        "more_received": received.more,
        "more_sent": sent.more,
    }


@router.get(
    "/{referral_id}",
    auth=Scoped("referrals:read", READ),
    response=responses(200, ReferralOut),
    summary="One referral and its status",
)
def read_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    return _out(access.access_referral_by_id(acting(request), referral_id))


@router.post(
    "",
    auth=Scoped("referrals:write", WRITE),
    response=responses(201, ReferralOut, WRITE_ERRORS),
    summary="Refer a case to another organisation, sharing only the sections chosen",
)
def send_referral(request: HttpRequest, payload: ReferralIn) -> Status:
    user = acting(request)
    case = access_case_by_id(user, payload.case_id, purpose=Purpose.REFERRAL)
    recipient = Organisation.objects.filter(pk=payload.to_organisation_id).first()
    if recipient is None:
        raise Http404("No such organisation")
    referral = actions.do_refer_case(
        case,
        recipient,
        reason=payload.reason,
        sections=payload.sections,
        details=payload.details,
        override_reason=payload.override_reason,
        acting_user=user,
    )
    return Status(201, _out(referral))


@router.post(
    "/{referral_id}/accept",
    auth=Scoped("referrals:write", READ),
    response=responses(200, ReferralOut, WRITE_ERRORS),
    summary="Accept a referral received",
)
def accept(request: HttpRequest, referral_id: int, payload: Answer) -> dict[str, Any]:
    return _answer(request, referral_id, payload, actions.do_accept_referral, with_reason=False)


@router.post(
    "/{referral_id}/decline",
    auth=Scoped("referrals:write", READ),
    response=responses(200, ReferralOut, WRITE_ERRORS),
    summary="Decline a referral received, giving the reason",
)
def decline(request: HttpRequest, referral_id: int, payload: Answer) -> dict[str, Any]:
    return _answer(request, referral_id, payload, actions.do_decline_referral)


@router.post(
    "/{referral_id}/withdraw",
    auth=Scoped("referrals:write", WRITE),
    response=responses(200, ReferralOut, WRITE_ERRORS),
    summary="Withdraw a referral the organisation sent, giving the reason",
)
def withdraw(request: HttpRequest, referral_id: int, payload: Answer) -> dict[str, Any]:
    return _answer(request, referral_id, payload, actions.do_withdraw_referral)


def _answer(
    request: HttpRequest,
    referral_id: int,
    payload: Answer,
    act: Callable[..., Referral],
    *,
    with_reason: bool = True,
) -> dict[str, Any]:
    """Accept, decline or withdraw, as the page does: through the access function and the
    action, refused as a conflict when the referral changed since `expected_version`."""
    user = acting(request)
    referral = access.access_referral_by_id(user, referral_id)
    reason = {"reason": payload.reason} if with_reason else {}
    done = act(
        referral=referral, acting_user=user, expected_version=payload.expected_version, **reason
    )
    return _out(done)
