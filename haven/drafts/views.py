"""The autosave endpoints (JSON, same-origin, CSRF-checked) and the session keepalive.

A signed-out request is sent to the login page by the permission decorator like any other; the
script sees the redirect and tells the person their draft is kept, with a link to sign in
again and come back (docs/drafts.md)."""

import time
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.models import User
from haven.cases.access import cases_visible_to
from haven.cases.models import Case
from haven.core.jsonbody import BadJSONBody, json_body
from haven.core.middleware import SIGNED_IN_AT, idle_seconds_left, renew_session
from haven.core.permissions import signed_in
from haven.core.request import signed_in_user
from haven.drafts import access, actions
from haven.drafts.payload import PayloadError, clean_form_key, clean_payload


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


def _case(user: User, case_id: Any) -> Case | None:
    """The case the draft is about; a case the user may not see is 404, like a missing one."""
    if case_id in (None, ""):
        return None
    if not str(case_id).isdigit():
        raise Http404("No such case")
    case = cases_visible_to(user).filter(pk=int(case_id)).first()
    if case is None:
        raise Http404("No such case")
    return case


def _bad(error: Exception) -> JsonResponse:
    return JsonResponse({"error": str(error)}, status=400)


@signed_in
@require_GET
def load(request: HttpRequest) -> JsonResponse:
    user = _user(request)
    try:
        form = clean_form_key(request.GET.get("form"))
    except PayloadError as error:
        return _bad(error)
    found = access.read_own_draft(user, form, _case(user, request.GET.get("case")))
    if found is None:
        return JsonResponse({"draft": None})
    draft, payload = found
    return JsonResponse({"draft": {"payload": payload, "saved_at": draft.updated_at.isoformat()}})


@signed_in
@require_POST
def save(request: HttpRequest) -> JsonResponse:
    user = _user(request)
    try:
        body = json_body(request)
        if not isinstance(body, dict):
            raise PayloadError("expected an object with form, case and payload")
        case = _case(user, body.get("case"))
        draft = actions.do_save_draft(
            author=user,
            form=clean_form_key(body.get("form")),
            case=case,
            payload=clean_payload(body.get("payload")),
        )
    except (PayloadError, BadJSONBody) as error:
        return _bad(error)
    return JsonResponse({"saved_at": draft.updated_at.isoformat()})


@signed_in
@require_POST
def discard(request: HttpRequest) -> JsonResponse:
    user = _user(request)
    try:
        form = clean_form_key(request.POST.get("form"))
    except PayloadError as error:
        return _bad(error)
    draft = access.own_draft(user, form, _case(user, request.POST.get("case")))
    if draft is not None:
        actions.do_discard_draft(draft=draft, acting_user=user)
    return JsonResponse({"discarded": draft is not None})


@signed_in
@require_POST
def keepalive(request: HttpRequest) -> JsonResponse:
    """Renews the idle timeout now (other requests renew it at most once a minute) and says how
    long the session has, which the absolute lifetime may cut shorter."""
    renew_session(request)
    return JsonResponse({"expires_in": session_seconds_left(request)})


def session_seconds_left(request: HttpRequest) -> int:
    started = request.session.get(SIGNED_IN_AT, int(time.time()))
    absolute = settings.HAVEN_SESSION_ABSOLUTE_SECONDS - (int(time.time()) - int(started))
    return max(0, min(idle_seconds_left(request), absolute))
