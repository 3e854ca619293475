from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from haven.accounts import access, actions
from haven.accounts.forms import AcceptInvitationForm, InviteForm, OrganisationForm, RolesForm
from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability
from haven.accounts.throttle import seconds_locked
from haven.core.permissions import public, requires, requires_any, signed_in

MANAGERS = (Capability.MANAGE_ORG_USERS, Capability.MANAGE_ORGANISATIONS)


def _client_address(request: HttpRequest) -> str | None:
    """The client's address for the login limit; behind Haven's own proxy, the one it saw."""
    if settings.HAVEN_BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("core:home")


@public
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST":
        username, address = request.POST.get("username", ""), _client_address(request)
        wait = seconds_locked(username, address)
        if wait:
            locked = f"Too many failed attempts. Try again in {(wait + 59) // 60} minute(s)."
            context = {"form": AuthenticationForm(request), "locked": locked}
            return render(request, "accounts/login.html", context, status=429)
        if form.is_valid():
            return _log_in(request, form.get_user())
        actions.do_record_login_failure(username=username, address=address)
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def _log_in(request: HttpRequest, user: User) -> HttpResponse:
    login(request, user)
    actions.do_record_login(user=user)
    return redirect(_next_url(request))


@signed_in
@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        actions.do_record_logout(user=request.user)  # type: ignore[arg-type]
        logout(request)
        messages.info(request, "You are signed out.")
        return redirect("accounts:login")
    return render(request, "accounts/logout.html")


@signed_in
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_change_password(user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has been changed.")
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


@public
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_accept_invitation(
            invitation=invitation, password=form.cleaned_data["new_password1"]
        )
        messages.success(request, "Your account is ready. Sign in with your new password.")
        return redirect("accounts:login")
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/accept_invitation.html", context)


@requires(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = actions.do_create_organisation(acting_user=user, **form.cleaned_data)
        messages.success(request, f"Organisation “{organisation.name}” created.")
        return redirect("accounts:organisation", organisation_id=organisation.pk)
    organisations = access.organisations_manageable_by(user)
    context = {"organisations": organisations, "form": form}
    return render(request, "accounts/organisation_list.html", context)


@requires_any(*MANAGERS)
def my_organisation(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.organisation_id is None:
        return redirect("accounts:organisations")
    return redirect("accounts:organisation", organisation_id=user.organisation_id)


@requires_any(*MANAGERS)
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation = access.access_organisation_by_id(user, organisation_id)
    members = organisation.members.prefetch_related("role_grants").order_by("username")
    context = {"organisation": organisation, "members": members}
    return render(request, "accounts/organisation_detail.html", context)


@requires_any(*MANAGERS)
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation = access.access_organisation_by_id(user, organisation_id)
    form = InviteForm(request.POST or None, include_system_admin=_is_system_admin(user))
    if request.method == "POST" and form.is_valid():
        link = _try_invite(request, form, organisation, user)
        if link:
            return render(request, "accounts/invited.html", {"link": link, "form": form})
    context = {"organisation": organisation, "form": form}
    return render(request, "accounts/invite.html", context)


def _is_system_admin(user: User) -> bool:
    return user.can(Capability.MANAGE_ORGANISATIONS)


def _try_invite(
    request: HttpRequest, form: InviteForm, organisation: Organisation, user: User
) -> str | None:
    try:
        invited, token = actions.do_invite_user(
            organisation=organisation, acting_user=user, **form.cleaned_data
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    path = reverse("accounts:accept_invitation", kwargs={"token": token})
    return request.build_absolute_uri(path)


@requires_any(*MANAGERS)
@require_http_methods(["GET", "POST"])
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    member = access.access_member_by_id(user, member_id)
    initial = {"roles": sorted(member.role_names)}
    form = RolesForm(
        request.POST or None, initial=initial, include_system_admin=_is_system_admin(user)
    )
    if request.method == "POST" and form.is_valid() and _try_set_roles(form, member, user):
        messages.success(request, f"Roles of {member.username} saved.")
        return redirect("accounts:member", member_id=member.pk)
    return render(request, "accounts/member_detail.html", {"member": member, "form": form})


def _try_set_roles(form: RolesForm, member: User, user: User) -> bool:
    try:
        actions.do_set_roles(user=member, roles=form.cleaned_data["roles"], acting_user=user)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@requires_any(*MANAGERS)
@require_http_methods(["POST"])
def member_set_active(request: HttpRequest, member_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    member = access.access_member_by_id(user, member_id)
    active = request.POST.get("active") == "1"
    try:
        actions.do_set_active(user=member, active=active, acting_user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:member", member_id=member.pk)
