"""Personas for tests: one organisation of each kind, and a user factory for any roles."""

from collections.abc import Callable
from typing import Any

import pytest

from haven.accounts.models import Organisation, RoleGrant, User
from haven.accounts.roles import OrgType, Role

PASSWORD = "correct horse battery staple 42"
MakeUser = Callable[..., User]


def make_organisation(name: str, org_type: OrgType, country: str = "GB") -> Organisation:
    return Organisation.objects.create(name=name, org_type=org_type, country=country)


def make_user(organisation: Organisation | None, *roles: Role, username: str = "") -> User:
    """A user with these roles, granted directly: tests may set up states actions refuse."""
    name = username or f"{'-'.join(roles) or 'noroles'}-{User.objects.count() + 1}"
    user = User.objects.create_user(username=name, password=PASSWORD, organisation=organisation)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    if Role.SYSTEM_ADMIN in roles:
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    return User.objects.get(pk=user.pk)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    """Tests do not run collectstatic, so they cannot use production's hashed manifest; and a
    deliberately slow password hash would only slow them down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
