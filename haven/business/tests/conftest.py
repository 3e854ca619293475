import pytest

from haven.accounts.roles import OrgType, Role
from haven.business.actions import do_file_grievance, do_open_channel
from haven.testing.fixtures import make_organisation, make_user


@pytest.fixture
def company(db):
    return make_organisation("Harvest Foods plc", OrgType.CORPORATE_BUSINESS)


@pytest.fixture
def ombuds(db):
    return make_organisation("Fair Work Council", OrgType.NGO)


@pytest.fixture
def officer(company):
    user = make_user(company, Role.GRIEVANCE_OFFICER, username="officer")
    user.email = "officer@example.org"
    user.save()
    return user


@pytest.fixture
def ombuds_officer(ombuds):
    user = make_user(ombuds, Role.GRIEVANCE_OFFICER, username="ombuds")
    user.email = "ombuds@example.org"
    user.save()
    return user


@pytest.fixture
def channel(company, ombuds):
    return do_open_channel(
        organisation=company,
        name="Harvest line",
        slug="harvest",
        independent_body=ombuds,
        escalation_days=30,
        acting_user=None,
    )


@pytest.fixture
def filed(channel):
    return do_file_grievance(
        channel=channel,
        category="wages",
        description="Two months of overtime unpaid at the packing shed",
        where="Shed 4",
        referral_consent=True,
        address="10.0.0.1",
    )
