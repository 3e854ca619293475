import datetime
import json

import pytest

from haven.accounts.roles import OrgType, Role
from haven.cases.actions import do_open_case
from haven.law.actions import do_load_builtin_jurisdictions
from haven.screening.actions import do_record_screening
from haven.screening.record import Record
from haven.testing.fixtures import make_organisation, make_user

DAY = datetime.date(2026, 2, 1)


@pytest.fixture
def jurisdictions(db):
    do_load_builtin_jurisdictions()


@pytest.fixture
def authority(db):
    return make_organisation("Anti-Trafficking Coordination Office", OrgType.CENTRAL_GOVERNMENT)


@pytest.fixture
def team(authority):
    """Four decision-team members: two decide, two others can hear an appeal."""
    return [make_user(authority, Role.DECISION_TEAM, username=f"member{i}") for i in range(1, 5)]


@pytest.fixture
def screening(frontline, jurisdictions):
    case = do_open_case(first_name="Lan", second_name="Tran", acting_user=frontline)
    record = Record.model_validate_json(
        json.dumps(
            {
                "jurisdiction": "GB",
                "encounter": {"date": DAY.isoformat(), "setting": "labour_inspection"},
                "person": {"age": 30},
                "vulnerabilities": ["irregular_residence_status"],
                "consent_to_record": True,
            }
        )
    )
    return do_record_screening(case=case, record=record, acting_user=frontline)
