"""Pages for connecting other systems: API clients (the administrator registers, the named
user approves and sees the token once), webhook subscriptions and their delivery log, and the
worker's OpenRosa drafts."""

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.api import access, actions
from haven.api.forms import ClientForm, ConfirmForm, HtcdsConfirmForm, SubscriptionForm
from haven.api.models import ApiClient, Delivery, DraftStatus, SubmissionDraft, WebhookSubscription
from haven.api.xforms import INTERVIEW_ID
from haven.cases.access import cases_visible_to
from haven.core.permissions import requires, signed_in
from haven.core.request import signed_in_user
from haven.htcds.importer import DraftRefused


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


def _clients_context(user: User, form: ClientForm | None) -> dict[str, Any]:
    admin = user.can(Capability.MANAGE_ORG_USERS)
    own = ApiClient.objects.filter(acting_user=user)
    shown = ApiClient.objects.filter(organisation_id=user.organisation_id or 0) if admin else own
    return {
        "clients": shown.select_related("acting_user"),
        "form": form or (ClientForm(organisation_id=user.organisation_id or 0) if admin else None),
    }


@signed_in
def clients(request: HttpRequest) -> HttpResponse:
    context = _clients_context(_user(request), None)
    return render(request, "api/clients.html", context)


@requires(Capability.MANAGE_ORG_USERS)
@require_POST
def register_client(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ClientForm(request.POST, organisation_id=user.organisation_id or 0)
    if form.is_valid():
        try:
            actions.do_register_client(admin=user, **form.cleaned_data)
            messages.success(
                request, gettext("Registered: the user it acts for must now approve it.")
            )
            return redirect("integrations:clients")
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "api/clients.html", _clients_context(user, form))


def _client(request: HttpRequest, client_id: int) -> ApiClient:
    user = _user(request)
    return get_object_or_404(ApiClient, pk=client_id, organisation_id=user.organisation_id or 0)


@signed_in
@require_POST
def approve_client(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(request, client_id)
    try:
        token = actions.do_approve_client(client=client, acting_user=_user(request))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, str(error))
        return redirect("integrations:clients")
    return render(request, "api/token.html", {"client": client, "token": token})


@signed_in
@require_POST
def revoke_client(request: HttpRequest, client_id: int) -> HttpResponse:
    actions.do_revoke_client(client=_client(request, client_id), acting_user=_user(request))
    messages.success(request, gettext("Revoked: its token no longer works."))
    return redirect("integrations:clients")


def _webhooks_context(user: User, form: SubscriptionForm) -> dict[str, Any]:
    subscriptions = WebhookSubscription.objects.filter(organisation_id=user.organisation_id or 0)
    deliveries = Delivery.objects.filter(subscription__in=subscriptions).order_by("-pk")[:50]
    return {"subscriptions": subscriptions, "deliveries": deliveries, "form": form}


@requires(Capability.MANAGE_ORG_USERS)
def webhooks(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = actions.do_subscribe(admin=user, **form.cleaned_data)
            return render(request, "api/secret.html", {"subscribed": done})
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "api/webhooks.html", _webhooks_context(user, form))


@requires(Capability.MANAGE_ORG_USERS)
@require_POST
def unsubscribe(request: HttpRequest, subscription_id: int) -> HttpResponse:
    user = _user(request)
    subscription = get_object_or_404(
        WebhookSubscription, pk=subscription_id, organisation_id=user.organisation_id
    )
    actions.do_unsubscribe(subscription=subscription, admin=user)
    return redirect("integrations:webhooks")


@requires(Capability.CREATE_SUPPORT_RECORDS)
def drafts(request: HttpRequest) -> HttpResponse:
    return render(request, "api/drafts.html", {"drafts": access.list_open_drafts(_user(request))})


def _confirm(draft: SubmissionDraft, form: ConfirmForm, user: User) -> HttpResponse | None:
    """Confirm an open draft as the posted form says; None when refused (the form says why)."""
    chosen = form.cleaned_data["case"]
    try:
        if draft.form_id == INTERVIEW_ID:
            screening = actions.do_confirm_interview_draft(
                draft=draft, case=chosen, acting_user=user
            )
            return redirect("screening:detail", screening_id=screening.pk)
        case = actions.do_confirm_htcds_draft(draft=draft, case=chosen, acting_user=user)
        return redirect("cases:case", case_id=case.pk)
    except DraftRefused as error:
        for problem in error.problems:
            form.add_error(None, _field_problem(problem.field, problem.message))
    except (PermissionDenied, ValidationError) as error:
        form.add_error(None, str(error))
    return None


def _field_problem(field: str, problem: str) -> str:
    return gettext("%(field)s: %(problem)s") % {"field": field, "problem": problem}


@requires(Capability.CREATE_SUPPORT_RECORDS)
def draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    user = _user(request)
    found = access.access_draft_by_id(user, draft_id)
    kind = ConfirmForm if found.form_id == INTERVIEW_ID else HtcdsConfirmForm
    form = kind(request.POST or None, cases=cases_visible_to(user))
    if request.method == "POST" and found.status == DraftStatus.DRAFT and form.is_valid():
        done = _confirm(found, form, user)
        if done is not None:
            return done
    answers = sorted(json.loads(found.answers).items())
    context = {"draft": found, "answers": answers, "form": form, "interview": INTERVIEW_ID}
    return render(request, "api/draft.html", context)


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_POST
def discard_draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    user = _user(request)
    actions.do_discard_draft(draft=access.access_draft_by_id(user, draft_id), acting_user=user)
    messages.success(request, gettext("The draft is discarded."))
    return redirect("integrations:drafts")
