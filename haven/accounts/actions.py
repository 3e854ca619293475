"""The only writers of organisations, users and roles. Each is an `@action`: one transaction with
exactly one audit event, so a change and its record commit together or not at all.

Separation of duties is built in: an invitation link goes only to the invitee (by e-mail, or,
with no mail configured, to the second administrator who confirms the account), never to the
inviter; a sensitive role (`roles.SENSITIVE_CAPABILITIES`) given to an account the granter could
reach waits for a second administrator. See docs/security.md.
"""

import hashlib
import json
import secrets
from collections.abc import Callable, Collection, MutableMapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from webauthn import verify_authentication_response, verify_registration_response
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException

from haven.accounts import password_reset, second_factor, throttle, webauthn_factor
from haven.accounts.models import (
    Invitation,
    Organisation,
    RecoveryCodeDevice,
    RoleGrant,
    RoleRequest,
    User,
    WebAuthnDevice,
)
from haven.accounts.roles import (
    Capability,
    Role,
    firewalled_roles,
    sensitive_roles,
)
from haven.audit.action import action
from haven.audit.log import record

# Only the system administrator may hand out the system administrator role.
RESTRICTED_ROLES = frozenset({Role.SYSTEM_ADMIN})


def _check_can_manage(acting_user: User, organisation: Organisation | None) -> None:
    if acting_user.can(Capability.MANAGE_ORGANISATIONS):
        return
    managing_own = organisation is not None and organisation.pk == acting_user.organisation_id
    if not (acting_user.can(Capability.MANAGE_ORG_USERS) and managing_own):
        raise PermissionDenied(_("You cannot manage users of this organisation."))


def check_roles_allowed(
    roles: Collection[str], organisation: Organisation | None, acting_user: User
) -> None:
    """Refuse grants that the firewall would void, or that the granter may not give."""
    wanted = {Role(role) for role in roles}
    if wanted & RESTRICTED_ROLES and not acting_user.can(Capability.MANAGE_ORGANISATIONS):
        raise ValidationError(
            _("Only a system administrator can grant the system administrator role.")
        )
    closed = firewalled_roles(wanted)
    enforcement_org = organisation is not None and organisation.is_enforcement
    if closed and (enforcement_org or Role.ENFORCEMENT_OFFICER in wanted):
        names = ", ".join(sorted(closed))
        raise ValidationError(
            _(
                "Roles that read support records, the audit trail or statistics, or edit legal "
                "profiles (%(names)s) cannot be granted in a law-enforcement or immigration "
                "organisation, nor beside the enforcement officer role: the firewall keeps them "
                "from enforcement."
            )
            % {"names": names}
        )
    if organisation is None and wanted - {Role.SYSTEM_ADMIN, Role.AUDITOR}:
        raise ValidationError(
            _("Only system administrators and auditors may have no organisation.")
        )


def _grant(user: User, roles: Collection[str]) -> None:
    RoleGrant.objects.filter(user=user).exclude(role__in=roles).delete()
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role)
    # The Django admin authorises by these flags; they follow the system administrator role.
    admin = Role.SYSTEM_ADMIN in roles
    User.objects.filter(pk=user.pk).update(is_staff=admin, is_superuser=admin)
    user.is_staff = user.is_superuser = admin
    user.__dict__.pop("role_names", None)
    user.__dict__.pop("capabilities", None)


def could_reach(admin: User, account: User) -> bool:
    """Whether this administrator could sign in as the account: it is theirs, they invited it
    (the address they typed may be their own), or they were shown its link."""
    if admin.pk == account.pk:
        return True
    invitation = Invitation.objects.filter(user=account).first()
    return invitation is not None and admin.pk in {
        invitation.invited_by_id,
        invitation.link_shown_to_id,
    }


@action()
def do_create_organisation(
    *, name: str, org_type: str, country: str, acting_user: User | None
) -> Organisation:
    if acting_user is not None and not acting_user.can(Capability.MANAGE_ORGANISATIONS):
        raise PermissionDenied(_("Only a system administrator can create organisations."))
    organisation = Organisation(name=name, org_type=org_type, country=country)
    organisation.full_clean()
    organisation.save()
    record(
        actor=acting_user,
        action="organisation.created",
        target=organisation,
        organisation=organisation,
        details={"org_type": org_type, "country": country},
    )
    return organisation


@action()
def do_create_system_admin(*, username: str, email: str = "") -> tuple[User, str]:
    """The first administrator, made by `haven init`, with a generated password shown once."""
    password = secrets.token_urlsafe(18)
    user = User.objects.create_user(
        username=username, email=email, password=password, must_change_password=True
    )
    _grant(user, [Role.SYSTEM_ADMIN])
    record(
        actor=None,
        action="user.created",
        target=user,
        organisation=None,
        details={"roles": [Role.SYSTEM_ADMIN.value], "by": "haven init"},
    )
    return user, password


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mail_configured() -> bool:
    return bool(settings.HAVEN_EMAIL_ENABLED)


def _can_mail(user: User) -> bool:
    return mail_configured() and bool(user.email)


def new_username(first_name: str, last_name: str) -> str:
    """A username Haven chooses, with a random part: an inviter who picks names could learn
    from a refusal which usernames exist in other organisations."""
    stem = slugify(f"{first_name} {last_name}")[:40].strip("-") or "user"
    while True:
        candidate = f"{stem}-{secrets.token_hex(3)}"
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate


def _issue_link(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.HAVEN_INVITATION_DAYS)
    invitation.save(update_fields=["token_hash", "expires_at"])
    return token


def invitation_path(token: str) -> str:
    return reverse("accounts:accept_invitation", kwargs={"token": token})


def _mail_link(invitation: Invitation, base_url: str) -> None:
    token = _issue_link(invitation)
    user = invitation.user
    link = base_url.rstrip("/") + invitation_path(token)
    body = gettext(
        "You have been invited to Haven as %(username)s.\n\n"
        "Open this link to choose your password. It works once, for %(days)d days:\n%(link)s\n\n"
        "If you did not expect this invitation, ignore this message."
    ) % {"username": user.username, "days": settings.HAVEN_INVITATION_DAYS, "link": link}
    send_mail(gettext("Your Haven account"), body, None, [user.email])
    invitation.emailed_at = timezone.now()
    invitation.save(update_fields=["emailed_at"])


@action()
def do_invite_user(
    *,
    organisation: Organisation | None,
    email: str,
    first_name: str,
    last_name: str,
    roles: Collection[str],
    acting_user: User,
    base_url: str = "",
) -> Invitation:
    """Create an inactive account. Its one-time link is e-mailed to the invitee at once only for
    roles that are not sensitive; otherwise, or with no mail, a second administrator confirms."""
    _check_can_manage(acting_user, organisation)
    check_roles_allowed(roles, organisation, acting_user)
    user = User(
        username=new_username(first_name, last_name),
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        is_active=False,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    _grant(user, roles)
    invitation = Invitation.objects.create(
        user=user, invited_by=acting_user, expires_at=timezone.now()
    )
    waits = bool(sensitive_roles(roles)) or not _can_mail(user)
    if not waits:
        _mail_link(invitation, base_url)
    details = {"roles": sorted(roles), "awaits_confirmation": waits}
    record(
        actor=acting_user,
        action="user.invited",
        target=user,
        organisation=organisation,
        details=details,
    )
    return invitation


def _check_second_administrator(acting_user: User, account: User, *others: int) -> None:
    if acting_user.pk in others or could_reach(acting_user, account):
        raise ValidationError(
            _(
                "A second administrator must do this: not the one who asked for it, and not one "
                "who invited this account or was shown its link."
            )
        )


@action()
def do_confirm_invitation(
    *, invitation: Invitation, acting_user: User, base_url: str = ""
) -> str | None:
    """A second administrator confirms an invitation. The link is e-mailed to the invitee; with
    no mail, it is returned to be shown once to this administrator (never to the inviter)."""
    user = invitation.user
    _check_can_manage(acting_user, user.organisation)
    if not invitation.awaits_confirmation:
        raise ValidationError(_("This invitation is not waiting for confirmation."))
    _check_second_administrator(acting_user, user, invitation.invited_by_id)
    check_roles_allowed(user.role_names, user.organisation, acting_user)
    invitation.confirmed_by, invitation.confirmed_at = acting_user, timezone.now()
    invitation.save(update_fields=["confirmed_by", "confirmed_at"])
    token = None
    if _can_mail(user):
        _mail_link(invitation, base_url)
    else:
        token = _issue_link(invitation)
        invitation.link_shown_to = acting_user
        invitation.save(update_fields=["link_shown_to"])
    delivery = "shown_to_confirmer" if token else "email"
    record(
        actor=acting_user,
        action="user.invitation_confirmed",
        target=user,
        organisation=user.organisation,
        details={"delivery": delivery},
    )
    return token


@action()
def do_confirm_invitation_on_server(*, invitation: Invitation, base_url: str) -> str | None:
    """The server's operator, at the command line, is the second administrator (a new
    installation has only one). Returns the link when no mail is configured."""
    user = invitation.user
    if not invitation.awaits_confirmation:
        raise ValidationError(_("This invitation is not waiting for confirmation."))
    invitation.confirmed_at = timezone.now()
    invitation.save(update_fields=["confirmed_at"])
    link = None
    if _can_mail(user):
        _mail_link(invitation, base_url)
    else:
        link = base_url.rstrip("/") + invitation_path(_issue_link(invitation))
    details = {"delivery": "email" if link is None else "printed", "by": "command line"}
    record(
        actor=None,
        action="user.invitation_confirmed",
        target=user,
        organisation=user.organisation,
        details=details,
    )
    return link


def find_invitation(token: str) -> Invitation | None:
    """The open invitation for this token, or None when unknown, used or expired."""
    invitation = (
        Invitation.objects.select_related("user", "user__organisation")
        .filter(token_hash=hash_token(token), accepted_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at < timezone.now():
        return None
    return invitation


@action()
def do_accept_invitation(*, invitation: Invitation, password: str) -> User:
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(actor=user, action="user.invitation_accepted", target=user)
    return user


@action()
def do_set_roles(*, user: User, roles: Collection[str], acting_user: User) -> bool:
    """Set the account's roles. Adding a sensitive role to an account the granter could reach
    only files a request (False); a second administrator approves it."""
    _check_can_manage(acting_user, user.organisation)
    check_roles_allowed(roles, user.organisation, acting_user)
    if user.pk == acting_user.pk:
        # Separation of duties: an administrator cannot hand themselves access to records.
        raise ValidationError(_("You cannot change your own roles; ask another administrator."))
    before = sorted(user.role_names)
    if sensitive_roles(set(roles) - user.role_names) and could_reach(acting_user, user):
        RoleRequest.objects.create(user=user, roles=sorted(roles), requested_by=acting_user)
        details = {"before": before, "requested": sorted(roles)}
        record(
            actor=acting_user,
            action="user.roles_requested",
            target=user,
            organisation=user.organisation,
            details=details,
        )
        return False
    _grant(user, roles)
    record(
        actor=acting_user,
        action="user.roles_changed",
        target=user,
        organisation=user.organisation,
        details={"before": before, "after": sorted(roles)},
    )
    return True


@action()
def do_approve_role_request(*, request: RoleRequest, acting_user: User) -> None:
    user = request.user
    _check_can_manage(acting_user, user.organisation)
    if request.approved_at is not None:
        raise ValidationError(_("This request has already been approved."))
    _check_second_administrator(acting_user, user, request.requested_by_id)
    check_roles_allowed(request.roles, user.organisation, acting_user)
    before = sorted(user.role_names)
    _grant(user, request.roles)
    request.approved_by, request.approved_at = acting_user, timezone.now()
    request.save(update_fields=["approved_by", "approved_at"])
    record(
        actor=acting_user,
        action="user.roles_approved",
        target=user,
        organisation=user.organisation,
        details={"before": before, "after": sorted(request.roles), "request": request.pk},
    )


@action()
def do_set_active(*, user: User, active: bool, acting_user: User) -> None:
    _check_can_manage(acting_user, user.organisation)
    if user.pk == acting_user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    record(
        actor=acting_user,
        action="user.activated" if active else "user.deactivated",
        target=user,
        organisation=user.organisation,
    )


@action()
def do_change_password(*, user: User, new_password: str) -> None:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(actor=user, action="user.password_changed", target=user)


@action()
def do_request_password_reset(
    *, email: str, address: str | None, base_url: str
) -> tuple[list[EmailMessage], int]:
    """Someone asks for a reset link for an address. Counted per address typed and per client
    address whether or not an account has it. Returns (messages to deliver, seconds to wait).

    The same work is done either way (a decoy message for an unknown address, dropped here), so
    neither the page nor its timing tells which addresses exist."""
    wait = throttle.reserve(throttle.reset_policies(email, address), timezone.now())
    details: dict[str, object] = {"address": address or ""}
    if wait:
        details["wait_seconds"] = wait
        record(actor=None, action="password_reset.throttled", organisation=None, details=details)
        return [], wait
    users = password_reset.accounts_for(email)
    messages = [password_reset.reset_message(user, base_url) for user in users]
    if not users:
        password_reset.decoy_message(base_url)
    details["accounts"] = len(users)
    target = users[0] if users else None
    organisation = target.organisation if target else None
    record(
        actor=None,
        action="password_reset.requested",
        target=target,
        organisation=organisation,
        details=details,
    )
    return messages, 0


@action()
def do_reset_password(*, user: User, new_password: str) -> None:
    """Set the password chosen through a reset link. The second factor is left as it is."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(actor=user, action="password_reset.completed", target=user)


@action()
def do_send_password_reset(*, user: User, acting_user: User, base_url: str) -> None:
    """An administrator has a reset link e-mailed to a member. The link goes only to the
    member's address and is never shown: an administrator who could reach the account (their
    own, one they invited, one whose link they saw) is refused, as for the second factor."""
    _check_can_manage(acting_user, user.organisation)
    _check_second_administrator(acting_user, user)
    if not _can_mail(user):
        raise ValidationError(
            _(
                "No e-mail can reach this member (no address, or no mail configured); a reset "
                "link is never shown on screen."
            )
        )
    if not password_reset.may_receive_link(user):
        raise ValidationError(
            _(
                "This account cannot receive a reset link: it is inactive, has not accepted its "
                "invitation, or needs a second factor it has not set up."
            )
        )
    password_reset.reset_message(user, base_url).send()
    record(
        actor=acting_user,
        action="password_reset.sent_by_administrator",
        target=user,
        organisation=user.organisation,
    )


@action()
def do_sign_in(
    *, username: str, address: str | None, check_password: Callable[[], User | None]
) -> tuple[User | None, int]:
    """One sign-in attempt: counted by the throttle before the password is checked, so parallel
    attempts cannot check more passwords than it allows. Returns (user or None, seconds to wait).
    """
    wait = throttle.reserve_attempt(username, address, timezone.now())
    if wait:
        # The username typed is never stored: it may be a password typed in the wrong box.
        details = {"address": address or "", "wait_seconds": wait}
        record(actor=None, action="login.throttled", organisation=None, details=details)
        return None, wait
    user = check_password()
    if user is None:
        details = {"address": address or ""}
        record(actor=None, action="login.failed", organisation=None, details=details)
        return None, 0
    throttle.forget_failures(username, address)
    record(actor=user, action="login.succeeded", target=user)
    return user, 0


@action()
def do_record_logout(*, user: User) -> None:
    record(actor=user, action="user.logged_out", target=user)


@action()
def do_start_totp_enrolment(*, user: User) -> TOTPDevice:
    """A new authenticator key, unconfirmed until the user types a code it produced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=second_factor.TOTP_NAME, confirmed=False)
    record(actor=user, action="mfa.enrolment_started", target=user, details={"method": "totp"})
    return device


@action()
def do_confirm_totp_enrolment(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from it; returns fresh recovery codes, or None."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        record(actor=user, action="mfa.enrolment_failed", target=user, details={"method": "totp"})
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = second_factor.new_recovery_codes(user)
    details = {"method": "totp", "recovery_codes": len(codes)}
    record(actor=user, action="mfa.enrolled", target=user, details=details)
    return codes


@action()
def do_verify_second_factor(*, user: User, token: str) -> Device | None:
    """Check a code from the app, or a recovery code (used up). Throttled by django-otp."""
    device = match_token(user, token.strip())
    if device is None:
        record(actor=user, action="mfa.failed", target=user)
        return None
    details: dict[str, str | int] = {"method": "totp"}
    if isinstance(device, RecoveryCodeDevice):
        details = {"method": "recovery_code", "recovery_codes_left": device.left()}
    record(actor=user, action="mfa.verified", target=user, details=details)
    return device


@action()
def do_regenerate_recovery_codes(*, user: User) -> list[str]:
    codes = second_factor.new_recovery_codes(user)
    details = {"recovery_codes": len(codes)}
    record(actor=user, action="mfa.recovery_codes_generated", target=user, details=details)
    return codes


@action()
def do_reset_second_factor(*, user: User, acting_user: User) -> None:
    """For someone who lost both phone and recovery codes: remove their devices, so the next
    sign-in enrols a new one. Needs an administrator who could not reach the account, or the
    reset would let them enrol their own phone on it."""
    _check_can_manage(acting_user, user.organisation)
    _check_second_administrator(acting_user, user)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += RecoveryCodeDevice.objects.filter(user=user).delete()[0]
    removed += WebAuthnDevice.objects.filter(user=user).delete()[0]
    record(
        actor=acting_user,
        action="mfa.reset",
        target=user,
        organisation=user.organisation,
        details={"removed": removed},
    )


# What a malformed or forged answer from the browser may raise inside py_webauthn.
_REFUSED = (WebAuthnException, ValueError, TypeError, KeyError)


def _challenge_and_answer(
    session: MutableMapping[str, Any], purpose: str, credential: str
) -> bytes | None:
    # Taken out first, whatever follows: a challenge answered once, well or badly, is spent.
    challenge = webauthn_factor.take_challenge(session, purpose)
    if len(credential) > webauthn_factor.LONGEST_ANSWER:
        return None
    return challenge


@action()
def do_enrol_webauthn(
    *,
    user: User,
    session: MutableMapping[str, Any],
    credential: str,
    relying_party: webauthn_factor.RelyingParty,
    name: str,
) -> tuple[WebAuthnDevice, list[str] | None] | None:
    """Check the key's answer to the registration challenge and keep its public key. The first
    second factor also gets recovery codes (returned, to be shown once)."""
    challenge = _challenge_and_answer(session, webauthn_factor.REGISTER, credential)
    try:
        if challenge is None:
            raise ValueError("no registration challenge in this session")
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=relying_party.rp_id,
            expected_origin=relying_party.origin,
        )
    except _REFUSED as error:
        details = {"method": "webauthn", "reason": str(error)[:200]}
        record(actor=user, action="mfa.enrolment_failed", target=user, details=details)
        return None
    first = not second_factor.has_device(user)
    device = WebAuthnDevice.objects.create(
        user=user,
        name=name.strip()[:64] or second_factor.WEBAUTHN_NAME,
        confirmed=True,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    codes = second_factor.new_recovery_codes(user) if first else None
    added = {"device": device.pk, "recovery_codes": len(codes or [])}
    record(actor=user, action="webauthn.enrolled", target=user, details=added)
    return device, codes


def _answering_device(user: User, credential: str) -> WebAuthnDevice | None:
    """The key that answered, among this user's only: another person's key is no answer."""
    try:
        credential_id = json.loads(credential)["id"]
    except (ValueError, TypeError, KeyError):
        return None
    keys = WebAuthnDevice.objects.select_for_update().filter(user=user, confirmed=True)
    return keys.filter(credential_id=str(credential_id)).first()


@action()
def do_verify_webauthn(
    *,
    user: User,
    session: MutableMapping[str, Any],
    credential: str,
    relying_party: webauthn_factor.RelyingParty,
) -> WebAuthnDevice | None:
    """Check a signed answer to the sign-in challenge. A sign count that does not go up means
    the key may have been copied, and is refused."""
    challenge = _challenge_and_answer(session, webauthn_factor.AUTHENTICATE, credential)
    device = _answering_device(user, credential)
    try:
        if challenge is None or device is None:
            raise ValueError("no sign-in challenge in this session, or not this user's key")
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=relying_party.rp_id,
            expected_origin=relying_party.origin,
            credential_public_key=bytes(device.public_key),
            credential_current_sign_count=device.sign_count,
        )
    except _REFUSED as error:
        details = {"method": "webauthn", "reason": str(error)[:200]}
        record(actor=user, action="mfa.failed", target=user, details=details)
        return None
    device.sign_count = verified.new_sign_count
    device.last_used_at = timezone.now()
    device.save(update_fields=["sign_count", "last_used_at"])
    record(actor=user, action="webauthn.used", target=user, details={"device": device.pk})
    return device


@action()
def do_remove_webauthn(*, user: User, device_id: int) -> None:
    """Remove one of the user's own keys (the view asks that this session be verified)."""
    device = WebAuthnDevice.objects.filter(user=user, pk=device_id).first()
    if device is None:
        raise PermissionDenied(_("That security key is not yours."))
    device.delete()
    record(actor=user, action="webauthn.removed", target=user, details={"device": device_id})
