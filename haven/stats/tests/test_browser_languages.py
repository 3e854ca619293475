"""In Debian's chromium: a coordinator switches the interface to French, then to Arabic, and the
statistics follow: indicator names, categories and the charts' labels in the chosen language,
figures grouped by its rules, the page right to left in Arabic. Screenshots are saved under a
temporary folder (HAVEN_SCREENSHOT_DIR to choose it) and their paths printed."""

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from haven.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("HAVEN_SCREENSHOT_DIR") or tempfile.gettempdir()) / "haven-stats"


def _choose(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def _shot(page, name, capsys):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    with capsys.disabled():
        print(f"\nscreenshot: {path}")


def test_the_dashboard_follows_the_chosen_language(page, live_server, coordinator, cases, capsys):
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/stats/")
    _choose(page, "Français")
    expect(page.get_by_role("heading", name="Types d’exploitation")).to_be_visible()
    exploitation = page.locator("#indicator-type_of_exploitation")
    expect(exploitation.locator("svg text", has_text="Travail forcé")).to_have_count(1)
    assert (
        exploitation.locator("svg")
        .get_attribute("aria-label")
        .startswith("Types d’exploitation : graphique")
    )
    assert page.locator("td.suppressed.primary").first.inner_text() == "moins de 11"
    _shot(page, "dashboard-fr", capsys)

    _choose(page, "العربية")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="أنواع الاستغلال")).to_be_visible()
    expect(exploitation.locator("svg text", has_text="العمل الجبري")).to_have_count(1)
    assert page.locator("td.suppressed.primary").first.inner_text() == "أقل من 11"
    _shot(page, "dashboard-ar", capsys)

    page.goto(f"{live_server.url}/stats/report/?year=2024")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_contain_text("تقرير عن الاتجار بالأشخاص، 2024")
