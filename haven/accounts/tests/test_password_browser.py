"""In Debian's chromium: a forgotten password reset by e-mail, the second factor still asked; and
the generated administrator password changed at first sign-in."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from haven.accounts import actions, password_reset
from haven.accounts.models import User
from haven.testing.fixtures import totp_code, totp_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "a long and private passphrase 64"


def _password_form(page, password):
    page.locator("#id_new_password1").fill(password)
    page.get_by_label("New password confirmation").fill(password)


def _sign_in_with_password(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_forgotten_password_is_reset_by_e_mail_and_the_second_factor_still_asked(
    page, live_server, case_manager, mailoutbox
):
    User.objects.filter(pk=case_manager.pk).update(email="cm@ngo.example")
    device = totp_device(case_manager)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("E-mail address").fill("cm@ngo.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("#reset-sent")).to_be_visible()
    password_reset.wait_for_deliveries()
    [message] = mailoutbox
    link = re.search(r"http\S+/accounts/password/reset/\S+/\S+/", message.body).group(0)

    page.goto(link)
    _password_form(page, NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.locator("#reset-complete")).to_be_visible()

    _sign_in_with_password(page, live_server, "casemanager", NEW_PASSWORD)
    assert "/accounts/second-factor/" in page.url  # the link alone does not get in
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(link)
    assert page.locator("#reset-invalid").is_visible()  # the link worked once


def test_the_generated_administrator_password_is_changed_at_first_sign_in(page, live_server):
    _admin, generated = actions.do_create_system_admin(username="admin")
    _sign_in_with_password(page, live_server, "admin", generated)
    key = base64.b32decode(page.locator("#totp-secret").inner_text().strip())
    page.get_by_label("Code").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/accounts/password/")
    expect(page.locator("#password-change-required")).to_be_visible()
    page.goto(f"{live_server.url}/accounts/organisations/")
    assert page.url == f"{live_server.url}/accounts/password/"
    page.get_by_label("Old password").fill(generated)
    _password_form(page, NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/organisations/")
    expect(page.get_by_role("heading", name="Organisations")).to_be_visible()
