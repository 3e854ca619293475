"""The early-support procedure: an interdisciplinary team of a civil authority decides, a denial
gives reasons and an appeal route, and a different team decides the appeal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.cases.models import Deadline
from haven.law.actions import do_save_jurisdiction
from haven.law.models import JurisdictionProfile
from haven.screening import actions
from haven.screening.access import access_screening_by_id, awaiting_decision, screenings_visible_to
from haven.screening.actions import Seat
from haven.screening.tests.conftest import DAY
from haven.testing.fixtures import make_organisation, make_user


def seats(*members, disciplines=("social_work", "psychology", "law")):
    return [Seat(m, d) for m, d in zip(members, disciplines, strict=False)]


def decide(screening, members, outcome="denied", *, confirmed=True, **extra):
    """The first member records the decision; the others confirm it (unless `confirmed` is
    False), which makes it final."""
    decision = actions.do_decide(
        screening=screening,
        outcome=outcome,
        reasons="Reasons given.",
        seats=seats(*members),
        acting_user=members[0],
        decided_on=DAY,
        **extra,
    )
    if confirmed:
        for member in members[1:]:
            decision = actions.do_confirm_decision(decision=decision, acting_user=member)
    return decision


@pytest.fixture
def submitted(screening, authority, frontline):
    actions.do_submit_for_decision(screening=screening, authority=authority, acting_user=frontline)
    return screening


def test_the_interview_is_kept_encrypted_with_what_the_engine_said(screening):
    assert screening.early_support_recommended and screening.jurisdiction == "GB"
    assert AuditEvent.objects.filter(action="screening.recorded").exists()


def test_only_a_civil_authority_decides(screening, frontline, police):
    with pytest.raises(ValidationError, match="civil authority"):
        actions.do_submit_for_decision(screening=screening, authority=police, acting_user=frontline)


def test_the_team_sees_what_was_submitted_to_it_and_nothing_else(submitted, team, screening):
    assert list(awaiting_decision(team[0])) == [submitted]
    other = make_user(
        make_organisation("Other Ministry", OrgType.CENTRAL_GOVERNMENT), Role.DECISION_TEAM
    )
    assert not screenings_visible_to(other).exists()


def test_a_decision_needs_two_members_of_different_disciplines(submitted, team):
    with pytest.raises(ValidationError, match="at least two"):
        decide(submitted, team[:1])
    with pytest.raises(ValidationError, match="different discipline"):
        actions.do_decide(
            screening=submitted,
            outcome="granted",
            reasons="r",
            acting_user=team[0],
            seats=[Seat(team[0], "law"), Seat(team[1], "law")],
            decided_on=DAY,
        )


def test_only_members_of_the_deciding_authority_sit(submitted, team, ngo):
    outsider = make_user(ngo, Role.CASE_MANAGER)
    with pytest.raises(ValidationError, match="Not decision-team members"):
        decide(submitted, [team[0], outsider])


def test_a_decision_must_give_reasons(submitted, team):
    with pytest.raises(ValidationError, match="reasons"):
        actions.do_decide(
            screening=submitted,
            outcome="granted",
            reasons=" ",
            seats=seats(*team[:2]),
            acting_user=team[0],
            decided_on=DAY,
        )


def test_a_denial_needs_an_appeal_deadline_when_the_jurisdiction_has_none(submitted, team):
    with pytest.raises(ValidationError, match="no appeal period entered"):
        decide(submitted, team[:2])
    decision = decide(submitted, team[:2], appeal_deadline=DAY + datetime.timedelta(days=10))
    assert decision.appeal_deadline == DAY + datetime.timedelta(days=10)


def test_a_denial_takes_its_appeal_deadline_from_the_jurisdiction(submitted, team):
    gb = JurisdictionProfile.objects.get(code="GB")
    do_save_jurisdiction(
        jurisdiction=gb, data={"appeal_days": 21}, acting_user=None, expected_version=1
    )
    decision = decide(submitted, team[:2], confirmed=False)
    assert decision.appeal_deadline == DAY + datetime.timedelta(days=21)
    assert AuditEvent.objects.filter(action="screening.decided").exists()
    # Final only today, when the second member confirms: the period runs from then, so the
    # wait never shortens the person's time to appeal.
    decision = actions.do_confirm_decision(decision=decision, acting_user=team[1])
    assert decision.appeal_deadline == timezone.localdate() + datetime.timedelta(days=21)
    tracked = Deadline.objects.get(case=submitted.case, code="appeal")
    assert tracked.due_on == decision.appeal_deadline


def test_an_appeal_is_lodged_in_time_by_the_support_organisation_and_decided_by_another_team(
    submitted, team, frontline
):
    decision = decide(submitted, team[:2], appeal_deadline=DAY + datetime.timedelta(days=14))
    appeal = actions.do_lodge_appeal(
        decision=decision,
        grounds="My situation was not heard.",
        lodged_on=DAY + datetime.timedelta(days=3),
        acting_user=frontline,
    )
    with pytest.raises(ValidationError, match="different team"):
        actions.do_decide_appeal(
            appeal=appeal,
            outcome="granted",
            reasons="r",
            seats=seats(team[0], team[2]),
            acting_user=team[2],
            decided_on=DAY,
        )
    on_appeal = actions.do_decide_appeal(
        appeal=appeal,
        outcome="granted",
        reasons="Vulnerability is clear.",
        seats=seats(team[2], team[3]),
        acting_user=team[2],
        decided_on=DAY,
    )
    assert on_appeal.appeal == appeal and on_appeal.outcome == "granted"


def test_a_late_appeal_is_refused_with_the_deadline(submitted, team, frontline):
    decision = decide(submitted, team[:2], appeal_deadline=DAY)
    with pytest.raises(ValidationError, match=f"deadline was {DAY.isoformat()}"):
        actions.do_lodge_appeal(
            decision=decision,
            grounds="g",
            lodged_on=DAY + datetime.timedelta(days=1),
            acting_user=frontline,
        )


def test_a_grant_cannot_be_appealed_and_a_second_decision_is_refused(submitted, team, frontline):
    decision = decide(submitted, team[:2], outcome="granted")
    with pytest.raises(ValidationError, match="Only a denial"):
        actions.do_lodge_appeal(
            decision=decision, grounds="g", lodged_on=DAY, acting_user=frontline
        )
    with pytest.raises(ValidationError, match="already has a decision"):
        decide(submitted, team[2:], outcome="denied", appeal_deadline=DAY)


def test_the_decision_team_cannot_lodge_an_appeal_for_the_person(submitted, team):
    decision = decide(submitted, team[:2], appeal_deadline=DAY)
    with pytest.raises(PermissionDenied):
        actions.do_lodge_appeal(decision=decision, grounds="g", lodged_on=DAY, acting_user=team[2])


def test_enforcement_never_reads_a_screening(screening, police):
    officer = make_user(police, *Role)
    assert not screenings_visible_to(officer).exists()
    with pytest.raises(Exception, match="No such screening"):
        access_screening_by_id(officer, screening.pk)


def test_retention_erases_the_interview_record_but_keeps_the_outcome(
    screening, org_admin, ngo, frontline
):
    from haven.cases.actions import do_set_retention_policy, do_update_case
    from haven.cases.models import Case
    from haven.cases.retention import do_apply_retention
    from haven.screening.models import Screening

    do_update_case(
        case=screening.case,
        data={"status": "Closed", "closure_reason": "Safe."},
        expected_version=1,
        acting_user=frontline,
    )
    Case.objects.filter(pk=screening.case_id).update(closed_on=DAY)
    do_set_retention_policy(organisation=ngo, months_after_closure=1, acting_user=org_admin)
    do_apply_retention(today=DAY + datetime.timedelta(days=40))
    erased = Screening.objects.get(pk=screening.pk)
    assert erased.record == "{}" and erased.result == "{}"
    assert erased.early_support_recommended


def test_a_denial_sets_off_the_appeal_right_on_the_case_with_its_legal_basis(submitted, team):
    from haven.cases.models import Deadline

    decide(submitted, team[:2], appeal_deadline=DAY + datetime.timedelta(days=10))
    appeal = Deadline.objects.get(case=submitted.case, code="appeal")
    assert appeal.due_on == DAY + datetime.timedelta(days=10) and appeal.source == "decision"
    assert "ICCPR" in appeal.basis or "2(3)" in appeal.basis


def test_a_second_first_decision_is_refused_by_the_database_too(submitted, team, monkeypatch):
    """Two decisions racing: the other's row was not visible to the check when it ran, and
    the unique constraint turns the duplicate into the same clear refusal (F5)."""
    from django.db.models import QuerySet

    from haven.screening.models import Decision

    decide(submitted, team[:2], outcome="granted")
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with pytest.raises(ValidationError, match="already has a decision"):
        decide(submitted, team[2:4], outcome="granted")
    monkeypatch.undo()
    assert Decision.objects.filter(screening=submitted).count() == 1
    assert AuditEvent.objects.filter(action="screening.decided").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_teams_deciding_at_once_give_one_decision_and_one_clear_refusal(
    submitted, team, django_db_blocker
):
    """A real race on PostgreSQL, where two connections run at once; SQLite serialises
    writers, so there the check inside the transaction is what the previous test proves."""
    import threading

    from django.db import connection

    from haven.screening.models import Decision

    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent connections (PostgreSQL); SQLite serialises writers")
    barrier, outcomes = threading.Barrier(2), []

    def attempt(members):
        try:
            barrier.wait()
            decide(submitted, members, outcome="granted")
            outcomes.append("decided")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in (team[:2], team[2:4])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["decided", actions.ALREADY_DECIDED])
    assert Decision.objects.filter(screening=submitted).count() == 1
