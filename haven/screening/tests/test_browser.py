"""From interview to decision to appeal, in Debian's chromium."""

import datetime
import re

import pytest
from django.utils.formats import date_format
from playwright.sync_api import expect

from haven.accounts.models import User
from haven.accounts.roles import OrgType, Role
from haven.cases.actions import do_open_case
from haven.core.tests.test_browser import sign_in, sign_out
from haven.law.actions import do_load_builtin_jurisdictions
from haven.testing.fixtures import make_organisation, make_user

# Dates are shown in the interface language's own format (English here).
UNTIL = "Appeal possible until " + date_format(datetime.date(2099, 12, 31), "DATE_FORMAT")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def decide(page, second: str, outcome: str, deadline: str | None = None) -> None:
    page.get_by_label(outcome).check()
    page.locator("#id_reasons").fill(f"{outcome}: the team weighed the person's vulnerabilities.")
    if deadline:
        page.locator("#id_appeal_deadline").fill(deadline)
    page.locator("#id_my_discipline").select_option("social_work")
    page.locator("#id_member_2").select_option(label=second)
    page.locator("#id_discipline_2").select_option("psychology")
    page.get_by_role("button", name="Record the decision").click()


def confirm(page, live_server, member: str) -> None:
    """The second member finds the decision recorded in their name and confirms it."""
    sign_in(page, live_server, member)
    page.get_by_role("link", name="Decisions").click()
    page.get_by_role("link", name=re.compile("Case C-.*: Early support")).first.click()
    page.get_by_role("button", name="Confirm this decision as mine").click()
    expect(page.get_by_text("Decision confirmed: it is final.")).to_be_visible()


def test_from_interview_to_decision_to_appeal(page, live_server, ngo, frontline):
    do_load_builtin_jurisdictions()
    authority = make_organisation("Coordination Office", OrgType.CENTRAL_GOVERNMENT)
    for name in ("anna", "bo", "chen", "dara"):
        member = make_user(authority, Role.DECISION_TEAM, username=name)
        User.objects.filter(pk=member.pk).update(first_name=name.title(), last_name="Moreau")
    case = do_open_case(first_name="Mai", acting_user=frontline)

    sign_in(page, live_server, "frontline")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name="Hold a screening interview").click()
    page.get_by_label("Where did you meet?").select_option("shelter")
    page.locator("#id_vuln_extreme_poverty").check()
    page.locator("#id_consent_to_record_0").check()
    page.get_by_role("button", name=re.compile("Record the interview")).click()
    expect(page.get_by_role("heading", name="Early support: recommended")).to_be_visible()
    page.get_by_label("Civil authority whose team decides").select_option(
        label="Coordination Office"
    )
    page.get_by_role("button", name="Submit for a decision").click()
    sign_out(page)

    sign_in(page, live_server, "anna")
    page.get_by_role("link", name="Decisions").click()
    page.get_by_role("link", name=re.compile("Case C-")).first.click()
    page.get_by_role("link", name="Record the team's decision").click()
    decide(page, "Bo Moreau", "Early support denied", deadline="2099-12-31")
    expect(page.get_by_text(re.compile("Awaiting confirmation"))).to_be_visible()
    assert page.get_by_text(UNTIL).count() == 0  # not final yet
    sign_out(page)

    confirm(page, live_server, "bo")
    expect(page.get_by_text(UNTIL)).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "frontline")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name=re.compile("Interview of")).click()
    page.get_by_role("link", name="Lodge an appeal").click()
    page.locator("#id_grounds").fill("My poverty and debts were not weighed.")
    page.get_by_role("button", name="Lodge the appeal").click()
    expect(page.get_by_text(re.compile("Appeal lodged on"))).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "chen")
    page.get_by_role("link", name="Decisions").click()
    page.get_by_role("link", name=re.compile("Case C-")).last.click()
    page.get_by_role("link", name=re.compile("Decide the appeal")).click()
    decide(page, "Dara Moreau", "Early support granted")
    sign_out(page)

    confirm(page, live_server, "dara")
    assert page.get_by_role(
        "heading", name=re.compile("On appeal: Early support granted")
    ).is_visible()
    page.get_by_role("link", name=re.compile("person's copy")).click()
    expect(page.get_by_text("the team decided that you will have early support")).to_be_visible()
