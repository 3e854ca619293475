from datetime import datetime
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from haven.accounts import recovery_codes
from haven.accounts.countries import country_choices, is_country_code
from haven.accounts.roles import (
    ORG_TYPE_LABELS,
    ROLE_LABELS,
    Capability,
    Role,
    capabilities_for,
    is_behind_firewall,
)


def validate_country(code: str) -> None:
    if not is_country_code(code):
        raise ValidationError(
            _("%(code)r is not an ISO 3166-1 alpha-2 country code") % {"code": code}
        )


class Organisation(models.Model):
    """An organisation using Haven (HTCDS entity Organisation: org_Name, org_Type, org_Country)."""

    name = models.CharField(max_length=200, unique=True)
    org_type = models.CharField(
        _("type"), max_length=40, choices=[(t.value, label) for t, label in ORG_TYPE_LABELS.items()]
    )
    country = models.CharField(max_length=2, choices=country_choices, validators=[validate_country])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_enforcement(self) -> bool:
        return is_behind_firewall(self.org_type, [])


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django_otp ships no types: the plugin cannot follow RecoveryCodeDevice.user
    """A person who uses Haven. Everyone but the system administrator belongs to an organisation."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    # Set for the generated password `haven init` prints: until changed, every page sends the
    # user to the password change page (accounts.middleware).
    must_change_password = models.BooleanField(default=False)

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    @cached_property
    def capabilities(self) -> frozenset[Capability]:
        if not self.is_active:
            return frozenset()
        org_type = self.organisation.org_type if self.organisation else None
        return capabilities_for(org_type, self.role_names)

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    @property
    def behind_firewall(self) -> bool:
        org_type = self.organisation.org_type if self.organisation else None
        return is_behind_firewall(org_type, self.role_names)

    def role_labels(self) -> list[str]:
        return sorted(str(ROLE_LABELS[Role(name)]) for name in self.role_names)


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(
        max_length=40, choices=[(r.value, label) for r, label in ROLE_LABELS.items()]
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self) -> str:
        return f"{self.user} as {self.role}"


class Invitation(models.Model):
    """A one-time link with which an invited person sets their password. Only a hash is kept.

    The link goes to the invitee only: by e-mail, or, where no mail is configured, to the second
    administrator who confirms the account. It is never shown to the inviter. Invitations that
    give a sensitive role wait for a second administrator's confirmation before any link exists.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="invitation")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Who was shown the link (the confirmer, when no mail is configured): they could reach it.
    link_shown_to = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation for {self.user}"

    @property
    def awaits_confirmation(self) -> bool:
        return self.token_hash is None and self.accepted_at is None


class RoleRequest(models.Model):
    """Roles asked for an account by an administrator who could reach it: they apply only once a
    second administrator approves."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests")
    roles = models.JSONField()
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"role request for {self.user}"


class LoginThrottle(models.Model):
    """Failed sign-ins counted under one key (an account, an address, or the pair), with the time
    before which the key may not try again. Usernames appear only as keyed hashes."""

    key = models.CharField(max_length=80, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"login throttle {self.failures}"


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A django-otp device whose tokens are the user's recovery codes, kept as keyed hashes
    (why, and how they are made: recovery_codes.py)."""

    class Meta:
        verbose_name = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def verify_token(self, token: Any) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        typed = isinstance(token, str) and len(token) <= recovery_codes.LONGEST_TYPED
        if typed and self._use(token):
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False

    def _use(self, token: str) -> bool:
        unused = self.codes.filter(digest__in=recovery_codes.digests(token), used_at__isnull=True)
        return bool(unused.update(used_at=timezone.now()))

    def left(self) -> int:
        return int(self.codes.filter(used_at__isnull=True).count())


class RecoveryCode(models.Model):
    """One recovery code's keyed hash; `used_at` is set when it is spent."""

    device = models.ForeignKey(RecoveryCodeDevice, related_name="codes", on_delete=models.CASCADE)
    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code {self.pk} ({'used' if self.used_at else 'unused'})"


class WebAuthnDevice(Device):
    """A security key or platform authenticator (WebAuthn), as a django-otp device so that
    `otp_login` and `is_verified` treat it like the authenticator app. It takes no typed token:
    it is checked by a signed assertion (accounts.webauthn_factor). The public key is not secret;
    the sign count lets a cloned key be noticed."""

    # Annotated by hand: Device comes untyped from django_otp, so the plugin cannot infer them.
    credential_id: "models.CharField[str, str]" = models.CharField(
        max_length=1400, unique=True
    )  # base64url, as sent
    public_key: "models.BinaryField[bytes | memoryview, bytes | memoryview]" = models.BinaryField()
    sign_count: "models.PositiveBigIntegerField[int, int]" = models.PositiveBigIntegerField(
        default=0
    )
    created_at: "models.DateTimeField[datetime, datetime]" = models.DateTimeField(auto_now_add=True)
    last_used_at: "models.DateTimeField[datetime | None, datetime | None]" = models.DateTimeField(
        null=True, blank=True
    )

    class Meta:
        verbose_name = _("security key")

    def verify_token(self, token: Any) -> bool:
        return False  # a typed code is never a key's answer
