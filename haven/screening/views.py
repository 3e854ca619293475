import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability, Role
from haven.cases.access import access_case_by_id, cases_visible_to
from haven.core.jsonbody import BadJSONBody, json_body_text
from haven.core.permissions import requires
from haven.core.request import signed_in_user
from haven.drafts.access import drafts_on_case
from haven.drafts.actions import discard_submitted
from haven.law.profiles import UnknownProfile, jurisdiction, jurisdiction_settings
from haven.screening import access, actions
from haven.screening.engine import screen
from haven.screening.forms import (
    AppealForm,
    DecisionForm,
    InterviewForm,
    SubmitForm,
    initial_from_case,
    initial_from_record,
)
from haven.screening.models import Screening
from haven.screening.record import RecordError, parse_record
from haven.screening.serialize import screening_json
from haven.screening.vocabulary import vocabulary


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


def _refused(form: Any, error: ValidationError) -> None:
    form.add_error(None, error)


INTERVIEW_DRAFT = "screening.interview"


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def interview(request: HttpRequest, case_id: int) -> HttpResponse:
    """A first interview starts from what the case knows; a follow-up from the previous
    interview too, with each answer changed since marked on the page. Typing saves a draft."""
    user = _user(request)
    case = access_case_by_id(user, case_id, purpose="screening interview")
    previous = _previous_interview(user, case)
    before = initial_from_record(json.loads(previous.record)) if previous else {}
    initial = {"jurisdiction": _default_jurisdiction(user), **before}
    initial |= initial_from_case(case, timezone.localdate())
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        screening = actions.do_record_screening(case=case, record=form.record(), acting_user=user)
        discard_submitted(author=user, form=INTERVIEW_DRAFT, case=case)
        return redirect("screening:detail", screening_id=screening.pk)
    context = {
        "form": form,
        "case": case,
        "draft_form": INTERVIEW_DRAFT,
        "previous": previous,
        "previous_answers": form.as_posted(before) if previous else None,
        "other_drafts": drafts_on_case(user, case)
        .filter(form=INTERVIEW_DRAFT)
        .exclude(author=user),
    }
    return render(request, "screening/interview.html", context)


def _previous_interview(user: User, case: Any) -> Screening | None:
    latest = access.screenings_visible_to(user).filter(case=case).order_by("-created_at").first()
    if latest is None:
        return None
    return access.access_screening_by_id(user, latest.pk, purpose="screening interview")


def _default_jurisdiction(user: User) -> str:
    country = user.organisation.country if user.organisation else ""
    try:
        return jurisdiction(country).code
    except UnknownProfile:
        return "INTL"


def _authorities() -> Any:
    return Organisation.objects.filter(org_type__in=actions.CIVIL_AUTHORITIES)


def _detail_context(user: User, screening: Screening) -> dict[str, Any]:
    own_case = cases_visible_to(user).filter(pk=screening.case_id).exists()
    decides = (
        user.can(Capability.DECIDE_EARLY_SUPPORT)
        and screening.submitted_to_id == user.organisation_id
    )
    decisions = list(screening.decisions.prefetch_related("members__user").select_related("appeal"))
    return {
        "screening": screening,
        "result": json.loads(screening.result),
        "record": json.loads(screening.record),
        "decisions": decisions,
        "own_case": own_case,
        "decides": decides,
        "submit_form": SubmitForm(authorities=_authorities())
        if own_case and not screening.submitted_to
        else None,
        "labels": vocabulary().indicator_labels,
    }


@requires(Capability.READ_SUPPORT_RECORDS)
def detail(request: HttpRequest, screening_id: int) -> HttpResponse:
    user = _user(request)
    screening = access.access_screening_by_id(user, screening_id)
    return render(request, "screening/detail.html", _detail_context(user, screening))


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_POST
def submit(request: HttpRequest, screening_id: int) -> HttpResponse:
    user = _user(request)
    screening = access.access_screening_by_id(user, screening_id)
    form = SubmitForm(request.POST, authorities=_authorities())
    if form.is_valid():
        try:
            actions.do_submit_for_decision(
                screening=screening, authority=form.cleaned_data["authority"], acting_user=user
            )
            messages.success(request, _("Submitted for a decision on early support."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("screening:detail", screening_id=screening.pk)


def _team(user: User) -> Any:
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id, is_active=True, role_grants__role=Role.DECISION_TEAM
    ).exclude(pk=user.pk)


def _seats(form: DecisionForm, user: User) -> list[actions.Seat]:
    return [actions.Seat(member, discipline) for member, discipline in form.seats(user)]


@requires(Capability.DECIDE_EARLY_SUPPORT)
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, screening_id: int) -> HttpResponse:
    user = _user(request)
    screening = access.access_screening_by_id(user, screening_id, purpose="early-support decision")
    form = DecisionForm(request.POST or None, team=_team(user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_decide(
                screening=screening,
                seats=_seats(form, user),
                acting_user=user,
                **{
                    k: form.cleaned_data[k]
                    for k in ("outcome", "reasons", "decided_on", "appeal_deadline")
                },
            )
            return redirect("screening:detail", screening_id=screening.pk)
        except ValidationError as error:
            _refused(form, error)
    return render(
        request, "screening/decide.html", {"form": form, "screening": screening, "appeal": None}
    )


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, decision_id: int) -> HttpResponse:
    user = _user(request)
    decision = access.access_decision_by_id(user, decision_id)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_lodge_appeal(decision=decision, acting_user=user, **form.cleaned_data)
            messages.success(request, _("The appeal is lodged."))
            return redirect("screening:detail", screening_id=decision.screening_id)
        except ValidationError as error:
            _refused(form, error)
    return render(request, "screening/appeal.html", {"form": form, "decision": decision})


@requires(Capability.DECIDE_EARLY_SUPPORT)
@require_http_methods(["GET", "POST"])
def decide_appeal(request: HttpRequest, appeal_id: int) -> HttpResponse:
    user = _user(request)
    lodged = access.access_appeal_by_id(user, appeal_id)
    first_team = list(lodged.decision.members.values_list("user_id", flat=True))
    if user.pk in first_team:
        raise PermissionDenied(
            _("You sat on the decision appealed: a different team decides the appeal.")
        )
    team = _team(user).exclude(pk__in=first_team)
    form = DecisionForm(request.POST or None, team=team, appeal=True)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_decide_appeal(
                appeal=lodged,
                seats=_seats(form, user),
                acting_user=user,
                **{k: form.cleaned_data[k] for k in ("outcome", "reasons", "decided_on")},
            )
            return redirect("screening:detail", screening_id=lodged.decision.screening_id)
        except ValidationError as error:
            _refused(form, error)
    context = {"form": form, "screening": lodged.decision.screening, "appeal": lodged}
    return render(request, "screening/decide.html", context)


@requires(Capability.DECIDE_EARLY_SUPPORT)
@require_POST
def confirm_decision(request: HttpRequest, decision_id: int) -> HttpResponse:
    """A member named on a decision confirms it, signed in as themselves."""
    user = _user(request)
    decision = access.access_decision_by_id(user, decision_id)
    try:
        decision = actions.do_confirm_decision(decision=decision, acting_user=user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(_messages(error)))
    else:
        done = (
            _("Decision confirmed: it is final.")
            if decision.is_final
            else _("Decision confirmed; it is final once the other members confirm it too.")
        )
        messages.success(request, done)
    return redirect("screening:detail", screening_id=decision.screening_id)


def _messages(error: Exception) -> list[str]:
    return error.messages if isinstance(error, ValidationError) else [str(error)]


@requires(Capability.DECIDE_EARLY_SUPPORT)
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    waiting = access.awaiting_decision(user)
    appeals = access.screenings_visible_to(user).filter(
        submitted_to_id=user.organisation_id,
        decisions__appeal_lodged__isnull=False,
        decisions__appeal_lodged__decision_on_appeal__isnull=True,
    )
    to_confirm = access.awaiting_my_confirmation(user)
    context = {"waiting": waiting, "appeals": appeals, "to_confirm": to_confirm}
    return render(request, "screening/inbox.html", context)


@requires(Capability.READ_SUPPORT_RECORDS)
@require_POST
def api_screen(request: HttpRequest) -> JsonResponse:
    """POST a record (docs/screening.md) → the same result as `haven screen --json`. Not stored."""
    try:
        record = parse_record(json_body_text(request))
        profile = jurisdiction(record.jurisdiction or "INTL")
    except (BadJSONBody, RecordError, UnknownProfile) as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(
        screening_json(screen(record, jurisdiction_settings(profile)), profile.code)
    )
