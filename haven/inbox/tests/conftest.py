"""Personas and work for the inbox tests: a civil authority's decision team, the NGO that
screens and refers, the NGO that receives, and the roles that must see nothing."""

import datetime
import json

import pytest
from django.utils import timezone

from haven.accounts.roles import OrgType, Role
from haven.cases.actions import do_open_case, do_record_consent
from haven.cases.models import ConsentPurpose, Deadline
from haven.law.actions import do_load_builtin_jurisdictions
from haven.referrals.actions import do_refer_case
from haven.screening.actions import (
    Seat,
    do_confirm_decision,
    do_decide,
    do_record_screening,
    do_submit_for_decision,
)
from haven.screening.record import Record
from haven.testing.fixtures import make_organisation, make_user

DAY = datetime.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """The job queue runs its tasks in the test itself (django-tasks' immediate back-end)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def with_email(user, address=""):
    user.email = address or f"{user.username}@example.org"
    user.save()
    return user


@pytest.fixture
def jurisdictions(db):
    do_load_builtin_jurisdictions()


@pytest.fixture
def authority(db):
    return make_organisation("Anti-Trafficking Coordination Office", OrgType.CENTRAL_GOVERNMENT)


@pytest.fixture
def team(authority):
    return [
        with_email(make_user(authority, Role.DECISION_TEAM, username=f"member{i}"))
        for i in range(1, 5)
    ]


@pytest.fixture
def worker(frontline):
    return with_email(frontline)


@pytest.fixture
def receiver(other_ngo):
    return with_email(make_user(other_ngo, Role.FRONTLINE_WORKER, username="receiver"))


@pytest.fixture
def refused(db, police, ngo):
    """Who must see nothing of the support queues, each for their own reason."""
    bystander = make_organisation("Unrelated Aid", OrgType.NGO)
    return {
        "enforcement officer": make_user(police, Role.ENFORCEMENT_OFFICER, username="officer"),
        # Support roles granted inside a police organisation: the firewall removes them.
        "police with support roles": make_user(
            police, Role.FRONTLINE_WORKER, Role.DECISION_TEAM, username="police-support"
        ),
        "another organisation's member": make_user(
            bystander, Role.CASE_MANAGER, Role.DECISION_TEAM, username="bystander"
        ),
        "auditor": make_user(None, Role.AUDITOR, username="auditor"),
    }


def open_case(user, first_name="Lan", second_name="Tran"):
    return do_open_case(first_name=first_name, second_name=second_name, acting_user=user)


def record_screening(case, user):
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
    return do_record_screening(case=case, record=record, acting_user=user)


@pytest.fixture
def case(worker):
    return open_case(worker)


@pytest.fixture
def screening(case, worker, jurisdictions):
    return record_screening(case, worker)


@pytest.fixture
def submitted(screening, authority, worker):
    do_submit_for_decision(screening=screening, authority=authority, acting_user=worker)
    screening.refresh_from_db()
    return screening


def deny(screening, team):
    seats = [Seat(team[0], "social_work"), Seat(team[1], "law")]
    decision = do_decide(
        screening=screening,
        outcome="denied",
        reasons="Not enough indication at this stage.",
        seats=seats,
        acting_user=team[0],
        decided_on=timezone.localdate(),
        appeal_deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    # The second member confirms, so the decision is final and can be appealed.
    return do_confirm_decision(decision=decision, acting_user=team[1])


def refer(case, to_organisation, user):
    do_record_consent(
        case=case,
        purpose=ConsentPurpose.SHARING,
        organisation=to_organisation,
        given_on=DAY,
        acting_user=user,
    )
    return do_refer_case(
        case,
        to_organisation,
        reason="AdditionalServicesRequired",
        sections=["person"],
        details="Needs a shelter place.",
        acting_user=user,
    )


def deadline(case, days_from_today, code="reflection_period"):
    """A tracked right due this many days from today (negative: overdue). Test set-up."""
    return Deadline.objects.create(
        case=case,
        code=code,
        title="Recovery and reflection period",
        due_on=timezone.localdate() + datetime.timedelta(days=days_from_today),
        source="manual",
    )
