"""In Debian's chromium with its virtual authenticator (DevTools WebAuthn domain): a security key
is enrolled at first sign-in, then signs in in place of the app; a recovery code still works."""

import pytest
from playwright.sync_api import expect

from haven.accounts.models import WebAuthnDevice
from haven.audit.models import AuditEvent
from haven.testing.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _virtual_authenticator(page):
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": False,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    return session.send("WebAuthn.addVirtualAuthenticator", {"options": options})


def _password(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_a_security_key_is_enrolled_and_signs_in_in_place_of_the_app(
    page, live_server, case_manager
):
    _virtual_authenticator(page)
    _password(page, live_server, "casemanager")
    assert "/second-factor/enrol/" in page.url
    page.get_by_label("Name for this key (optional)").fill("laptop")
    page.get_by_role("button", name="Add a security key").click()
    expect(page.locator("#recovery-codes")).to_be_visible()
    recovery_code = page.locator("#recovery-codes code").first.inner_text()
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    key = WebAuthnDevice.objects.get(user=case_manager)
    assert key.name == "laptop"

    _sign_out(page)
    _password(page, live_server, "casemanager")
    assert "/second-factor/" in page.url
    page.get_by_role("button", name="Use security key").click()
    page.wait_for_url(f"{live_server.url}/")
    assert AuditEvent.objects.filter(action="webauthn.used").count() == 1
    key.refresh_from_db()
    assert key.last_used_at is not None

    _sign_out(page)
    _password(page, live_server, "casemanager")
    page.get_by_label("Code").fill(recovery_code)
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/")
