"""In Debian's chromium: a supervisor's exact figures, a coordinator's controlled ones that
cannot be worked back from the totals, and the printable report."""

import re

import pytest
from playwright.sync_api import expect

from haven.cases.models import Case
from haven.core.tests.test_browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tables(page):
    """Each indicator table as ({row label: cell text}, {footer label: cell text})."""
    out = []
    for section in page.locator("section.indicator").all():
        table = section.locator("table")
        if not table.count():
            continue
        body = {
            r.locator("th").inner_text(): r.locator("td").first.inner_text()
            for r in table.locator("tbody tr").all()
        }
        foot = {
            r.locator("th").inner_text(): r.locator("td").first.inner_text()
            for r in table.locator("tfoot tr").all()
        }
        out.append((section.get_attribute("data-kind"), body, foot))
    return out


def _hidden(text):
    return not text.strip().isdigit()


def test_supervisor_exact_coordinator_protected_and_the_report_renders(
    page, live_server, supervisor, coordinator, cases
):
    sign_in(page, live_server, "supervisor")
    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_text("Exact figures")).to_be_visible()
    female = Case.objects.filter(
        organisation=supervisor.organisation, person__gender="Feminine"
    ).count()
    gender = page.locator("#indicator-gender table")
    assert gender.get_by_role("row", name=f"Female {female}").is_visible()
    assert page.locator("td.suppressed").count() == 0
    sign_out(page)

    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Statistics").click()
    assert page.locator("td.suppressed.primary").count() > 0
    assert page.locator("td.suppressed.secondary").count() > 0
    checked = 0
    for kind, body, foot in _tables(page):
        # A published total with exactly one hidden entry under it would give that entry away.
        parts = [foot["Records with a value"], foot["Records without a value"]]
        if kind in ("distribution", "days"):
            parts = [*body.values(), foot["Records without a value"]]
        if not _hidden(foot["All records"]):
            assert sum(map(_hidden, parts)) != 1, (body, foot)
            checked += 1
    assert checked > 10

    page.get_by_role("link", name="Printable yearly report").click()
    expect(page.get_by_role("heading", name=re.compile("^Legal context"))).to_be_visible()
    assert page.locator("h1").inner_text().startswith("Report on trafficking in persons")
    assert page.locator("section.indicator svg").count() > 0
