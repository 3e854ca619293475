import json
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from haven.accounts import access, actions, password_reset, second_factor, webauthn_factor
from haven.accounts.forms import (
    AcceptInvitationForm,
    AuditorInviteForm,
    InviteForm,
    OrganisationForm,
    ResetPasswordForm,
    ResetRequestForm,
    RolesForm,
    SecondFactorForm,
)
from haven.accounts.models import Invitation, Organisation, User, WebAuthnDevice
from haven.accounts.roles import Capability, Role
from haven.core.middleware import SIGNED_IN_AT
from haven.core.permissions import public, requires, requires_any, signed_in, signing_in
from haven.core.request import signed_in_user

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
        user, wait = actions.do_sign_in(
            username=request.POST.get("username", ""),
            address=_client_address(request),
            check_password=lambda: form.get_user() if form.is_valid() else None,
        )
        if wait:
            locked = _("Too many failed attempts. Try again in %(wait)s.") % {
                "wait": _wait_text(wait)
            }
            context = {"form": AuthenticationForm(request), "locked": locked}
            return render(request, "accounts/login.html", context, status=429)
        if user is not None:
            return _log_in(request, user)
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = (seconds + 59) // 60
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _log_in(request: HttpRequest, user: User) -> HttpResponse:
    login(request, user)
    request.session[SIGNED_IN_AT] = int(time.time())
    return redirect(_next_url(request))


@signing_in
@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        actions.do_record_logout(user=signed_in_user(request))
        logout(request)
        messages.info(request, _("You are signed out."))
        return redirect("accounts:login")
    return render(request, "accounts/logout.html")


@signed_in
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_change_password(user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("core:home")
    context = {"form": form, "forced": user.must_change_password}
    return render(request, "accounts/password_change.html", context)


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
        messages.success(request, _("Your account is ready. Sign in with your new password."))
        return redirect("accounts:login")
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/accept_invitation.html", context)


@requires(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = actions.do_create_organisation(acting_user=user, **form.cleaned_data)
        messages.success(
            request, _("Organisation “%(name)s” created.") % {"name": organisation.name}
        )
        return redirect("accounts:organisation", organisation_id=organisation.pk)
    context = {
        "organisations": access.organisations_manageable_by(user),
        "unaffiliated": access.accounts_without_organisation(user),
        "form": form,
    }
    return render(request, "accounts/organisation_list.html", context)


@requires_any(*MANAGERS)
def my_organisation(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user.organisation_id is None:
        return redirect("accounts:organisations")
    return redirect("accounts:organisation", organisation_id=user.organisation_id)


@requires_any(*MANAGERS)
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    organisation = access.access_organisation_by_id(user, organisation_id)
    members = organisation.members.prefetch_related("role_grants").order_by("username")
    context = {"organisation": organisation, "members": members}
    return render(request, "accounts/organisation_detail.html", context)


@requires_any(*MANAGERS)
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    organisation = access.access_organisation_by_id(user, organisation_id)
    form = InviteForm(
        request.POST or None,
        org_type=organisation.org_type,
        include_system_admin=_is_system_admin(user),
    )
    if request.method == "POST" and form.is_valid():
        invitation = _try_invite(request, form, organisation, user)
        if invitation is not None:
            # The inviter learns the state, never the link.
            return render(request, "accounts/invited.html", {"invitation": invitation})
    context = {"organisation": organisation, "form": form}
    return render(request, "accounts/invite.html", context)


def _is_system_admin(user: User) -> bool:
    return user.can(Capability.MANAGE_ORGANISATIONS)


def _try_invite(
    request: HttpRequest, form: InviteForm, organisation: Organisation, user: User
) -> Invitation | None:
    try:
        return actions.do_invite_user(
            organisation=organisation,
            acting_user=user,
            base_url=request.build_absolute_uri("/"),
            **form.cleaned_data,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@requires_any(*MANAGERS)
@require_http_methods(["POST"])
def confirm_invitation(request: HttpRequest, member_id: int) -> HttpResponse:
    user = signed_in_user(request)
    member = access.access_member_by_id(user, member_id)
    invitation = access.access_invitation_of(member)
    try:
        token = actions.do_confirm_invitation(
            invitation=invitation, acting_user=user, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:member", member_id=member.pk)
    if token is None:
        text = _("Confirmed: the invitation link was e-mailed to %(email)s.")
        messages.success(request, text % {"email": member.email})
        return redirect("accounts:member", member_id=member.pk)
    link = request.build_absolute_uri(actions.invitation_path(token))
    return render(request, "accounts/invitation_link.html", {"link": link, "member": member})


@requires_any(*MANAGERS)
@require_http_methods(["POST"])
def reset_second_factor(request: HttpRequest, member_id: int) -> HttpResponse:
    user = signed_in_user(request)
    member = access.access_member_by_id(user, member_id)
    try:
        actions.do_reset_second_factor(user=member, acting_user=user)
        text = _("%(username)s will set up a new second factor.")
        messages.success(request, text % {"username": member.username})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:member", member_id=member.pk)


@requires_any(*MANAGERS)
@require_http_methods(["POST"])
def approve_role_request(request: HttpRequest, request_id: int) -> HttpResponse:
    user = signed_in_user(request)
    role_request = access.access_role_request_by_id(user, request_id)
    try:
        actions.do_approve_role_request(request=role_request, acting_user=user)
        messages.success(request, _("Roles approved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:member", member_id=role_request.user_id)


@requires_any(*MANAGERS)
@require_http_methods(["GET", "POST"])
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    user = signed_in_user(request)
    member = access.access_member_by_id(user, member_id)
    initial = {"roles": sorted(member.role_names)}
    form = RolesForm(
        request.POST or None,
        initial=initial,
        org_type=member.organisation.org_type if member.organisation else None,
        include_system_admin=_is_system_admin(user),
    )
    if request.method == "POST" and form.is_valid():
        applied = _try_set_roles(form, member, user)
        if applied is not None:
            text = (
                _("Roles of %(username)s saved.")
                if applied
                else _("Roles of %(username)s requested: a second administrator must approve them.")
            )
            messages.success(request, text % {"username": member.username})
            return redirect("accounts:member", member_id=member.pk)
    context = {
        "member": member,
        "form": form,
        "invitation": Invitation.objects.filter(user=member).first(),
        "role_requests": member.role_requests.filter(approved_at__isnull=True),
    }
    return render(request, "accounts/member_detail.html", context)


def _try_set_roles(form: RolesForm, member: User, user: User) -> bool | None:
    try:
        return actions.do_set_roles(user=member, roles=form.cleaned_data["roles"], acting_user=user)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@requires_any(*MANAGERS)
@require_http_methods(["POST"])
def member_set_active(request: HttpRequest, member_id: int) -> HttpResponse:
    user = signed_in_user(request)
    member = access.access_member_by_id(user, member_id)
    active = request.POST.get("active") == "1"
    try:
        actions.do_set_active(user=member, active=active, acting_user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:member", member_id=member.pk)


@signing_in
@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not second_factor.has_device(user):
        return redirect(_with_next(reverse("accounts:second_factor_enrol"), request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = actions.do_verify_second_factor(user=user, token=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("That code is not right, or has been used. Try the next one."))
    options = webauthn_factor.authentication_options(request, user)
    context = {
        "form": form,
        "next": _next_url(request),
        "webauthn_options": json.loads(options) if options else None,
    }
    return render(request, "accounts/second_factor_verify.html", context)


def _with_next(path: str, request: HttpRequest) -> str:
    return f"{path}?{urlencode({'next': _next_url(request)})}"


@signing_in
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if second_factor.has_device(user) and not second_factor.is_verified(user):
        # Adding a device needs the one already held: a stolen password cannot add its own.
        return redirect(_with_next(reverse("accounts:second_factor"), request))
    device = second_factor.pending_totp(user) or actions.do_start_totp_enrolment(user=user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = actions.do_confirm_totp_enrolment(
            user=user, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            otp_login(request, device)
            shown = {"codes": codes, "next": _next_url(request)}
            return render(request, "accounts/recovery_codes.html", shown)
        form.add_error("code", _("That code is not right. Check the app's clock and try again."))
    context: dict[str, object] = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_text(device),
        "next": _next_url(request),
        "webauthn_options": json.loads(webauthn_factor.registration_options(request, user)),
        "keys": WebAuthnDevice.objects.filter(user=user) if second_factor.is_verified(user) else [],
    }
    return render(request, "accounts/second_factor_enrol.html", context)


@signing_in
@require_http_methods(["POST"])
def webauthn_enrol(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if second_factor.has_device(user) and not second_factor.is_verified(user):
        return redirect(_with_next(reverse("accounts:second_factor"), request))
    enrolled = actions.do_enrol_webauthn(
        user=user,
        session=request.session,
        credential=request.POST.get("credential", ""),
        relying_party=webauthn_factor.relying_party(request),
        name=request.POST.get("name", ""),
    )
    if enrolled is None:
        messages.error(request, _("The security key was not added. Try again."))
        return redirect(_with_next(reverse("accounts:second_factor_enrol"), request))
    device, codes = enrolled
    otp_login(request, device)
    if codes is not None:
        shown = {"codes": codes, "next": _next_url(request)}
        return render(request, "accounts/recovery_codes.html", shown)
    messages.success(request, _("Security key added."))
    return redirect(_next_url(request))


@signing_in
@require_http_methods(["POST"])
def webauthn_verify(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    device = actions.do_verify_webauthn(
        user=user,
        session=request.session,
        credential=request.POST.get("credential", ""),
        relying_party=webauthn_factor.relying_party(request),
    )
    if device is None:
        messages.error(request, _("The security key's answer was not accepted. Try again."))
        return redirect(_with_next(reverse("accounts:second_factor"), request))
    otp_login(request, device)
    return redirect(_next_url(request))


@signed_in
@require_http_methods(["POST"])
def webauthn_remove(request: HttpRequest, device_id: int) -> HttpResponse:
    user = signed_in_user(request)
    if not second_factor.is_verified(user):
        return redirect("accounts:second_factor")
    actions.do_remove_webauthn(user=user, device_id=device_id)
    messages.success(request, _("Security key removed."))
    return redirect("accounts:second_factor_enrol")


@signed_in
@require_http_methods(["POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not second_factor.is_verified(user):
        return redirect("accounts:second_factor")
    codes = actions.do_regenerate_recovery_codes(user=user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})


class ResetRequestView(PasswordResetView):
    """Django's view, with Haven's throttle, audit event and after-the-response delivery."""

    form_class = ResetRequestForm  # a plain form: accounts_for finds the accounts, not get_users
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "mail": actions.mail_configured()}

    def form_valid(self, form: Any) -> HttpResponse:
        if not actions.mail_configured():
            return self.form_invalid(form)
        outgoing, wait = actions.do_request_password_reset(
            email=form.cleaned_data["email"],
            address=_client_address(self.request),
            base_url=self.request.build_absolute_uri("/"),
        )
        if wait:
            locked = _("Too many reset requests. Try again in %(wait)s.") % {
                "wait": _wait_text(wait)
            }
            context = self.get_context_data(form=self.form_class(), locked=locked)
            return self.render_to_response(context, status=429)
        password_reset.deliver_later(outgoing)
        return HttpResponseRedirect(self.get_success_url())


class ResetConfirmView(PasswordResetConfirmView):
    """Django's check of the link; the new password is written by an audited action, and the
    user signs in afterwards as usual, second factor included."""

    form_class = ResetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        actions.do_reset_password(user=form.user, new_password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


password_reset_request = public(ResetRequestView.as_view())
password_reset_done = public(
    PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(ResetConfirmView.as_view())
password_reset_complete = public(
    PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


@requires_any(*MANAGERS)
@require_http_methods(["POST"])
def send_password_reset(request: HttpRequest, member_id: int) -> HttpResponse:
    user = signed_in_user(request)
    member = access.access_member_by_id(user, member_id)
    try:
        actions.do_send_password_reset(
            user=member, acting_user=user, base_url=request.build_absolute_uri("/")
        )
        text = _("A password reset link was e-mailed to %(username)s. It is not shown here.")
        messages.success(request, text % {"username": member.username})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:member", member_id=member.pk)


@requires(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def invite_auditor(request: HttpRequest) -> HttpResponse:
    """An auditor has no organisation. As every invitation giving a sensitive role, it waits
    for a second administrator, and its link never reaches the inviter."""
    user = signed_in_user(request)
    form = AuditorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = actions.do_invite_user(
                organisation=None,
                roles=[Role.AUDITOR.value],
                acting_user=user,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "accounts/invited.html", {"invitation": invitation})
    return render(request, "accounts/invite_auditor.html", {"form": form})
