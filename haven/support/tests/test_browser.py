"""A support plan made with the person, in Debian's chromium: their goals, one service they
consent to, and one milestone reached."""

import re

import pytest
from playwright.sync_api import expect

from haven.cases.actions import do_open_case
from haven.core.tests.test_browser import sign_in
from haven.support.models import Service, SupportPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_plan_with_one_consented_service_and_one_achieved_milestone(page, live_server, frontline):
    case = do_open_case(first_name="Mai", acting_user=frontline)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    sign_in(page, live_server, "frontline")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name="Make a support plan with the person").click()

    page.get_by_label("The person's goals, in their own words").fill(
        "I want to work in a bakery and rent my own room."
    )
    page.get_by_label("Livelihood").check()
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_text("The support plan is saved.")).to_be_visible()

    page.get_by_role("link", name="Propose a service").click()
    page.get_by_label("Service").select_option("vocational_training")
    page.get_by_label("Or another provider").fill("City Bakery School")
    page.get_by_role("button", name="Propose the service").click()
    page.get_by_role("button", name="Record consent to vocational training").click()
    expect(page.get_by_text("Consent to Vocational training recorded.")).to_be_visible()
    page.get_by_role("link", name="Change vocational training").click()
    page.get_by_label("Status").select_option("agreed")
    page.get_by_role("button", name="Save the service").click()
    expect(page.get_by_role("heading", name="Vocational training: Agreed")).to_be_visible()

    page.get_by_role("link", name="Add a milestone").click()
    page.get_by_label("Milestone").select_option("safe_housing")
    page.get_by_role("button", name="Add the milestone").click()
    page.get_by_role("button", name="Mark safe housing achieved").click()
    expect(
        page.get_by_role("heading", name=re.compile("Safe housing: achieved on"))
    ).to_be_visible()

    page.get_by_role("link", name="Back to the case").click()
    expect(page.get_by_text("Vocational training (agreed)")).to_be_visible()
    service = Service.objects.get()
    assert service.consented and service.status == "agreed"
    assert SupportPlan.objects.get().milestones.get().achieved_on is not None
