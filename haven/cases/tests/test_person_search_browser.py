"""Person search in Debian's chromium on a phone-sized screen: a worker registers a person with
Vietnamese diacritics and finds them again by one name part typed without them, and a second
registration of a spelling variant is flagged on the case page."""

import pytest
from playwright.sync_api import expect

from haven.core.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_case(page, first: str, family: str) -> None:
    page.get_by_role("link", name="Open a case").first.click()
    page.get_by_label("First name").fill(first)
    page.get_by_label("Second (family) name").fill(family)
    page.get_by_role("button", name="Open case").click()


def test_a_worker_finds_a_person_by_one_name_part_spelled_otherwise(
    browser, live_server, frontline
):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    sign_in(page, live_server, "frontline")
    open_case(page, "Thị Lan", "Nguyễn")
    reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Case ")
    page.goto(f"{live_server.url}/cases/")
    open_case(page, "Thi Lan", "Nguyen")
    expect(page.get_by_text("Possible duplicate:")).to_be_visible()
    page.goto(f"{live_server.url}/cases/search/")
    page.get_by_label("Name, or any part of it").fill("ngyuen")
    page.get_by_label("Why are you opening this record?").select_option(index=1)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="Results").wait_for()
    expect(page.get_by_role("link", name=reference).first).to_be_visible()
    expect(page.get_by_text("possible duplicate of").first).to_be_visible()
    context.close()
