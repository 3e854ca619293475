import pytest

from haven.accounts.roles import Role
from haven.cases.actions import do_open_case
from haven.testing.fixtures import make_user


@pytest.fixture
def case(case_manager, frontline):
    """Opened by the case manager, assigned to the front-line worker: both are its team."""
    return do_open_case(first_name="Lan", acting_user=case_manager, assigned_to=frontline)


@pytest.fixture
def colleague(ngo):
    """Another front-line worker of the same organisation, not on the case."""
    return make_user(ngo, Role.FRONTLINE_WORKER, username="colleague")


@pytest.fixture
def officer(police):
    return make_user(police, Role.ENFORCEMENT_OFFICER, username="officer")
