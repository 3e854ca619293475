"""Decisions waiting for your confirmation: a decision on a screening takes effect only once
every member named on it confirms it, so each member who still has to finds it on their home
page, counted in the Decisions badge and announced by e-mail like the other kinds of work."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from haven.inbox.actions import do_choose_notifications
from haven.inbox.queues import KINDS, count, home_queues
from haven.inbox.tests.conftest import deny
from haven.inbox.tests.test_views import _badge
from haven.screening.access import screenings_visible_to
from haven.screening.actions import (
    Seat,
    do_confirm_decision,
    do_decide,
    do_decide_appeal,
    do_lodge_appeal,
)

pytestmark = pytest.mark.django_db
CODE = "confirmations"


def grant(screening, team):
    """team[0] records a decision naming team[1]: recording confirms it for team[0] only."""
    seats = [Seat(team[0], "social_work"), Seat(team[1], "law")]
    return do_decide(
        screening=screening,
        outcome="granted",
        reasons="Indications of trafficking; support starts now.",
        seats=seats,
        acting_user=team[0],
        decided_on=timezone.localdate(),
    )


def _keys(user):
    return [item.key for item in KINDS[CODE].items(user)]


def test_the_second_member_finds_the_decision_recorded_in_their_name(submitted, team):
    decision = grant(submitted, team)
    assert count(team[1], CODE) == 1
    [item] = KINDS[CODE].items(team[1])
    assert item.key == f"confirmation:{decision.pk}"
    assert item.label == f"Decision for case {submitted.case.reference}"
    assert item.url == f"/screening/{submitted.pk}/#decision-{decision.pk}"
    assert item.case_id == submitted.case_id


def test_the_link_leads_to_the_decision_s_confirm_button(client, submitted, team):
    decision = grant(submitted, team)
    client.force_login(team[1])
    [item] = KINDS[CODE].items(team[1])
    page = client.get(item.url.split("#")[0]).content.decode()
    panel = page.split(f'id="decision-{decision.pk}"')[1].split("</article>")[0]
    assert f'action="/screening/decision/{decision.pk}/confirm/"' in panel


def test_the_member_who_recorded_it_and_a_member_not_named_find_nothing(submitted, team):
    grant(submitted, team)
    for user in (team[0], team[2]):
        assert count(user, CODE) == 0, user.username
        assert _keys(user) == [], user.username


def test_the_refused_count_no_decision_to_confirm(submitted, team, refused):
    grant(submitted, team)
    for name, user in refused.items():
        assert count(user, CODE) == 0, name
        assert [q for q in home_queues(user) if q.kind.code == CODE and q.items] == [], name


def test_the_decision_leaves_the_queue_once_confirmed(submitted, team):
    decision = grant(submitted, team)
    do_confirm_decision(decision=decision, acting_user=team[1])
    assert count(team[1], CODE) == 0 and _keys(team[1]) == []


def test_a_decision_on_appeal_waits_for_its_own_second_member(submitted, team, worker):
    appeal = do_lodge_appeal(
        decision=deny(submitted, team),
        grounds="The team did not hear the person.",
        lodged_on=timezone.localdate(),
        acting_user=worker,
    )
    on_appeal = do_decide_appeal(
        appeal=appeal,
        outcome="granted",
        reasons="Heard on appeal.",
        seats=[Seat(team[2], "psychology"), Seat(team[3], "health")],
        acting_user=team[2],
        decided_on=timezone.localdate(),
    )
    [item] = KINDS[CODE].items(team[3])
    assert item.key == f"confirmation:{on_appeal.pk}"
    assert item.label == f"Decision on appeal for case {submitted.case.reference}"
    # The first decision's members confirmed theirs long ago: nothing waits for them.
    assert count(team[0], CODE) == count(team[1], CODE) == count(team[2], CODE) == 0


def test_a_member_who_has_left_the_authority_is_not_asked_to_confirm(submitted, team):
    """Only a member of the deciding authority may confirm (screening.actions), so a member
    moved to another organisation is not shown a confirmation they would be refused, not even
    when their new organisation is the one whose case it is (they may read its screening)."""
    decision = grant(submitted, team)
    team[1].organisation = submitted.case.organisation
    team[1].save()
    assert screenings_visible_to(team[1]).filter(pk=submitted.pk).exists()
    assert count(team[1], CODE) == 0
    with pytest.raises(PermissionDenied):
        do_confirm_decision(decision=decision, acting_user=team[1])


def test_the_decisions_badge_counts_it_until_it_is_confirmed(client, submitted, team):
    decision = grant(submitted, team)
    client.force_login(team[1])
    page = client.get("/").content.decode()
    assert "Decisions waiting for your confirmation" in page
    assert f'href="/screening/{submitted.pk}/#decision-{decision.pk}"' in page
    assert _badge(page, "Decisions") == "1" and _badge(page, "Home") == "1"
    assert "Lan" not in page and "Tran" not in page  # a reference, never the person's name

    client.force_login(team[0])  # who recorded it: confirmed by recording
    assert _badge(client.get("/").content.decode(), "Decisions") is None

    do_confirm_decision(decision=decision, acting_user=team[1])
    client.force_login(team[1])
    assert _badge(client.get("/").content.decode(), "Decisions") is None


def test_the_notification_page_offers_the_kind(client, team):
    client.force_login(team[1])
    page = client.get("/inbox/notifications/").content.decode()
    assert 'value="confirmations"' in page
    assert "Decisions waiting for your confirmation" in page


def test_recording_a_decision_e_mails_only_the_members_still_to_confirm(
    submitted, team, django_capture_on_commit_callbacks
):
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        grant(submitted, team)
    assert [m.to for m in mail.outbox] == [[team[1].email]]
    body = mail.outbox[0].body
    assert "Decisions waiting for your confirmation: 1" in body
    assert submitted.case.reference not in body
    assert not re.search(r"\b(Lan|Tran)\b", f"{mail.outbox[0].subject}\n{body}")


def test_a_member_who_chose_not_to_hear_of_confirmations_is_not_e_mailed(
    submitted, team, django_capture_on_commit_callbacks
):
    offered = ["screenings", "appeals", CODE]
    do_choose_notifications(user=team[1], receive=["screenings", "appeals"], offered=offered)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        grant(submitted, team)
    assert mail.outbox == []


def test_the_home_page_audits_the_case_reference_it_shows_the_member(submitted, team):
    from haven.audit.models import AuditEvent

    grant(submitted, team)
    home_queues(team[1])
    event = AuditEvent.objects.filter(action="case.listed", actor=team[1]).get()
    assert event.details == {"case_ids": [submitted.case_id], "list": "home"}
