"""The audit trail for auditors: a filtered list of events and each event's detail."""

import json

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.access import access_event_by_seq, events_visible_to
from haven.audit.forms import EventFilterForm
from haven.audit.log import record
from haven.audit.targets import describe
from haven.core.permissions import requires

PAGE_SIZE = 50


def _auditor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # @requires has turned away anyone not signed in
    return user


@requires(Capability.READ_AUDIT)
def event_list(request: HttpRequest) -> HttpResponse:
    user = _auditor(request)
    form = EventFilterForm(request.GET, show_organisation=user.organisation_id is None)
    events = events_visible_to(user).order_by("-seq")
    events = form.filter(events) if form.is_valid() else events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    targets = describe(user, page.object_list)
    rows = [(event, targets[event.seq]) for event in page.object_list]
    return render(request, "audit/event_list.html", {"form": form, "page": page, "rows": rows})


@requires(Capability.READ_AUDIT)
def event_detail(request: HttpRequest, seq: int) -> HttpResponse:
    user = _auditor(request)
    event = access_event_by_seq(user, seq)
    # Reading the trail is itself recorded, but only here: a list page shows less, and
    # recording every page would bury the events that matter.
    with transaction.atomic():
        record(
            actor=user,
            action="audit.browsed",
            target_type="audit.auditevent",
            target_id=str(event.seq),
        )
    details = json.dumps(event.details, indent=2, sort_keys=True, ensure_ascii=False)
    context = {"event": event, "details": details, "target": describe(user, [event])[event.seq]}
    return render(request, "audit/event_detail.html", context)
