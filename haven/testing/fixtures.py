"""Personas for tests: one organisation of each kind, and a user factory for any roles."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts.models import Organisation, RoleGrant, User
from haven.accounts.roles import OrgType, Role

PASSWORD = "correct horse battery staple 42"
MakeUser = Callable[..., User]


def make_organisation(name: str, org_type: OrgType, country: str = "GB") -> Organisation:
    return Organisation.objects.create(name=name, org_type=org_type, country=country)


def make_user(organisation: Organisation | None, *roles: Role, username: str = "") -> User:
    """A user with these roles, granted directly: tests may set up states actions refuse."""
    # Usernames hold 150 characters; a persona with every role would not fit.
    name = username or f"{'-'.join(roles)[:120] or 'noroles'}-{User.objects.count() + 1}"
    user = User.objects.create_user(username=name, password=PASSWORD, organisation=organisation)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    if Role.SYSTEM_ADMIN in roles:
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    return User.objects.get(pk=user.pk)


def unsaved_referral(case: Any, to: Organisation, sent_by: User, **fields: Any) -> Any:
    """A referral of `case` to `to`, not saved, shared under a supervisor's override (no consent
    needed) unless `fields` say otherwise: tests may set up more referrals, or states, than the
    actions would make."""
    from django.utils import timezone

    from haven.referrals.models import Referral, Status

    defaults: dict[str, Any] = {
        "reason": "Other",
        "status": Status.SENT,
        "cross_border": False,
        "consent_override_reason": "Life-threatening situation",
        "sent_at": timezone.now(),
    }
    return Referral(
        case=case,
        from_organisation_id=case.organisation_id,
        to_organisation=to,
        sent_by=sent_by,
        **{**defaults, **fields},
    )


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    """Tests do not run collectstatic, so they cannot use production's hashed manifest; and a
    deliberately slow password hash would only slow them down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def totp_device(user: User) -> TOTPDevice:
    """The persona's authenticator (made on first use), as if they had enrolled."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the persona's app shows now (replay protection reset, so it can be reused)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def verify_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as having passed the second factor with the persona's device."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login` already skips the password; it skips the second factor the same
    way, so tests of other rules need not enrol. Pass `second_factor=False` to test the rule."""
    original = Client.force_login

    def force_login(
        self: Client, user: Any, backend: str | None = None, *, second_factor: bool = True
    ) -> None:
        original(self, user, backend)
        if second_factor:
            verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def ngo(db: None) -> Organisation:
    return make_organisation("Safe Harbour NGO", OrgType.NGO)


@pytest.fixture
def other_ngo(db: None) -> Organisation:
    return make_organisation("Second Shelter", OrgType.NGO)


@pytest.fixture
def police(db: None) -> Organisation:
    return make_organisation("City Police", OrgType.LAW_ENFORCEMENT)


@pytest.fixture
def immigration(db: None) -> Organisation:
    return make_organisation("Border Agency", OrgType.IMMIGRATION_SERVICE)


@pytest.fixture
def user_factory(db: None) -> MakeUser:
    return make_user


@pytest.fixture
def frontline(ngo: Organisation) -> User:
    return make_user(ngo, Role.FRONTLINE_WORKER, username="frontline")


@pytest.fixture
def case_manager(ngo: Organisation) -> User:
    return make_user(ngo, Role.CASE_MANAGER, username="casemanager")


@pytest.fixture
def org_admin(ngo: Organisation) -> User:
    return make_user(ngo, Role.ORG_ADMIN, username="orgadmin")


@pytest.fixture
def system_admin(db: None) -> User:
    return make_user(None, Role.SYSTEM_ADMIN, username="sysadmin")
