"""One person's path in Debian's chromium: screening, consent, referral accepted by a second
organisation, a support plan with a milestone, a compensation claim, and closing the case."""

import re

import pytest
from playwright.sync_api import expect

from haven.accounts.roles import Role
from haven.core.tests.test_browser import sign_in, sign_out
from haven.law.actions import do_load_builtin_jurisdictions
from haven.testing.fixtures import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_case_and_screen(page) -> str:
    page.get_by_role("link", name="Open a case").first.click()
    page.get_by_label("First name").fill("Rosa")
    page.get_by_role("button", name="Open case").click()
    case_url = page.url
    page.get_by_role("link", name="Hold a screening interview").click()
    page.get_by_label("Where did you meet?").select_option("shelter")
    page.locator("#id_vuln_extreme_poverty").check()
    page.locator("#id_consent_to_record_0").check()
    page.get_by_role("button", name=re.compile("Record the interview")).click()
    expect(page.get_by_role("heading", name="Early support: recommended")).to_be_visible()
    return case_url


def consent_and_refer(page, case_url: str, partner: str) -> None:
    page.goto(case_url)
    page.get_by_role("link", name="Consents").click()
    page.locator("#id_purpose").select_option("sharing")
    page.locator("#id_organisation").select_option(label=partner)
    page.get_by_role("button", name="Record consent").click()
    page.goto(case_url)
    page.get_by_role("link", name="Refer this case").click()
    page.get_by_label("Refer to").select_option(label=f"{partner}: consent to sharing on record")
    page.get_by_label("Reason for the referral (HTCDS)").select_option("AdditionalServicesRequired")
    page.get_by_label(re.compile("Person: name")).check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("heading", name=re.compile("Referral R-.*: Sent"))).to_be_visible()


def accept_referral(page) -> None:
    page.get_by_role("link", name="Referrals").click()
    page.get_by_role("link", name=re.compile("from Safe Harbour")).click()
    page.get_by_role("button", name="Accept the referral").click()
    expect(page.get_by_role("heading", name=re.compile("Referral R-.*: Accepted"))).to_be_visible()


def plan_with_a_milestone(page, case_url: str) -> None:
    page.goto(case_url)
    page.get_by_role("link", name="Make a support plan with the person").click()
    page.get_by_label("The person's goals, in their own words").fill("A safe home and a job.")
    page.get_by_role("button", name="Start the plan").click()
    page.get_by_role("link", name="Add a milestone").click()
    page.get_by_label("Milestone").select_option("safe_housing")
    page.get_by_role("button", name="Add the milestone").click()
    page.get_by_role("button", name="Mark safe housing achieved").click()
    expect(
        page.get_by_role("heading", name=re.compile("Safe housing: achieved on"))
    ).to_be_visible()


def claim_compensation(page, case_url: str) -> None:
    page.goto(case_url)
    page.get_by_role("link", name="Add a remedy claim").click()
    page.get_by_label("Form of remedy").select_option("compensation")
    page.get_by_label("Through").select_option("civil")
    page.get_by_label("Currency").fill("EUR")
    page.get_by_label("Amount claimed").fill("5000")
    page.get_by_role("button", name="Save the claim").click()
    expect(page.get_by_text("The claim is recorded.")).to_be_visible()


def close_case(page, case_url: str) -> None:
    page.goto(case_url)
    page.get_by_role("link", name="Edit status and assignment").click()
    page.locator("#id_status").select_option("Closed")
    page.locator("#id_closure_reason").fill("Safe, housed and working; she asked to close it.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("dl.record").get_by_text("Closed", exact=True)).to_be_visible()


def test_one_person_from_screening_to_case_closure(page, live_server, ngo, other_ngo, frontline):
    do_load_builtin_jurisdictions()
    make_user(other_ngo, Role.FRONTLINE_WORKER, username="shelterworker")
    sign_in(page, live_server, "frontline")
    case_url = open_case_and_screen(page)
    consent_and_refer(page, case_url, other_ngo.name)
    sign_out(page)
    sign_in(page, live_server, "shelterworker")
    accept_referral(page)
    sign_out(page)
    sign_in(page, live_server, "frontline")
    plan_with_a_milestone(page, case_url)
    claim_compensation(page, case_url)
    close_case(page, case_url)
    timeline = page.locator("ol.timeline")
    steps = (
        "Case opened",
        "Screening interview recorded",
        "Consent recorded",
        "Referred to another organisation",
        "Referral accepted",
        "Case status or assignment changed",
    )
    for step in steps:
        assert timeline.get_by_text(step).first.is_visible(), step
