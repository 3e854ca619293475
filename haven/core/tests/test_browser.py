"""End to end in Debian's chromium: what a person does with a mouse and keyboard."""

import re

import pytest
from playwright.sync_api import expect

from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.cases.actions import do_open_case
from haven.testing.browser import sign_in
from haven.testing.fixtures import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/accounts/login/$"))


@pytest.mark.usefixtures("org_admin", "system_admin")
def test_an_org_admin_invites_a_user_a_second_admin_confirms_and_the_user_enrols(
    page, live_server, ngo, mailoutbox
):
    sign_in(page, live_server, "orgadmin")
    page.get_by_role("link", name="Manage users").click()
    page.get_by_role("link", name="Invite a user").click()
    page.get_by_label("Email").fill("nadia@ngo.example")
    page.get_by_label("First name").fill("Nadia")
    page.get_by_label("Front-line worker").check()
    page.get_by_role("button", name="Invite").click()
    username = page.locator("#invited-username").inner_text().strip()
    assert "second administrator" in page.locator("#invitation-state").inner_text()
    assert mailoutbox == []
    sign_out(page)

    sign_in(page, live_server, "sysadmin")
    member = User.objects.get(username=username)
    page.goto(f"{live_server.url}/accounts/members/{member.pk}/")
    page.get_by_role("button", name="Confirm invitation").click()
    [message] = mailoutbox
    assert message.to == ["nadia@ngo.example"]
    link = re.search(r"http\S+/accounts/invitation/\S+/", message.body).group(0)
    sign_out(page)

    page.goto(link)
    new_password = "a long and private passphrase 81"
    page.locator("#id_new_password1").fill(new_password)
    page.get_by_label("New password confirmation").fill(new_password)
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url(re.compile(r".*/accounts/login/$"))

    sign_in(page, live_server, username, new_password)  # enrols the authenticator
    expect(page.get_by_text("Your roles: Front-line worker")).to_be_visible()
    assert page.get_by_role("link", name="My organisation").count() == 0
    response = page.goto(f"{live_server.url}/accounts/organisations/{ngo.pk}/invite/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    page.goto(f"{live_server.url}/system/admin/")
    assert "/accounts/login/" in page.url


def test_the_firewall_holds_in_the_browser(page, live_server, ngo, police):
    worker = make_user(ngo, Role.FRONTLINE_WORKER, username="worker")
    make_user(police, Role.ENFORCEMENT_OFFICER, Role.CASE_MANAGER, username="officer")
    case = do_open_case(first_name="Zainab", second_name="Haddad", acting_user=worker)

    sign_in(page, live_server, "worker")
    page.get_by_role("link", name="Cases", exact=True).first.click()
    expect(page.get_by_role("cell", name="Zainab Haddad")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "officer")
    assert page.get_by_role(
        "heading", name="Support records are closed to enforcement"
    ).is_visible()
    assert page.get_by_role("link", name="Cases", exact=True).count() == 0
    for path in (
        f"/cases/{case.pk}/",
        "/cases/",
        "/cases/search/?first_name=Zainab&purpose=safeguarding",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status in (403, 404)
        assert "Zainab" not in page.content()


def test_pages_work_on_a_phone_sized_screen_with_local_assets_only(browser, live_server, frontline):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, live_server, "frontline")
    page.get_by_role("link", name="Open a case").first.click()
    page.get_by_label("First name").fill("Ion")
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", name=re.compile(r"Case C-\d+"))).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert all(url.startswith(live_server.url) for url in requests)
    context.close()


def test_the_skip_link_is_the_first_stop_for_keyboard_users(page, live_server, frontline):
    sign_in(page, live_server, "frontline")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
