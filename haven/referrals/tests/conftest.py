import datetime

import pytest

from haven.accounts.roles import OrgType, Role
from haven.cases.actions import do_open_case, do_record_consent
from haven.cases.models import ConsentPurpose
from haven.referrals.actions import do_refer_case
from haven.testing.fixtures import make_organisation, make_user

DAY = datetime.date(2026, 2, 1)


@pytest.fixture
def case(frontline):
    return do_open_case(
        first_name="Lan", second_name="Tran", nationality="VN", acting_user=frontline
    )


@pytest.fixture
def receiver(other_ngo):
    """A front-line worker of the receiving NGO."""
    return make_user(other_ngo, Role.FRONTLINE_WORKER, username="receiver")


@pytest.fixture
def supervisor(ngo):
    return make_user(ngo, Role.SUPERVISOR, username="supervisor")


@pytest.fixture
def abroad(db):
    return make_organisation("Hope Across Borders", OrgType.NGO, country="VN")


def consent_to(case, organisation, user):
    return do_record_consent(
        case=case,
        purpose=ConsentPurpose.SHARING,
        organisation=organisation,
        given_on=DAY,
        acting_user=user,
    )


@pytest.fixture
def consented(case, other_ngo, frontline):
    return consent_to(case, other_ngo, frontline)


@pytest.fixture
def referral(case, other_ngo, frontline, consented):
    return do_refer_case(
        case,
        other_ngo,
        reason="AdditionalServicesRequired",
        sections=["person", "events"],
        details="Needs a shelter place.",
        acting_user=frontline,
    )


@pytest.fixture
def bystander_org(db):
    return make_organisation("Unrelated Aid", OrgType.NGO)
