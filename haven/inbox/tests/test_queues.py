import datetime

import pytest
from django.utils import timezone

from haven.accounts.roles import OrgType, Role
from haven.business.actions import do_file_grievance, do_open_channel
from haven.diligence.actions import (
    do_add_indicator,
    do_add_institution,
    do_create_measure,
    do_create_recommendation,
)
from haven.inbox.queues import KINDS, count, home_queues, kinds_for
from haven.inbox.tests.conftest import deadline, deny, open_case, refer
from haven.referrals.actions import do_accept_referral
from haven.screening.actions import do_lodge_appeal
from haven.support.actions import do_add_service, do_create_plan, do_record_service_consent
from haven.testing.fixtures import make_organisation, make_user

pytestmark = pytest.mark.django_db


def _codes(user, code):
    return [item.key for item in KINDS[code].items(user)]


def test_the_decision_team_finds_a_submitted_screening_waiting(submitted, team):
    assert count(team[0], "screenings") == 1
    [item] = KINDS["screenings"].items(team[0])
    assert item.url == f"/screening/{submitted.pk}/decide/"
    assert submitted.case.reference in item.label


def test_a_decided_screening_leaves_the_queue_and_its_appeal_enters_it(submitted, team, worker):
    decision = deny(submitted, team)
    assert count(team[0], "screenings") == 0
    assert count(team[2], "appeals") == 0
    appeal = do_lodge_appeal(
        decision=decision,
        grounds="The team did not hear the person.",
        lodged_on=timezone.localdate(),
        acting_user=worker,
    )
    assert count(team[2], "appeals") == 1
    [item] = KINDS["appeals"].items(team[2])
    assert item.url == f"/screening/appeal/{appeal.pk}/decide/"
    # Those who took the decision appealed may not hear the appeal: it does not wait for them.
    assert count(team[0], "appeals") == 0 and count(team[1], "appeals") == 0


def test_a_screening_not_yet_submitted_waits_for_no_one(screening, team):
    assert count(team[0], "screenings") == 0


def test_the_receiving_organisation_finds_its_referral_until_it_answers(case, worker, receiver):
    referral = refer(case, receiver.organisation, worker)
    assert count(receiver, "referrals") == 1
    assert _codes(receiver, "referrals") == [f"referral:{referral.pk}"]
    assert count(worker, "referrals") == 0  # the sender waits for nothing
    do_accept_referral(referral=referral, acting_user=receiver, expected_version=referral.version)
    assert count(receiver, "referrals") == 0


def test_deadlines_due_soon_and_overdue_wait_and_far_ones_do_not(case, worker):
    overdue, soon = deadline(case, -2, "a"), deadline(case, 3, "b")
    deadline(case, 60, "c")
    items = KINDS["deadlines"].items(worker)
    assert [i.key.split(":")[1] for i in items] == [str(overdue.pk), str(soon.pk)]
    assert [i.overdue for i in items] == [True, False]
    assert count(worker, "deadlines") == 2


def test_a_deadline_done_no_longer_waits(case, worker):
    done = deadline(case, 1)
    done.done_on = timezone.localdate()
    done.save()
    assert count(worker, "deadlines") == 0


def test_a_front_line_worker_sees_only_the_deadlines_of_their_own_cases(ngo, case, worker):
    colleague = make_user(ngo, Role.FRONTLINE_WORKER, username="colleague")
    deadline(case, 1)
    assert count(colleague, "deadlines") == 0
    assert count(make_user(ngo, Role.CASE_MANAGER, username="manager"), "deadlines") == 1


def test_a_service_waits_for_the_person_s_consent_until_it_is_recorded(case, worker):
    plan = do_create_plan(case=case, goals="A safe place to live", acting_user=worker)
    service = do_add_service(plan=plan, kind="accommodation", acting_user=worker)
    assert count(worker, "services") == 1
    assert KINDS["services"].items(worker)[0].url == f"/support/case/{case.pk}/"
    do_record_service_consent(service=service, given_on=timezone.localdate(), acting_user=worker)
    assert count(worker, "services") == 0


@pytest.fixture
def ministry(db):
    return make_organisation("Ministry of the Interior", OrgType.CENTRAL_GOVERNMENT)


def test_a_focal_point_owes_the_reports_of_their_indicators(ministry):
    planner = make_user(ministry, Role.PLAN_MANAGER, username="planner")
    focal = make_user(ministry, Role.GOVERNMENT_FOCAL_POINT, username="focal")
    other = make_user(ministry, Role.GOVERNMENT_FOCAL_POINT, username="other-focal")
    rec = do_create_recommendation(
        acting_user=planner,
        state="SI",
        mechanism="UPR",
        number="1.1",
        text="Train labour inspectors",
    )
    institution = do_add_institution(
        state="SI", name="Labour", kind="ministry", acting_user=planner
    )
    measure = do_create_measure(
        [rec], title="Training", institution=institution, target_date=None, acting_user=planner
    )
    today = timezone.localdate()
    do_add_indicator(
        measure,
        name="Inspectors trained",
        manager=focal,
        start=today - datetime.timedelta(days=40),
        end=today + datetime.timedelta(days=20),
        frequency_months=1,
        acting_user=planner,
    )
    items = KINDS["reports"].items(focal)
    assert [i.overdue for i in items] == [True, False]  # the first month is overdue; the end soon
    assert count(focal, "reports") == 2
    assert count(other, "reports") == 0
    assert count(planner, "reports") == 2  # the plan manager sees every report owed


def test_a_grievance_officer_finds_the_open_grievances_of_their_channel(db):
    company = make_organisation("Harvest Foods plc", OrgType.CORPORATE_BUSINESS)
    officer = make_user(company, Role.GRIEVANCE_OFFICER, username="grievances")
    ombuds = make_organisation("Fair Work Council", OrgType.NGO)
    channel = do_open_channel(
        organisation=company, name="Line", slug="line", independent_body=ombuds,
        escalation_days=30, acting_user=None,
    )  # fmt: skip
    do_file_grievance(
        channel=channel, category="wages", description="Unpaid overtime", where="",
        referral_consent=False, address="10.0.0.9",
    )  # fmt: skip
    assert count(officer, "grievances") == 1
    assert count(make_user(company, Role.COMPANY_OFFICER, username="company"), "grievances") == 0


def test_the_refused_see_no_queue_and_no_count_of_the_work_there_is(
    *, submitted, team, case, worker, receiver, refused
):
    deny(submitted, team)
    refer(open_case(worker, "Ana", "Pop"), receiver.organisation, worker)
    deadline(case, 1)
    for name, user in refused.items():
        assert {code: count(user, code) for code in KINDS} == dict.fromkeys(KINDS, 0), name
        assert [q.items for q in home_queues(user) if q.items] == [], name
    # Behind the firewall and for the auditor, not even an empty support queue is offered.
    for name in ("enforcement officer", "police with support roles", "auditor"):
        assert kinds_for(refused[name]) == [], name


def test_an_enforcement_officer_is_offered_no_support_queue_whatever_their_roles(police):
    holder = make_user(police, *[r for r in Role if r != Role.SYSTEM_ADMIN], username="all")
    support = {"screenings", "appeals", "referrals", "deadlines", "services", "grievances"}
    assert not support & {kind.code for kind in kinds_for(holder)}


def test_an_inactive_user_is_offered_nothing(team, submitted):
    team[0].is_active = False
    assert kinds_for(team[0]) == []
    assert count(team[0], "screenings") == 0


def test_the_home_queues_audit_the_case_references_they_show(case, worker):
    from haven.audit.models import AuditEvent

    deadline(case, 1)
    home_queues(worker)
    event = AuditEvent.objects.filter(action="case.listed").first()
    assert event is not None and event.details == {"case_ids": [case.pk], "list": "home"}


def test_every_kind_has_a_badge_in_the_navigation_and_every_badge_counts_known_kinds():
    from haven.inbox.queues import NAV_GROUPS

    grouped = [code for codes in NAV_GROUPS.values() for code in codes]
    assert sorted(grouped) == sorted(KINDS)
