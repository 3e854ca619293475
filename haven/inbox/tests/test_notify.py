import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.diligence import actions as plan
from haven.inbox import notify
from haven.inbox.actions import do_choose_notifications
from haven.inbox.models import SentNotice
from haven.inbox.tests.conftest import (
    deadline,
    deny,
    open_case,
    record_screening,
    refer,
    with_email,
)
from haven.screening.actions import do_lodge_appeal, do_submit_for_decision
from haven.testing.fixtures import make_organisation, make_user

pytestmark = pytest.mark.django_db


def _submit(screening, authority, worker, capture):
    with capture(execute=True):
        do_submit_for_decision(screening=screening, authority=authority, acting_user=worker)


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_a_submitted_screening_e_mails_each_member_of_the_deciding_team(
    screening, authority, worker, team, django_capture_on_commit_callbacks
):
    _submit(screening, authority, worker, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in team)
    message = _to(team[0].email)[0]
    assert message.subject == "Haven: something waits for you"
    assert "Screenings waiting for a decision: 1" in message.body
    assert "http://127.0.0.1:8000/" in message.body
    assert screening.case.reference not in message.body


def test_a_member_who_chose_not_to_hear_of_screenings_is_not_e_mailed(
    screening, authority, worker, team, django_capture_on_commit_callbacks
):
    do_choose_notifications(user=team[0], receive=["appeals"], offered=["screenings", "appeals"])
    _submit(screening, authority, worker, django_capture_on_commit_callbacks)
    assert _to(team[0].email) == [] and len(_to(team[1].email)) == 1


def test_a_member_without_an_address_and_other_organisations_get_nothing(
    *, screening, authority, worker, team, refused, django_capture_on_commit_callbacks
):
    team[0].email = ""
    team[0].save()
    for user in refused.values():
        user.email = f"{user.username}@example.org"
        user.save()
    _submit(screening, authority, worker, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    assert not {u.email for u in refused.values()} & {m.to[0] for m in mail.outbox}


def test_an_action_rolled_back_tells_nobody(
    screening, authority, worker, team, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        do_submit_for_decision(screening=screening, authority=authority, acting_user=worker)
        raise RuntimeError("something later in the same transaction failed")
    assert mail.outbox == []


def test_a_referral_sent_e_mails_the_receiving_organisation_only(
    case, worker, receiver, ngo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refer(case, receiver.organisation, worker)
    assert [m.to for m in mail.outbox] == [[receiver.email]]
    assert "Referrals waiting for an answer: 1" in mail.outbox[0].body


def test_an_appeal_lodged_e_mails_the_authority_s_team(
    submitted, team, worker, django_capture_on_commit_callbacks
):
    decision = deny(submitted, team)
    with django_capture_on_commit_callbacks(execute=True):
        do_lodge_appeal(
            decision=decision,
            grounds="The team did not hear the person.",
            lodged_on=timezone.localdate(),
            acting_user=worker,
        )
    # The two who decided first cannot sit on the appeal: only the other two are told.
    assert sorted(m.to[0] for m in mail.outbox) == [team[2].email, team[3].email]
    assert all("Appeals waiting for a decision: 1" in m.body for m in mail.outbox)


@pytest.fixture
def due(case):
    return deadline(case, -1, "overdue"), deadline(case, 5, "soon")


def test_notify_due_tells_each_user_once_per_item(due, worker):
    call_command("notify-due")
    assert len(mail.outbox) == 1
    assert "Rights and deadlines due soon or overdue: 2" in mail.outbox[0].body
    assert SentNotice.objects.filter(user=worker).count() == 2
    call_command("notify-due")
    assert len(mail.outbox) == 1  # nothing new: no repeat
    assert AuditEvent.objects.filter(action="inbox.due_notified").count() == 2


def test_an_item_due_soon_is_told_once_more_when_it_becomes_overdue(due, worker):
    call_command("notify-due")
    soon = due[1]
    soon.due_on = timezone.localdate() - datetime.timedelta(days=1)
    soon.save()
    call_command("notify-due")
    assert len(mail.outbox) == 2
    assert "Rights and deadlines due soon or overdue: 1" in mail.outbox[1].body


def test_notify_due_respects_the_user_s_choice(due, worker):
    do_choose_notifications(user=worker, receive=[], offered=["deadlines"])
    call_command("notify-due")
    assert mail.outbox == []


def test_a_notice_that_could_not_be_sent_is_tried_again_next_time(due, worker, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(notify, "send_mail", refuse)
    assert notify.notify_due().notices == 0
    monkeypatch.undo()
    assert notify.notify_due().notices == 2


def test_the_due_run_can_be_handed_to_the_job_queue(due, worker):
    call_command("notify-due", "--enqueue")  # the immediate back-end runs it at once
    assert len(mail.outbox) == 1


NAME_PART = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Lo"]), min_size=3, max_size=20
).map(str.strip)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=NAME_PART, second=NAME_PART)
def test_no_e_mail_carries_the_person_s_name_or_reference(
    first,
    second,
    *,
    worker,
    receiver,
    authority,
    team,
    jurisdictions,
    django_capture_on_commit_callbacks,
):
    # Text the messages always hold is no leak of a name that happens to be in it.
    fixed = "\n".join(notify.compose({code: 1 for code in notify.KINDS})).lower()
    assume(first.lower() not in fixed and second.lower() not in fixed)
    mail.outbox = []
    case = open_case(worker, first, second)
    deadline(case, 1, "named")
    with django_capture_on_commit_callbacks(execute=True):
        screening = record_screening(case, worker)
        do_submit_for_decision(screening=screening, authority=authority, acting_user=worker)
        refer(case, receiver.organisation, worker)
    notify.notify_due()
    assert mail.outbox
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}".lower()
        assert first.lower() not in text and second.lower() not in text
        assert case.reference.lower() not in text and f"{case.pk}" not in message.subject


@pytest.fixture
def owed_reports(db):
    """A focal point owes two progress reports (one overdue, one due in 20 days); a second
    focal point and a caseworker of the same country owe none."""
    ministry = make_organisation("Ministry of Labour", OrgType.CENTRAL_GOVERNMENT, "SI")
    planner = make_user(ministry, Role.PLAN_MANAGER, username="planner")
    focal = with_email(make_user(ministry, Role.GOVERNMENT_FOCAL_POINT, username="focal"))
    other = with_email(make_user(ministry, Role.GOVERNMENT_FOCAL_POINT, username="other-focal"))
    ngo = make_organisation("Safe Harbour Ljubljana", OrgType.NGO, "SI")
    caseworker = with_email(make_user(ngo, Role.FRONTLINE_WORKER, username="caseworker"))
    rec = plan.do_create_recommendation(
        acting_user=planner, state="SI", mechanism="UPR", number="140.82",
        text="Strengthen assistance to victims of trafficking in persons",
    )  # fmt: skip
    body = plan.do_add_institution(state="SI", name="Labour", kind="ministry", acting_user=planner)
    measure = plan.do_create_measure(
        [rec], title="Secret shelter address list", institution=body, target_date=None,
        acting_user=planner,
    )  # fmt: skip
    today = timezone.localdate()
    plan.do_add_indicator(
        measure, name="Places at the Ljubljana shelter", manager=focal,
        start=today - datetime.timedelta(days=40), end=today + datetime.timedelta(days=20),
        frequency_months=1, acting_user=planner,
    )  # fmt: skip
    return focal, other, caseworker


def test_progress_reports_due_and_overdue_are_e_mailed_to_their_owner_once(owed_reports):
    focal, other, caseworker = owed_reports
    call_command("notify-due")
    [message] = _to(focal.email)
    assert "Progress reports due soon or overdue: 2" in message.body
    assert _to(other.email) == [] and _to(caseworker.email) == []  # they owe nothing
    call_command("notify-due")
    assert len(_to(focal.email)) == 1  # told once per item and state
    assert SentNotice.objects.filter(user=focal, key__startswith="report:").count() == 2


def test_a_report_e_mail_names_no_indicator_measure_or_recommendation(owed_reports):
    focal, _, _ = owed_reports
    notify.notify_due()
    [message] = _to(focal.email)
    text = f"{message.subject}\n{message.body}"
    for words in ("Ljubljana", "shelter", "140.82", "trafficking", "Labour", "focal"):
        assert words not in text


def test_an_owner_who_chose_not_to_hear_of_reports_is_not_e_mailed(owed_reports):
    focal, _, _ = owed_reports
    do_choose_notifications(user=focal, receive=[], offered=["reports"])
    notify.notify_due()
    assert _to(focal.email) == []
