import datetime

import pytest

from haven.cases.actions import do_open_case
from haven.support.actions import do_add_service, do_create_plan

DAY = datetime.date(2026, 2, 1)


@pytest.fixture
def case(frontline):
    return do_open_case(first_name="Lan", second_name="Tran", acting_user=frontline)


@pytest.fixture
def plan(case, frontline):
    return do_create_plan(
        case=case,
        goals="I want to finish my nursing course and live near my sister.",
        types=["Education", "Health"],
        acting_user=frontline,
    )


@pytest.fixture
def service(plan, frontline):
    return do_add_service(plan=plan, kind="accommodation", acting_user=frontline)
