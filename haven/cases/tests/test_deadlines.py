"""Deadlines keep their case's organisation, and a worker counts only the open deadlines of the
cases they may read: their organisation's, and only their own cases unless they read all."""

import datetime

import pytest

from haven.accounts.roles import Role
from haven.cases.actions import do_open_case
from haven.cases.deadlines import add_deadlines, open_deadlines_for
from haven.cases.models import Deadline
from haven.testing.fixtures import make_user

TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
RIGHT = {"code": "reflection_period", "title": "Reflection period", "ends": TOMORROW}


@pytest.mark.django_db
def test_a_deadline_keeps_the_organisation_of_its_case(frontline):
    case = do_open_case(first_name="Ana", acting_user=frontline)
    add_deadlines(case, [RIGHT], source="screening")
    assert Deadline.objects.get(case=case).organisation_id == case.organisation_id


@pytest.mark.django_db
def test_only_the_open_deadlines_of_cases_one_may_read_are_counted(
    ngo, other_ngo, frontline, case_manager
):
    own = do_open_case(first_name="Ana", acting_user=frontline)
    colleague = make_user(ngo, Role.FRONTLINE_WORKER, username="colleague")
    theirs = do_open_case(first_name="Mai", acting_user=colleague)
    elsewhere = do_open_case(
        first_name="Ion", acting_user=make_user(other_ngo, Role.CASE_MANAGER, username="away")
    )
    for case in (own, theirs, elsewhere):
        add_deadlines(case, [RIGHT], source="screening")
    Deadline.objects.filter(case=theirs).update(done_on=None)
    assert {d.case_id for d in open_deadlines_for(frontline)} == {own.pk}
    assert {d.case_id for d in open_deadlines_for(case_manager)} == {own.pk, theirs.pk}
    Deadline.objects.filter(case=own).update(done_on=datetime.date.today())
    assert {d.case_id for d in open_deadlines_for(case_manager)} == {theirs.pk}
