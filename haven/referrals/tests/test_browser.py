"""A referral in Debian's chromium: consent on record, refer with two sections, the second NGO
accepts, sees only those and opens its own case from them."""

import re

import pytest
from playwright.sync_api import expect

from haven.accounts.roles import Role
from haven.cases.actions import do_add_support_note, do_open_case, do_record_consent
from haven.cases.models import ConsentPurpose, TraffickingEvent
from haven.core.tests.test_browser import sign_in, sign_out
from haven.referrals.tests.conftest import DAY
from haven.testing.fixtures import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_refers_with_consent_and_the_second_ngo_sees_only_the_shared_sections(
    page, live_server, ngo, other_ngo, frontline
):
    make_user(other_ngo, Role.FRONTLINE_WORKER, username="shelterworker")
    case = do_open_case(first_name="Mai", second_name="Ngo", acting_user=frontline)
    TraffickingEvent.objects.create(case=case, event_type="Exploitation", city="Leeds")
    do_add_support_note(case=case, text="Private: talked about her brother", acting_user=frontline)
    do_record_consent(
        case=case,
        purpose=ConsentPurpose.SHARING,
        organisation=other_ngo,
        given_on=DAY,
        acting_user=frontline,
    )

    sign_in(page, live_server, "frontline")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name="Refer this case").click()
    page.get_by_label("Refer to").select_option(
        label="Second Shelter: consent to sharing on record"
    )
    page.get_by_label("Reason for the referral (HTCDS)").select_option("AdditionalServicesRequired")
    page.get_by_label(re.compile("Person: name")).check()
    page.get_by_label(re.compile("Trafficking events: recruitment")).check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("heading", name=re.compile("Referral R-.*: Sent"))).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "shelterworker")
    page.get_by_role("link", name="Referrals").click()
    page.get_by_role("link", name=re.compile(f"case {case.reference}, from Safe Harbour")).click()
    expect(page.get_by_text("until you accept the referral")).to_be_visible()
    page.get_by_role("button", name="Accept the referral").click()
    expect(page.get_by_role("heading", name=re.compile("Referral R-.*: Accepted"))).to_be_visible()
    page.get_by_role("link", name="See what was shared").click()
    expect(page.get_by_role("heading", name="Person")).to_be_visible()
    expect(page.get_by_text("Mai Ngo")).to_be_visible()
    expect(page.get_by_role("heading", name="Trafficking events")).to_be_visible()
    expect(page.get_by_text(re.compile("Exploitation.*Leeds"))).to_be_visible()
    assert page.get_by_role("heading", name="Support notes").count() == 0
    assert page.get_by_text("talked about her brother").count() == 0
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.get_by_role("heading", name=re.compile("Case C-")).count() == 0

    # The shelter opens its own case from the referral, on a phone.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/referrals/")
    page.get_by_role("link", name=re.compile(f"case {case.reference}, from Safe Harbour")).click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Open our own case from this referral").click()
    expect(page.get_by_text(re.compile(r"Case C-\d+ opened from referral R-"))).to_be_visible()
    expect(page.get_by_text("Mai Ngo").first).to_be_visible()
    assert page.get_by_text("talked about her brother").count() == 0  # notes were not shared
    own_case_url = page.url
    assert own_case_url != f"{live_server.url}/cases/{case.pk}/"
    page.go_back()
    page.reload()
    expect(page.get_by_role("link", name=re.compile("opened from this referral"))).to_be_visible()
    assert page.get_by_role("button", name="Open our own case from this referral").count() == 0
