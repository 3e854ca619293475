"""The legal knowledge base in Debian's chromium: reading it, and a coordinator editing it."""

import re

import pytest
from playwright.sync_api import expect

from haven.accounts.roles import OrgType, Role
from haven.core.tests.test_browser import sign_in
from haven.law.actions import do_load_builtin_jurisdictions
from haven.testing.fixtures import make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_reads_a_right_with_its_basis_and_follows_it_to_the_article(
    page, live_server, frontline
):
    sign_in(page, live_server, "frontline")
    page.get_by_role("link", name="Law", exact=True).click()
    page.get_by_role("link", name=re.compile("rights and duties")).click()
    page.get_by_role("link", name="Recovery and reflection period").click()
    expect(page.get_by_text("Basis:")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"art\. 13$")).first.click()
    expect(page.locator("#art-13")).to_be_visible()


def test_a_coordinator_shortens_a_reflection_period_and_sees_the_gap(page, live_server, db):
    do_load_builtin_jurisdictions()
    ministry = make_organisation("Ministry", OrgType.CENTRAL_GOVERNMENT)
    make_user(ministry, Role.NATIONAL_COORDINATOR, username="coordinator")
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/law/jurisdictions/GB/")
    expect(page.get_by_role("heading", name=re.compile(r"Legal gaps \(0\)"))).to_be_visible()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Reflection days").fill("20")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=re.compile(r"Legal gaps \(1\)"))).to_be_visible()
    expect(page.get_by_text("20 days, under the floor of 30 days.")).to_be_visible()


def test_every_legal_page_renders_in_the_browser(page, live_server, frontline):
    from haven.law.tests.test_views import PAGES

    do_load_builtin_jurisdictions()
    sign_in(page, live_server, "frontline")
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
