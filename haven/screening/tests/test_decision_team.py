"""The interdisciplinary decision team (seed 000 rec. 65): members are named by their full name,
a decision recorded in a member's name is final only once that member confirms it, signed in as
themselves; support from the screening never waits on it; an appeal team never includes a
member of the first team."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.accounts.models import User
from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case
from haven.cases.models import Deadline
from haven.screening import actions
from haven.screening.models import Decision
from haven.screening.record import Record
from haven.screening.tests.conftest import DAY
from haven.screening.tests.test_actions import decide, seats
from haven.testing.fixtures import make_organisation, make_user

NAMES = [("Amina", "Haddad"), ("Bogdan", "Ionescu"), ("Chi", "Nguyen"), ("Dawit", "Tesfaye")]


@pytest.fixture
def named_team(team):
    for member, (first, last) in zip(team, NAMES, strict=True):
        User.objects.filter(pk=member.pk).update(first_name=first, last_name=last)
    return [User.objects.get(pk=member.pk) for member in team]


@pytest.fixture
def submitted(screening, authority, frontline):
    actions.do_submit_for_decision(screening=screening, authority=authority, acting_user=frontline)
    return screening


def pending(screening, members, outcome="denied"):
    return decide(
        screening, members, outcome, confirmed=False, appeal_deadline=DAY + datetime.timedelta(7)
    )


def confirm(decision, member):
    return actions.do_confirm_decision(decision=decision, acting_user=member)


def test_a_recorded_decision_awaits_the_second_member_and_takes_no_effect(submitted, named_team):
    before = set(Deadline.objects.filter(case=submitted.case).values_list("code", flat=True))
    decision = pending(submitted, named_team[:2])
    assert not decision.is_final
    assert [m.user for m in decision.awaiting()] == [named_team[1]]
    after = set(Deadline.objects.filter(case=submitted.case).values_list("code", flat=True))
    assert after == before  # the screening's rights stand; no appeal clock runs yet
    event = AuditEvent.objects.get(action="screening.decided")
    assert event.details["awaiting_confirmation"] == [named_team[1].pk]


def test_a_pending_denial_cannot_be_appealed_yet_and_says_who_must_confirm(
    submitted, named_team, frontline
):
    decision = pending(submitted, named_team[:2])
    with pytest.raises(ValidationError, match="awaits confirmation by Bogdan Ionescu"):
        actions.do_lodge_appeal(
            decision=decision, grounds="Not heard.", lodged_on=DAY, acting_user=frontline
        )


def test_the_second_member_s_confirmation_makes_it_final_and_starts_the_appeal(
    submitted, named_team
):
    decision = confirm(pending(submitted, named_team[:2]), named_team[1])
    assert decision.is_final
    assert Deadline.objects.get(case=submitted.case, code="appeal").source == "decision"
    event = AuditEvent.objects.get(action="screening.decision_confirmed")
    assert event.actor == named_team[1]
    assert event.details == {"final": True, "deadlines_added": 1}


def test_with_three_members_it_is_final_only_when_both_others_confirm(submitted, named_team):
    decision = pending(submitted, named_team[:3])
    decision = confirm(decision, named_team[2])
    assert not decision.is_final
    assert not Deadline.objects.filter(case=submitted.case, code="appeal").exists()
    assert confirm(decision, named_team[1]).is_final


@pytest.mark.parametrize(
    "persona",
    [
        "a team member not named on it",
        "a decision-team member of another authority",
        "the support worker",
        "an enforcement officer",
    ],
)
def test_only_a_member_named_on_the_decision_confirms_it(
    submitted, named_team, frontline, police, persona
):
    users = {
        "a team member not named on it": lambda: named_team[3],
        "a decision-team member of another authority": lambda: make_user(
            make_organisation("Other Ministry", OrgType.CENTRAL_GOVERNMENT), Role.DECISION_TEAM
        ),
        "the support worker": lambda: frontline,
        "an enforcement officer": lambda: make_user(police, Role.ENFORCEMENT_OFFICER),
    }
    decision = pending(submitted, named_team[:2])
    with pytest.raises(PermissionDenied, match="Only a member named on this decision"):
        confirm(decision, users[persona]())
    assert not Decision.objects.get(pk=decision.pk).is_final


def test_nobody_confirms_twice(submitted, named_team):
    decision = pending(submitted, named_team[:2])
    with pytest.raises(ValidationError, match="already confirmed"):
        confirm(decision, named_team[0])  # the one who recorded it confirmed by recording
    confirm(decision, named_team[1])
    with pytest.raises(ValidationError, match="already confirmed"):
        confirm(decision, named_team[1])
    assert AuditEvent.objects.filter(action="screening.decision_confirmed").count() == 1


def test_an_appeal_decision_awaits_its_own_second_member_too(submitted, named_team, frontline):
    first = decide(submitted, named_team[:2], appeal_deadline=DAY + datetime.timedelta(30))
    appeal = actions.do_lodge_appeal(
        decision=first, grounds="Not heard.", lodged_on=DAY, acting_user=frontline
    )
    on_appeal = actions.do_decide_appeal(
        appeal=appeal,
        outcome="granted",
        reasons="Vulnerability is clear.",
        seats=seats(named_team[2], named_team[3]),
        acting_user=named_team[2],
        decided_on=DAY,
    )
    assert not on_appeal.is_final
    assert confirm(on_appeal, named_team[3]).is_final


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(order=st.permutations([1, 2]), stop=st.integers(min_value=0, max_value=2))
def test_a_decision_is_final_exactly_when_every_named_member_has_confirmed(
    authority, frontline, named_team, screening, *, order, stop
):
    case = do_open_case(first_name="Ana", acting_user=frontline)
    screening = actions.do_record_screening(
        case=case, record=Record.model_validate_json(screening.record), acting_user=frontline
    )
    actions.do_submit_for_decision(screening=screening, authority=authority, acting_user=frontline)
    decision = pending(screening, named_team[:3])
    for index in order[:stop]:
        decision = confirm(decision, named_team[index])
    assert decision.is_final == (stop == 2)


# The pages


def test_the_decision_form_offers_members_by_full_name(client, submitted, named_team):
    client.force_login(named_team[0])
    page = client.get(f"/screening/{submitted.pk}/decide/").content.decode()
    assert ">Bogdan Ionescu</option>" in page
    assert ">member2</option>" not in page
    assert ">Amina Haddad</option>" not in page  # the one recording sits by right


def test_the_second_member_finds_the_decision_and_confirms_it_on_the_page(
    client, submitted, named_team
):
    decision = pending(submitted, named_team[:2])
    client.force_login(named_team[1])
    inbox = client.get("/screening/inbox/").content.decode()
    assert f'href="/screening/{submitted.pk}/"' in inbox and "for you to confirm" in inbox
    page = client.get(f"/screening/{submitted.pk}/").content.decode()
    assert "Awaiting confirmation" in page and "Confirm this decision as mine" in page
    assert "Amina Haddad" in page and "member1" not in page
    response = client.post(f"/screening/decision/{decision.pk}/confirm/")
    assert response["Location"] == f"/screening/{submitted.pk}/"
    assert Decision.objects.get(pk=decision.pk).is_final


def test_the_recorder_sees_no_confirm_button_and_the_person_s_copy_waits(
    client, submitted, named_team, frontline
):
    pending(submitted, named_team[:2])
    client.force_login(named_team[0])
    page = client.get(f"/screening/{submitted.pk}/").content.decode()
    assert "Awaiting confirmation" in page and "Confirm this decision as mine" not in page
    client.force_login(frontline)
    page = client.get(f"/screening/{submitted.pk}/").content.decode()
    assert "Lodge an appeal" not in page
    copy = client.get(f"/screening/{submitted.pk}/copy/").content.decode()
    assert "decided not to give early support" not in copy


def test_an_appeal_team_list_never_offers_a_member_of_the_first_team(
    client, submitted, named_team, frontline
):
    first = decide(submitted, named_team[:2], appeal_deadline=DAY + datetime.timedelta(30))
    appeal = actions.do_lodge_appeal(
        decision=first, grounds="Not heard.", lodged_on=DAY, acting_user=frontline
    )
    client.force_login(named_team[2])
    page = client.get(f"/screening/appeal/{appeal.pk}/decide/").content.decode()
    assert ">Dawit Tesfaye</option>" in page
    for name in ("Amina Haddad", "Bogdan Ionescu"):
        assert f">{name}</option>" not in page


def test_a_first_team_member_is_refused_the_appeal_page(client, submitted, named_team, frontline):
    first = decide(submitted, named_team[:2], appeal_deadline=DAY + datetime.timedelta(30))
    appeal = actions.do_lodge_appeal(
        decision=first, grounds="Not heard.", lodged_on=DAY, acting_user=frontline
    )
    client.force_login(named_team[1])
    assert "Decide the appeal" not in client.get(f"/screening/{submitted.pk}/").content.decode()
    assert client.get(f"/screening/appeal/{appeal.pk}/decide/").status_code == 403
    client.force_login(named_team[2])
    assert "Decide the appeal" in client.get(f"/screening/{submitted.pk}/").content.decode()
