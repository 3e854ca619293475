import datetime
import json

import pytest

from haven.accounts.roles import Role
from haven.cases.actions import do_open_case, do_record_consent
from haven.cases.models import ConsentPurpose
from haven.law.actions import do_load_builtin_jurisdictions
from haven.screening.actions import do_record_screening
from haven.screening.record import Record
from haven.testing.fixtures import make_user

DAY = datetime.date(2026, 2, 1)
ADULT = datetime.date(1990, 5, 1)


@pytest.fixture
def jurisdictions(db):
    do_load_builtin_jurisdictions()


@pytest.fixture
def case(frontline):
    return do_open_case(
        first_name="Lan", second_name="Tran", birthdate=ADULT, acting_user=frontline
    )


@pytest.fixture
def child_case(frontline):
    """No date of birth and no screening: the age is unknown, so presumed a child."""
    return do_open_case(first_name="Mai", acting_user=frontline)


@pytest.fixture
def supervisor(ngo):
    return make_user(ngo, Role.SUPERVISOR, username="supervisor")


@pytest.fixture
def second_supervisor(ngo):
    return make_user(ngo, Role.SUPERVISOR, username="supervisor2")


@pytest.fixture
def consent_to_proceedings(case, frontline):
    return do_record_consent(
        case=case, purpose=ConsentPurpose.PROCEEDINGS, given_on=DAY, acting_user=frontline
    )


def screen(case, user, **person):
    """A screening whose facts meet the definition: reasonable grounds to believe."""
    record = Record.model_validate_json(
        json.dumps(
            {
                "jurisdiction": "GB",
                "encounter": {"date": DAY.isoformat(), "setting": "labour_inspection"},
                "person": person,
                "facts": {
                    "acts": ["recruitment"],
                    "means": ["deception"],
                    "purposes": ["forced_labour"],
                },
                "consent_to_record": True,
            }
        )
    )
    return do_record_screening(case=case, record=record, acting_user=user)
