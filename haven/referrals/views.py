from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.cases.access import access_case_by_id
from haven.core.permissions import requires
from haven.core.request import signed_in_user, whole_number
from haven.referrals import access, actions
from haven.referrals.forms import OpenCaseForm, ReasonForm, ReferForm, VersionForm
from haven.referrals.models import Referral, Status


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


@requires(Capability.READ_SUPPORT_RECORDS)
def inbox(request: HttpRequest) -> HttpResponse:
    pages = {name: whole_number(request, name) or 1 for name in access.INBOX_LISTS}
    lists = access.inbox_pages(_user(request), pages)
    pagers = {name: _pager(request, name, found) for name, found in lists.items()}
    return render(request, "referrals/inbox.html", {"lists": lists, "pagers": pagers})


def _pager(request: HttpRequest, name: str, found: access.InboxList) -> dict[str, str]:
    """Links to the newer and the older page of one list, the other lists staying where they
    are; a link is "" where there is no such page."""

    def at(page: int) -> str:
        query = request.GET.copy()
        query[name] = str(page)
        return f"?{query.urlencode()}#{name}"

    return {
        "newer": at(found.page - 1) if found.page > 1 else "",
        "older": at(found.page + 1) if found.more else "",
    }


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = access_case_by_id(user, case_id, purpose="referral")
    supervisor = actions.may_override_consent(user)
    form = ReferForm(request.POST or None, case=case, supervisor=supervisor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = actions.do_refer_case(
                case,
                data["to_organisation"],
                reason=data["reason"],
                sections=data["sections"],
                details=data["details"],
                override_reason=data.get("override_reason", ""),
                acting_user=user,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
        else:
            messages.success(
                request, _("Referral %(reference)s sent.") % {"reference": referral.reference}
            )
            return redirect("referrals:detail", referral_id=referral.pk)
    context = {"form": form, "case": case, "supervisor": supervisor}
    return render(request, "referrals/refer.html", context)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@requires(Capability.READ_SUPPORT_RECORDS)
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = _user(request)
    referral = access.access_referral_by_id(user, referral_id)
    receiver = access.is_receiver(user, referral)
    sender = access.is_sender(user, referral) and user.can(Capability.CREATE_SUPPORT_RECORDS)
    opener = receiver and user.can(Capability.CREATE_SUPPORT_RECORDS)
    context = {
        "referral": referral,
        "receiver": receiver,
        "opened_case": access.opened_case_for(user, referral) if receiver else None,
        "open_case_form": OpenCaseForm(referral=referral)
        if opener and referral.receiver_case_id is None and access.is_shared_now(referral)
        else None,
        "sender": sender,
        "can_answer": receiver and referral.status == Status.SENT,
        "can_complete": receiver and referral.status == Status.ACCEPTED,
        "can_withdraw": sender and referral.is_open,
        "shared_now": receiver and access.is_shared_now(referral),
    }
    return render(request, "referrals/detail.html", context)


@requires(Capability.READ_SUPPORT_RECORDS)
def shared(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = _user(request)
    referral = access.access_referral_by_id(user, referral_id)
    view = access.shared_view(user, referral)
    return render(request, "referrals/shared.html", {"referral": referral, "shared": view})


Step = Callable[..., Referral]


def _answer(request: HttpRequest, referral_id: int, step: Step, done: str, *, reason: bool) -> Any:
    user = _user(request)
    referral = access.access_referral_by_id(user, referral_id)
    form: ReasonForm | VersionForm = (ReasonForm if reason else VersionForm)(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason, then try again."))
        return redirect("referrals:detail", referral_id=referral.pk)
    extra = {"reason": form.cleaned_data["reason"]} if reason else {}
    try:
        step(
            referral=referral,
            acting_user=user,
            expected_version=form.cleaned_data["version"],
            **extra,
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, done)
    return redirect("referrals:detail", referral_id=referral.pk)


@requires(Capability.READ_SUPPORT_RECORDS)
@require_POST
def accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    done = _("Referral accepted. The shared sections are now open to your organisation.")
    return _answer(request, referral_id, actions.do_accept_referral, done, reason=False)


@requires(Capability.READ_SUPPORT_RECORDS)
@require_POST
def decline(request: HttpRequest, referral_id: int) -> HttpResponse:
    done = _("Referral declined.")
    return _answer(request, referral_id, actions.do_decline_referral, done, reason=True)


@requires(Capability.READ_SUPPORT_RECORDS)
@require_POST
def complete(request: HttpRequest, referral_id: int) -> HttpResponse:
    done = _("Referral completed. The shared sections are closed.")
    return _answer(request, referral_id, actions.do_complete_referral, done, reason=False)


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_POST
def withdraw(request: HttpRequest, referral_id: int) -> HttpResponse:
    done = _("Referral withdrawn. The receiver no longer sees anything of the case.")
    return _answer(request, referral_id, actions.do_withdraw_referral, done, reason=True)


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_POST
def open_case(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The receiving organisation's own case from an accepted referral; a second try leads to
    the case already opened."""
    user = _user(request)
    referral = access.access_referral_by_id(user, referral_id)
    form = OpenCaseForm(request.POST, referral=referral)
    if not form.is_valid():
        label = form.fields["first_name"].label
        problems = " ".join(str(e) for e in form.errors.get("first_name", []))
        messages.error(
            request, _("%(field)s: %(problems)s") % {"field": label, "problems": problems}
        )
        return redirect("referrals:detail", referral_id=referral.pk)
    try:
        case = actions.do_open_case_from_referral(
            referral=referral, acting_user=user, given=form.given()
        )
    except actions.AlreadyOpened as already:
        messages.info(request, _message(already))
        return _to_case(user, referral, already.case.pk)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
        return redirect("referrals:detail", referral_id=referral.pk)
    done = _("Case %(case)s opened from referral %(referral)s.")
    messages.success(request, done % {"case": case.reference, "referral": referral.reference})
    return redirect("cases:case", case_id=case.pk)


def _to_case(user: User, referral: Referral, case_id: int) -> HttpResponse:
    if access.opened_case_for(user, referral) is not None:
        return redirect("cases:case", case_id=case_id)
    return redirect("referrals:detail", referral_id=referral.pk)
