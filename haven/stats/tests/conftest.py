import datetime

import pytest

from haven.accounts.roles import OrgType, Role
from haven.cases.models import Case, Consent, ConsentPurpose
from haven.stats import synthetic
from haven.testing.fixtures import make_organisation, make_user


@pytest.fixture
def supervisor(ngo):
    return make_user(ngo, Role.SUPERVISOR, username="supervisor")


@pytest.fixture
def ministry(db):
    return make_organisation("Ministry of the Interior", OrgType.CENTRAL_GOVERNMENT)


@pytest.fixture
def coordinator(ministry):
    return make_user(ministry, Role.NATIONAL_COORDINATOR, username="coordinator")


@pytest.fixture
def police_coordinator(police):
    return make_user(police, Role.NATIONAL_COORDINATOR, username="policecoordinator")


@pytest.fixture
def cases(ngo, other_ngo, supervisor):
    """260 generated cases at Safe Harbour and 140 at Second Shelter, both in GB."""
    synthetic.populate([ngo], supervisor, 260, seed=1)
    synthetic.populate([other_ngo], supervisor, 140, seed=2)
    return Case.objects.all()


def consent(case, *, withdrawn: bool, user):
    today = datetime.date(2025, 1, 1)
    return Consent.objects.create(
        person=case.person,
        purpose=ConsentPurpose.STATISTICS,
        given_on=today,
        withdrawn_on=today if withdrawn else None,
        recorded_by=user,
    )
