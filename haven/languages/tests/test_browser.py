"""Right to left, in Debian's chromium on a phone and on a desktop: choosing العربية in the
header turns the page to Arabic with dir=rtl, and the layout mirrors (built on logical CSS
properties): the brand and the navigation start on the right. Screenshots are saved under a
temporary folder (HAVEN_SCREENSHOT_DIR to choose it) and their paths printed."""

import os
import re
import tempfile
from pathlib import Path

import pytest

from haven.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 800}}
SHOTS = Path(os.environ.get("HAVEN_SCREENSHOT_DIR") or tempfile.gettempdir()) / "haven-languages"


@pytest.fixture(params=sorted(SIZES))
def sized(request, browser):
    context = browser.new_context(viewport=SIZES[request.param])
    page = context.new_page()
    page.set_default_timeout(15000)
    yield request.param, page
    context.close()


def _shot(page, name, capsys):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
    return path


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def _choose(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_the_arabic_sign_in_page_is_right_to_left_and_mirrored(sized, live_server, capsys):
    size, page = sized
    width = SIZES[size]["width"]
    page.goto(f"{live_server.url}/accounts/login/")
    english_brand = _box(page, ".brand")
    assert english_brand["x"] < width / 2  # left to right: the brand starts on the left
    _choose(page, "العربية")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("heading", level=1).inner_text() == "تسجيل الدخول إلى Haven"
    brand = _box(page, ".brand")
    assert brand["x"] + brand["width"] > width - 40  # starts on the right
    label = _box(page, "label[for=id_username]")
    assert label["x"] + label["width"] > width / 2  # form labels align to the right too
    assert page.locator(".review-notice").inner_text().startswith("لم تُراجَع الترجمة بعد.")
    _shot(page, f"login-ar-{size}", capsys)


def test_a_signed_in_worker_switches_to_arabic_and_the_navigation_starts_on_the_right(
    sized, live_server, frontline, capsys
):
    size, page = sized
    width = SIZES[size]["width"]
    sign_in(page, live_server, "frontline")
    _choose(page, "العربية")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    links = page.locator("nav ul > li > a")
    first, second = links.nth(0).bounding_box(), links.nth(1).bounding_box()
    assert links.nth(0).inner_text() == "الرئيسية"
    assert first["x"] + first["width"] > width / 2
    if abs(first["y"] - second["y"]) < 5:  # on one row, the second item is to its left
        assert second["x"] < first["x"]
    _shot(page, f"home-ar-{size}", capsys)
    _choose(page, "Français")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("link", name="Accueil").first.is_visible()
    _shot(page, f"home-fr-{size}", capsys)
    # Remembered: signing out and in again, on this device, keeps French.
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r".*/accounts/login/$"))
    assert page.locator("html").get_attribute("lang") == "fr"
