"""Grievance writers: the flow, escalation by a test clock, referral rules, notifications."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from haven.accounts.roles import OrgType
from haven.audit.models import AuditEvent
from haven.business import actions
from haven.business.codes import code_hash, new_code, normalise
from haven.business.models import Grievance, Stage, Status
from haven.testing.fixtures import make_organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_filing_stores_only_the_hash_of_the_code_and_the_words_encrypted(filed):
    grievance, code = filed
    stored = Grievance.objects.get(pk=grievance.pk)
    assert stored.code_hash == code_hash(normalise(code)) and code not in stored.code_hash
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT description, code_hash FROM business_grievance")
        raw = cursor.fetchone()
    assert "overtime" not in raw[0] and normalise(code) not in raw[1]


def test_codes_are_unguessable_and_forgiving_to_read_back():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    code = next(iter(codes))
    assert normalise(code.lower().replace("-", " ")) == code.replace("-", "")
    assert normalise("too-short") is None


def test_the_filing_event_holds_no_words_of_the_worker(filed):
    event = AuditEvent.objects.get(action="grievance.filed")
    assert event.actor is None and "overtime" not in str(event.details)
    assert event.details == {"category": "wages", "contact_given": False}


def test_notifications_carry_no_personal_data(officer, filed):
    grievance, code = filed
    body = mail.outbox[0].body
    assert f"no. {grievance.pk}" in body
    for secret in ("overtime", "Shed 4", code, "wages"):
        assert secret not in body and secret not in mail.outbox[0].subject


def test_the_officer_goes_from_triage_to_resolution_with_wages_recovered(filed, officer):
    grievance, _ = filed
    for stage in (Stage.TRIAGE, Stage.INVESTIGATION, Stage.ACTION_PLAN):
        actions.do_record_step(grievance, stage, note="n", acting_user=officer)
    actions.do_resolve(
        grievance, wages_recovered=Decimal("850.00"), wages_currency="gbp", acting_user=officer
    )
    grievance.refresh_from_db()
    assert grievance.status == Status.RESOLVED and grievance.wages_currency == "GBP"
    assert grievance.days_to_remedy == 0


def test_steps_keep_their_order(filed, officer):
    grievance, _ = filed
    with pytest.raises(ValidationError, match="cannot go to “Corrective action plan”"):
        actions.do_record_step(grievance, Stage.ACTION_PLAN, acting_user=officer)
    with pytest.raises(ValidationError, match="cannot go to “Resolution”"):
        actions.do_resolve(grievance, acting_user=officer)


def test_unknown_wages_stay_missing_not_zero(filed, officer):
    grievance, _ = filed
    actions.do_record_step(grievance, Stage.TRIAGE, acting_user=officer)
    actions.do_resolve(grievance, acting_user=officer)
    grievance.refresh_from_db()
    assert grievance.wages_recovered is None and grievance.wages_currency == ""


def test_an_open_grievance_escalates_after_its_deadline_by_the_test_clock(filed, ombuds_officer):
    grievance, _ = filed
    before = grievance.deadline - dt.timedelta(seconds=1)
    assert actions.escalate_overdue(now=before) == []
    escalated = actions.escalate_overdue(now=grievance.deadline)
    assert [g.pk for g in escalated] == [grievance.pk]
    grievance.refresh_from_db()
    assert (
        grievance.status == Status.ESCALATED
        and grievance.escalated_to == grievance.channel.independent_body
    )
    assert actions.escalate_overdue(now=grievance.deadline + dt.timedelta(days=9)) == []
    assert "escalated to you" in mail.outbox[-1].body and "overtime" not in mail.outbox[-1].body


def test_a_resolved_grievance_never_escalates(filed, officer):
    grievance, _ = filed
    actions.do_record_step(grievance, Stage.TRIAGE, acting_user=officer)
    actions.do_resolve(grievance, acting_user=officer)
    assert actions.escalate_overdue(now=grievance.deadline + dt.timedelta(days=1)) == []


def test_an_escalated_grievance_can_still_be_investigated_and_resolved(filed, ombuds_officer):
    grievance, _ = filed
    actions.escalate_overdue(now=grievance.deadline)
    grievance.refresh_from_db()
    actions.do_record_step(grievance, Stage.INVESTIGATION, acting_user=ombuds_officer)
    assert Grievance.objects.get(pk=grievance.pk).status == Status.ESCALATED
    actions.do_resolve(grievance, acting_user=ombuds_officer)
    assert Grievance.objects.get(pk=grievance.pk).status == Status.RESOLVED


def test_a_channel_never_escalates_to_enforcement_or_itself(company, police):
    with pytest.raises(ValidationError, match="never go to enforcement"):
        actions.do_open_channel(
            organisation=company, name="x", slug="x", independent_body=police, acting_user=None
        )
    with pytest.raises(ValidationError, match="another organisation"):
        actions.do_open_channel(
            organisation=company, name="x", slug="x", independent_body=company, acting_user=None
        )


def test_referral_needs_consent_and_a_support_organisation(filed, officer, police, ngo, channel):
    grievance, _ = filed
    with pytest.raises(ValidationError, match="never go to enforcement"):
        actions.do_refer_grievance(grievance, police, acting_user=officer)
    other = make_organisation("Another plc", OrgType.CORPORATE_BUSINESS)
    with pytest.raises(ValidationError, match="support organisation"):
        actions.do_refer_grievance(grievance, other, acting_user=officer)
    unconsented, _ = actions.do_file_grievance(
        channel=channel, category="recruitment_fees", description="d"
    )
    with pytest.raises(ValidationError, match="not consented"):
        actions.do_refer_grievance(unconsented, ngo, acting_user=officer)
    actions.do_refer_grievance(grievance, ngo, acting_user=officer)
    assert Grievance.objects.get(pk=grievance.pk).referred_to == ngo


def test_a_worker_reports_retaliation_and_the_handler_is_told(filed, officer):
    grievance, _ = filed
    actions.do_worker_update(grievance, retaliation=True)
    assert Grievance.objects.get(pk=grievance.pk).retaliation
    assert "Retaliation was reported" in mail.outbox[-1].body


def test_every_recorded_action_name_is_listed_in_audit_names(filed, officer, ngo):
    from haven.business.audit_names import AUDIT_ACTIONS

    grievance, _ = filed
    actions.do_record_step(grievance, Stage.TRIAGE, acting_user=officer)
    actions.do_flag_retaliation(grievance, acting_user=officer)
    actions.do_refer_grievance(grievance, ngo, acting_user=officer)
    actions.escalate_overdue(now=grievance.deadline)
    recorded = set(
        AuditEvent.objects.filter(action__startswith="grievance.").values_list("action", flat=True)
    )
    assert recorded <= set(AUDIT_ACTIONS)
