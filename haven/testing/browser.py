"""Playwright with Debian's chromium. Absent browser: a skip on a developer's machine, a failure
under CI=true, where browser tests must run."""

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from haven.testing.shared import unavailable

CHROMIUM = Path("/usr/bin/chromium")
# Chromium on this network must not reach out on its own; these flags keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (make test does so as root)"
    unavailable(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are still synchronous, so Django's async-safety guard does not apply to them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page: Any, live_server: Any, username: str, password: str | None = None) -> None:
    """Sign in through the real pages: password, then the second factor when the roles need
    it (the persona's authenticator code, or enrolling one from the key the page shows)."""
    from django_otp.oath import TOTP

    from haven.accounts.models import User
    from haven.testing.fixtures import PASSWORD, totp_code, totp_device

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/second-factor/enrol/" in page.url:
        key = base64.b32decode(page.locator("#totp-secret").inner_text().strip())
        page.get_by_label("Code").fill(f"{TOTP(key).token():06d}")
        page.get_by_role("button", name="Confirm").click()
        page.get_by_role("link", name="Continue").click()
    elif "/second-factor/" in page.url:
        page.get_by_label("Code").fill(totp_code(totp_device(User.objects.get(username=username))))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/")
