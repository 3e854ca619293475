from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

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
        raise ValidationError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")


class Organisation(models.Model):
    """An organisation using Haven (HTCDS entity Organisation: org_Name, org_Type, org_Country)."""

    name = models.CharField(max_length=200, unique=True)
    org_type = models.CharField(
        "type", max_length=40, choices=[(t.value, label) for t, label in ORG_TYPE_LABELS.items()]
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


class User(AbstractUser):
    """A person who uses Haven. Everyone but the system administrator belongs to an organisation."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

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
        return sorted(ROLE_LABELS[Role(name)] for name in self.role_names)


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
    """A one-time link with which an invited person sets their password. Only a hash is kept."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="invitation")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation for {self.user}"


class LoginFailure(models.Model):
    """One failed login, kept for the rate limit; the username is a keyed hash, never plaintext."""

    username_key = models.CharField(max_length=64, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    failed_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"failed login at {self.failed_at}"
