from collections.abc import Callable

import pytest
from django.db import connection, transaction

from haven.accounts.models import Organisation, RoleGrant, User
from haven.accounts.roles import Role
from haven.audit.log import record
from haven.audit.models import AuditEvent
from haven.audit.seal import seal_pending
from haven.audit.sequence import SEQUENCE

MakeUser = Callable[..., User]


@pytest.fixture
def org_a(db) -> Organisation:
    return Organisation.objects.create(name="Shelter A", org_type="NGO", country="GB")


@pytest.fixture
def org_b(db) -> Organisation:
    return Organisation.objects.create(name="Shelter B", org_type="NGO", country="GB")


@pytest.fixture
def make_user(db) -> MakeUser:
    def make(username: str, role: Role | None = None, organisation: Organisation | None = None):
        user = User.objects.create_user(
            username=username, password="a long test password", organisation=organisation
        )
        if role is not None:
            RoleGrant.objects.create(user=user, role=role)
        return user

    return make


@pytest.fixture
def worker(make_user, org_a) -> User:
    return make_user("worker", Role.CASE_MANAGER, org_a)


@pytest.fixture(autouse=True)
def numbers_from_one(db) -> None:
    """PostgreSQL's sequence does not roll back with each test's transaction; start it again so
    that every test's events are numbered from 1, as on SQLite."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER SEQUENCE {SEQUENCE} RESTART WITH 1")


def write_events(actor: User | None, count: int, action: str = "case.read") -> list[AuditEvent]:
    """`count` events, sealed (the tamper tests edit the sealed chain), as stored."""
    with transaction.atomic():
        written = [
            record(actor=actor, action=action, target_type="cases.case", target_id=str(n))
            for n in range(1, count + 1)
        ]
    seal_pending()
    return list(AuditEvent.objects.filter(pk__in=[e.pk for e in written]).order_by("seq"))
