"""The API's referral list pages what it holds, received and sent apart, and says when more
follow: it used to stop at 200 of each without saying so."""

import datetime

import pytest
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case
from haven.referrals.access import INBOX_PAGE
from haven.referrals.models import Referral
from haven.testing.fixtures import unsaved_referral

from .conftest import bearer, issue_token

pytestmark = pytest.mark.django_db


def _sent(frontline, to, count):
    case = do_open_case(first_name="Lan", acting_user=frontline)
    started = timezone.now()
    return Referral.objects.bulk_create(
        unsaved_referral(case, to, frontline, sent_at=started + datetime.timedelta(minutes=number))
        for number in range(count)
    )


def test_received_referrals_come_a_page_at_a_time_with_a_sign_that_more_follow(
    client, receiver_admin, receiver, frontline, other_ngo
):
    made = _sent(frontline, other_ngo, INBOX_PAGE + 3)
    _, token = issue_token(receiver_admin, receiver, ["referrals:read"])
    first = client.get("/api/v1/referrals", **bearer(token)).json()
    assert len(first["received"]) == INBOX_PAGE and first["more_received"]
    assert first["sent"] == [] and not first["more_sent"]
    second = client.get("/api/v1/referrals?received_page=2", **bearer(token)).json()
    assert not second["more_received"]
    assert {r["id"] for r in second["received"]} == {r.pk for r in made[:3]}  # the oldest
    listed = AuditEvent.objects.filter(action="referral.listed").order_by("seq").last()
    assert listed.details == {"referral_ids": sorted(r.pk for r in made[:3])}


@pytest.mark.parametrize("page", ["0", "-1", "x", "99999999999"])
def test_a_page_out_of_range_is_refused_naming_the_parameter(
    client, receiver_admin, receiver, page
):
    _, token = issue_token(receiver_admin, receiver, ["referrals:read"])
    answer = client.get(f"/api/v1/referrals?sent_page={page}", **bearer(token))
    assert answer.status_code == 400 and "sent_page" in answer.content.decode()
