"""Recording a compensation claim, in Debian's chromium."""

import datetime

import pytest
from django.utils.formats import date_format
from playwright.sync_api import expect

from haven.cases.actions import do_open_case
from haven.core.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_records_a_compensation_claim_and_sees_its_deadline(
    page, live_server, ngo, frontline
):
    case = do_open_case(first_name="Ana", acting_user=frontline)
    sign_in(page, live_server, "frontline")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name="Add a remedy claim").click()
    page.get_by_label("Form of remedy").select_option("compensation")
    page.get_by_label("Through").select_option("state_fund")
    page.get_by_label("Currency").fill("eur")
    page.get_by_label("Amount claimed").fill("8500.50")
    page.get_by_label("Amount awarded").fill("8000")
    page.get_by_label("Amount paid").fill("9000")
    page.get_by_label("Last day to file the claim").fill("2026-12-31")
    page.get_by_role("button", name="Save the claim").click()
    # Beside its field (and again, as a link to it, in the error summary at the top).
    assert (
        page.locator("#id_amount_paid_error")
        .get_by_text("is more than the amount awarded")
        .is_visible()
    )

    page.get_by_label("Amount paid").fill("2000")
    page.get_by_role("button", name="Save the claim").click()
    expect(page.get_by_text("The claim is recorded.")).to_be_visible()
    section = page.locator("#proceedings")
    assert section.get_by_role("cell", name="8,500.50 EUR").is_visible()
    assert section.get_by_role("cell", name="State compensation fund").is_visible()
    due = date_format(datetime.date(2026, 12, 31), "DATE_FORMAT")  # the case page's own format
    assert page.get_by_text(
        f"Last day to file the compensation claim (State compensation fund): {due}"
    ).is_visible()
