import datetime
import re

import pytest
from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.inbox.access import muted_kinds
from haven.inbox.context_processors import waiting
from haven.inbox.tests.conftest import deadline, refer
from haven.testing.fixtures import make_user

pytestmark = pytest.mark.django_db


def _badge(page: str, link_text: str) -> str | None:
    found = re.search(
        rf">{link_text}</a><span class=\"count\">.*?aria-hidden=\"true\">(\d+)<", page
    )
    return found.group(1) if found else None


def test_the_decision_team_finds_the_screening_on_its_home_page(client, submitted, team):
    client.force_login(team[0])
    page = client.get("/").content.decode()
    assert "What waits for you" in page
    assert f'href="/screening/{submitted.pk}/decide/"' in page
    assert _badge(page, "Decisions") == "1"
    assert _badge(page, "Home") == "1"


def test_the_receiving_ngo_finds_the_referral_on_its_home_page(client, case, worker, receiver):
    referral = refer(case, receiver.organisation, worker)
    client.force_login(receiver)
    page = client.get("/").content.decode()
    assert f'href="/referrals/{referral.pk}/"' in page
    assert _badge(page, "Referrals") == "1"


def test_the_counts_follow_the_user_to_every_page(client, case, worker):
    deadline(case, -3)
    client.force_login(worker)
    page = client.get("/law/").content.decode()
    assert _badge(page, "Cases") == "1"


def test_the_home_page_shows_no_name(client, submitted, team):
    client.force_login(team[0])
    page = client.get("/").content.decode()
    assert "Lan" not in page and "Tran" not in page


@pytest.mark.parametrize("persona", ["enforcement officer", "police with support roles", "auditor"])
def test_the_refused_see_no_queue_and_no_badge(client, submitted, refused, persona):
    client.force_login(refused[persona])
    page = client.get("/").content.decode()
    assert "What waits for you" not in page
    assert 'class="count"' not in page


def test_another_organisation_s_member_sees_empty_queues(client, submitted, refused):
    client.force_login(refused["another organisation's member"])
    page = client.get("/").content.decode()
    assert "/screening/" not in page.split("What waits for you")[1].split("</section>")[0]
    navigation = page.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert 'class="count"' not in navigation  # no badge


def test_the_navigation_counts_every_kind_in_one_query_and_is_cached(submitted, team):
    user = team[0]
    request = RequestFactory().get("/law/")
    request.user = user
    assert user.capabilities  # every page has them already (haven.core's `can`)
    with CaptureQueriesContext(connection) as queries:
        counts = waiting(request)["waiting"]
        shown = [counts[name] for name in ("total", "decisions", "referrals", "cases")]
        again = waiting(request)["waiting"]
        assert again is counts and again["total"] == shown[0]
    assert shown == [1, 1, 0, 0]
    assert len(queries) == 1
    assert queries[0]["sql"].upper().count("COUNT(") >= 2


def test_a_badge_shows_99_plus_beyond_99_and_says_so_to_a_screen_reader(client, case, worker):
    for day in range(120):
        deadline(case, -day, f"d{day}")
    client.force_login(worker)
    page = client.get("/law/").content.decode()
    badge = page.split(">Cases</a>")[1].split("</li>")[0]
    assert ">99+<" in badge and "more than 99 waiting" in badge


def test_a_capped_badge_still_counts_exactly_up_to_99(case, worker):
    from haven.inbox.queues import capped_counts, count

    for day in range(7):
        deadline(case, -day, f"d{day}")
    assert capped_counts(worker)["deadlines"] == count(worker, "deadlines") == 7


def test_a_signed_out_visitor_counts_nothing():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert waiting(request)["waiting"]["total"] == 0


def test_the_notifications_page_offers_only_the_user_s_own_kinds(client, team):
    client.force_login(team[0])
    page = client.get("/inbox/notifications/").content.decode()
    assert 'value="screenings"' in page and 'value="referrals"' in page
    assert 'value="reports"' not in page and 'value="grievances"' not in page


def test_the_user_chooses_what_to_receive_and_the_choice_is_audited(client, team):
    client.force_login(team[0])
    response = client.post("/inbox/notifications/", {"receive": ["screenings"]})
    assert response.status_code == 302
    assert "appeals" in muted_kinds(team[0]) and "screenings" not in muted_kinds(team[0])
    event = AuditEvent.objects.get(action="inbox.notifications_chosen")
    assert event.actor == team[0] and "screenings" in event.details["receive"]


def test_a_kind_the_user_cannot_do_is_refused_and_nothing_saved(client, team):
    client.force_login(team[0])
    response = client.post("/inbox/notifications/", {"receive": ["grievances"]})
    assert response.status_code == 200 and b"error" in response.content
    assert not AuditEvent.objects.filter(action="inbox.notifications_chosen").exists()


def test_the_notifications_page_needs_a_signed_in_user(client):
    assert client.get("/inbox/notifications/").status_code == 302


def test_an_auditor_is_told_there_is_nothing_to_be_told_about(client, db):
    client.force_login(make_user(None, Role.AUDITOR, username="auditor2"))
    assert b"nothing to be told about" in client.get("/inbox/notifications/").content


def _deadlines(case, number):
    from haven.cases.models import Deadline

    today = timezone.localdate()
    Deadline.objects.bulk_create(
        Deadline(
            case=case,
            organisation_id=case.organisation_id,
            code=f"d{i}",
            title="Due",
            due_on=today - datetime.timedelta(days=i % 300),
            source="manual",
        )
        for i in range(number)
    )


def test_the_home_page_says_how_many_more_wait_than_it_shows(client, case, worker):
    _deadlines(case, 60)
    client.force_login(worker)
    page = client.get("/").content.decode()
    assert "The 50 most urgent of 60 are shown." in page


def test_beyond_999_the_home_page_says_more_than_999_without_counting_them_all(
    client, case, worker
):
    _deadlines(case, 1005)
    client.force_login(worker)
    page = client.get("/").content.decode()
    assert "The 50 most urgent of more than 999 are shown." in page
    assert '<span class="count">999+</span>' in page


def test_a_user_without_an_organisation_counts_nothing_and_the_page_is_served(db):
    from haven.accounts.roles import Role
    from haven.inbox.queues import capped_counts

    user = make_user(None, Role.FRONTLINE_WORKER, username="no-org")
    assert set(capped_counts(user).values()) <= {0}
