"""On a 375 px phone in Debian's chromium: the decision team finds the screening waiting on its
home page, with a count in the navigation, and opens the decision form from it; the receiving
NGO finds its referral the same way, accepts it and the queue empties. The e-mails sent on the
way carry no name."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from haven.core.tests.test_browser import sign_in, sign_out
from haven.inbox.tests.conftest import open_case, record_screening, refer
from haven.screening.actions import do_submit_for_decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_team_and_the_receiving_ngo_find_their_work_on_their_home_pages(
    page, live_server, *, jurisdictions, authority, team, worker, receiver
):
    case = open_case(worker, "Mihaela", "Dumitrescu")
    screening = record_screening(case, worker)
    do_submit_for_decision(screening=screening, authority=authority, acting_user=worker)
    refer(case, receiver.organisation, worker)
    page.set_viewport_size(PHONE)

    sign_in(page, live_server, team[0].username)
    waiting = page.get_by_role("region", name="What waits for you")
    assert waiting.get_by_role("heading", name=re.compile("Screenings waiting")).is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_text("1 waiting").count() >= 1
    assert _fits(page)
    waiting.get_by_role("link", name=f"Screening for case {case.reference}").click()
    page.wait_for_url(f"{live_server.url}/screening/{screening.pk}/decide/")
    sign_out(page)

    sign_in(page, live_server, receiver.username)
    page.get_by_role("link", name=re.compile("Referral R-")).click()
    page.get_by_role("button", name="Accept the referral").click()
    expect(page.get_by_role("heading", name=re.compile("Referral R-.*: Accepted"))).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("Nothing waits here.").first).to_be_visible()

    assert {m.to[0] for m in mail.outbox} >= {team[0].email, receiver.email}
    assert not any("Mihaela" in m.body or "Dumitrescu" in m.body for m in mail.outbox)
