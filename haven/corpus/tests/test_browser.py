"""Search, facets and export in Debian's chromium."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from haven.core.tests.test_browser import sign_in
from haven.corpus.actions import do_ingest_file
from haven.corpus.tests.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ingest(name):
    path = FIXTURES / name
    do_ingest_file(path.name, path.read_bytes(), acting_user=None)


def test_a_worker_searches_narrows_by_a_facet_and_reads_the_paragraph(page, live_server, frontline):
    _ingest("page_break_footnotes.txt")
    _ingest("reference_table.txt")
    sign_in(page, live_server, "frontline")
    page.get_by_role("link", name="Documents", exact=True).click()
    page.get_by_label("Search the documents").fill("States")
    page.get_by_role("button", name="Search").click()
    # count() does not wait: wait for the results page before counting its hits.
    page.locator("ol.results li").first.wait_for()
    everything = page.locator("ol.results li").count()
    assert everything >= 3
    page.get_by_role("link", name=re.compile(r"^Fixture Reference Tool \(\d+\)$")).click()
    page.locator("strong", has_text="Fixture Reference Tool").wait_for()
    assert 0 < page.locator("ol.results li").count() < everything
    page.goto(f"{live_server.url}/corpus/search/?q=rehabilitation")
    page.get_by_role("link", name="A/99/123, para. 3").click()
    page.locator("#para-3").get_by_text("(b) rehabilitation.").wait_for()


def test_a_worker_filters_guidance_and_exports_it(page, live_server, frontline):
    _ingest("reference_table.txt")
    sign_in(page, live_server, "frontline")
    page.goto(f"{live_server.url}/corpus/guidance/")
    page.get_by_label("Topic").select_option("children")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 guidance entry")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.startswith("Source,Guidance") and "CRC/GC/2005/6" in content
    page.get_by_role("link", name="Printable page").click()
    expect(page.get_by_role("columnheader", name="Source")).to_be_visible()
    expect(page.get_by_text("Children at risk of re-trafficking")).to_be_visible()
    # The browser still asks for /favicon.ico after the page shows; a request still running
    # when the test's database is flushed shares SQLite's in-memory connection and fails it.
    page.wait_for_load_state("networkidle")


def test_on_a_phone_the_first_result_shows_without_scrolling_past_filters(
    page, live_server, frontline
):
    _ingest("page_break_footnotes.txt")
    _ingest("reference_table.txt")
    page.set_viewport_size({"width": 375, "height": 700})
    sign_in(page, live_server, "frontline")
    page.goto(f"{live_server.url}/corpus/search/?q=States")
    first = page.locator("ol.results li").first.bounding_box()
    refine = page.get_by_role("complementary", name="Refine").bounding_box()
    assert first is not None and refine is not None
    assert first["y"] < 700 and first["y"] < refine["y"]
