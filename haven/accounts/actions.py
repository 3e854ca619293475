"""The only writers of organisations, users and roles. Each runs in one transaction with its
audit event, so a change and its record commit together or not at all."""

import hashlib
import secrets
from collections.abc import Collection
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Invitation, LoginFailure, Organisation, RoleGrant, User
from haven.accounts.roles import (
    ENFORCEMENT_ORG_TYPES,
    ROLE_CAPABILITIES,
    SUPPORT_CAPABILITIES,
    Capability,
    Role,
)
from haven.accounts.throttle import username_key
from haven.audit.log import record

# Only the system administrator may hand out the system administrator role.
RESTRICTED_ROLES = frozenset({Role.SYSTEM_ADMIN})


def _check_can_manage(acting_user: User, organisation: Organisation | None) -> None:
    if acting_user.can(Capability.MANAGE_ORGANISATIONS):
        return
    managing_own = organisation is not None and organisation.pk == acting_user.organisation_id
    if not (acting_user.can(Capability.MANAGE_ORG_USERS) and managing_own):
        raise PermissionDenied("You cannot manage users of this organisation.")


def check_roles_allowed(
    roles: Collection[str], organisation: Organisation | None, acting_user: User
) -> None:
    """Refuse grants that the firewall would void, or that the granter may not give."""
    wanted = {Role(role) for role in roles}
    if wanted & RESTRICTED_ROLES and not acting_user.can(Capability.MANAGE_ORGANISATIONS):
        raise ValidationError(
            "Only a system administrator can grant the system administrator role."
        )
    support_roles = {r for r in wanted if ROLE_CAPABILITIES[r] & SUPPORT_CAPABILITIES}
    enforcement_org = organisation is not None and organisation.org_type in ENFORCEMENT_ORG_TYPES
    if support_roles and (enforcement_org or Role.ENFORCEMENT_OFFICER in wanted):
        names = ", ".join(sorted(support_roles))
        raise ValidationError(
            f"Roles that read support records ({names}) cannot be granted in a law-enforcement "
            "or immigration organisation, nor beside the enforcement officer role: the firewall "
            "keeps support data from enforcement."
        )
    if organisation is None and wanted - {Role.SYSTEM_ADMIN, Role.AUDITOR}:
        raise ValidationError("Only system administrators and auditors may have no organisation.")


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


def do_create_organisation(
    *, name: str, org_type: str, country: str, acting_user: User | None
) -> Organisation:
    if acting_user is not None and not acting_user.can(Capability.MANAGE_ORGANISATIONS):
        raise PermissionDenied("Only a system administrator can create organisations.")
    organisation = Organisation(name=name, org_type=org_type, country=country)
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        record(
            actor=acting_user,
            action="organisation.created",
            target=organisation,
            organisation=organisation,
            details={"org_type": org_type, "country": country},
        )
    return organisation


def do_create_system_admin(*, username: str, email: str = "") -> tuple[User, str]:
    """The first administrator, made by `haven init`, with a generated password shown once."""
    password = secrets.token_urlsafe(18)
    with transaction.atomic():
        user = User.objects.create_user(username=username, email=email, password=password)
        _grant(user, [Role.SYSTEM_ADMIN])
        record(
            actor=None,
            action="user.created",
            target=user,
            organisation=None,
            details={"roles": [Role.SYSTEM_ADMIN.value], "by": "haven init"},
        )
    return user, password


def _new_invitation(user: User, acting_user: User) -> str:
    token = secrets.token_urlsafe(32)
    expires = timezone.now() + timedelta(days=settings.HAVEN_INVITATION_DAYS)
    Invitation.objects.update_or_create(
        user=user,
        defaults={
            "token_hash": hash_token(token),
            "invited_by": acting_user,
            "expires_at": expires,
            "accepted_at": None,
        },
    )
    return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_invite_user(
    *,
    organisation: Organisation,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    roles: Collection[str],
    acting_user: User,
) -> tuple[User, str]:
    """Create an inactive account and a one-time link with which the person sets a password."""
    _check_can_manage(acting_user, organisation)
    check_roles_allowed(roles, organisation, acting_user)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        is_active=False,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        _grant(user, roles)
        token = _new_invitation(user, acting_user)
        record(
            actor=acting_user,
            action="user.invited",
            target=user,
            organisation=organisation,
            details={"roles": sorted(roles)},
        )
    return user, token


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


def do_accept_invitation(*, invitation: Invitation, password: str) -> User:
    user = invitation.user
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        record(actor=user, action="user.invitation_accepted", target=user)
    return user


def do_set_roles(*, user: User, roles: Collection[str], acting_user: User) -> None:
    _check_can_manage(acting_user, user.organisation)
    check_roles_allowed(roles, user.organisation, acting_user)
    if user.pk == acting_user.pk:
        # Separation of duties: an administrator cannot hand themselves access to records.
        raise ValidationError("You cannot change your own roles; ask another administrator.")
    before = sorted(user.role_names)
    with transaction.atomic():
        _grant(user, roles)
        record(
            actor=acting_user,
            action="user.roles_changed",
            target=user,
            organisation=user.organisation,
            details={"before": before, "after": sorted(roles)},
        )


def do_set_active(*, user: User, active: bool, acting_user: User) -> None:
    _check_can_manage(acting_user, user.organisation)
    if user.pk == acting_user.pk:
        raise ValidationError("You cannot deactivate your own account.")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active
        record(
            actor=acting_user,
            action="user.activated" if active else "user.deactivated",
            target=user,
            organisation=user.organisation,
        )


def do_change_password(*, user: User, new_password: str) -> None:
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(actor=user, action="user.password_changed", target=user)


def do_record_login(*, user: User) -> None:
    with transaction.atomic():
        LoginFailure.objects.filter(username_key=username_key(user.get_username())).delete()
        record(actor=user, action="login.succeeded", target=user)


def do_record_login_failure(*, username: str, address: str | None) -> None:
    with transaction.atomic():
        LoginFailure.objects.create(
            username_key=username_key(username), address=address, failed_at=timezone.now()
        )
        # The username typed is not stored: it may be a password typed in the wrong box.
        record(
            actor=None, action="login.failed", organisation=None, details={"address": address or ""}
        )


def do_record_logout(*, user: User) -> None:
    with transaction.atomic():
        record(actor=user, action="user.logged_out", target=user)
