"""A trafficking recommendation followed from the real matrix to the public portal, and an
assessment signed off and printed, and an answer from Haven's data attached with one click and
carried into the Word report, in Debian's chromium."""

import io
import re
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from haven.accounts.roles import OrgType, Role
from haven.core.tests.test_browser import sign_in, sign_out
from haven.diligence.models import Recommendation
from haven.diligence.tests.conftest import MATRICES
from haven.law.models import JurisdictionProfile
from haven.testing.fixtures import make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ministry(db):
    return make_organisation("Ministry of the Interior", OrgType.CENTRAL_GOVERNMENT, "SI")


def test_a_trafficking_recommendation_goes_from_import_to_the_public_portal(
    page, live_server, samples, ministry
):
    make_user(ministry, Role.PLAN_MANAGER, username="planner")
    make_user(ministry, Role.GOVERNMENT_FOCAL_POINT, username="focal")
    indicator_url = _import_and_plan(page, live_server, samples)
    _report_as_focal_point(page, live_server)
    _publish_all(page, live_server, indicator_url)
    page.goto(f"{live_server.url}/diligence/public/")
    entry = page.locator("article.portal-entry")
    assert entry.count() == 1
    assert entry.get_by_text("UPR 3 recommendation 121.24 (SI)").is_visible()
    assert entry.get_by_text("Measure: Fund specialised assistance for victims").is_visible()
    assert entry.get_by_text("Two new shelters opened with specialised staff.").is_visible()
    assert entry.get_by_text("victims assisted: 42").is_visible()
    content = page.content()
    assert "focal" not in content and "planner" not in content


def _import_and_plan(page, live_server, samples):
    sign_in(page, live_server, "planner")
    page.get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("link", name="Import a matrix").click()
    page.get_by_label("Thematic-list matrix (.docx)").set_input_files(str(samples / MATRICES[1]))
    page.get_by_label("State (required)", exact=True).select_option("SI")
    page.get_by_label("Cycle").fill("3")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("215 recommendations imported (215 new, 0 updated).")).to_be_visible()

    page.get_by_role("link", name="Institutions").click()
    page.get_by_label("State (required)", exact=True).select_option("SI")
    page.get_by_label("Name of the body").fill("Ministry of the Interior")
    page.get_by_role("button", name="Add institution").click()

    page.goto(f"{live_server.url}/diligence/?state=SI&theme=trafficking")
    page.get_by_role("link", name="UPR 3 121.24").click()
    assert page.get_by_text("Area: Identification, assistance and support").is_visible()
    page.get_by_label("Measure (required)", exact=True).fill(
        "Fund specialised assistance for victims"
    )
    page.get_by_label("Responsible institution").select_option(label="Ministry of the Interior")
    page.get_by_label("Target date").fill("2027-06-30")
    page.get_by_role("button", name="Create measure").click()

    start = date.today() - timedelta(days=80)
    page.get_by_label("Indicator (required)", exact=True).fill("Victims assisted")
    page.get_by_label("Manager").select_option(label="focal")
    page.get_by_label("Start").fill(start.isoformat())
    page.get_by_label("End").fill((start + timedelta(days=365)).isoformat())
    page.get_by_label("Reporting frequency").select_option("3")
    page.get_by_role("button", name="Add indicator").click()
    first_due = page.locator("tbody tr").first
    assert "Due within 30 days" in first_due.inner_text()
    indicator_url = page.url
    sign_out(page)
    return indicator_url


def _report_as_focal_point(page, live_server):
    sign_in(page, live_server, "focal")
    page.goto(f"{live_server.url}/diligence/due/")
    page.get_by_role("link", name="Victims assisted").first.click()
    page.get_by_label("Progress").fill("Two new shelters opened with specialised staff.")
    page.get_by_label("Figures").fill("victims assisted = 42")
    page.get_by_label("Evidence (citation or document reference)").fill("Annual report 2026, p. 4")
    page.get_by_role("button", name="Submit report").click()
    assert "Reported" in page.locator("tbody tr").first.inner_text()
    sign_out(page)


def _publish_all(page, live_server, indicator_url):
    sign_in(page, live_server, "planner")
    rec = Recommendation.objects.get(number="121.24", cycle=3)
    page.goto(f"{live_server.url}/diligence/recommendations/{rec.pk}/")
    page.get_by_role("button", name="Publish the recommendation").click()
    page.get_by_role("link", name="Fund specialised assistance for victims").click()
    page.get_by_role("button", name="Publish the measure").click()
    page.goto(indicator_url)
    page.get_by_role("button", name="Publish the report").click()
    sign_out(page)


def test_an_area_is_assessed_on_three_criteria_signed_off_by_another_and_printed(
    page, live_server, ministry
):
    make_user(ministry, Role.MONITORING_BODY, username="rapporteur")
    make_user(ministry, Role.MONITORING_BODY, username="reviewer")
    sign_in(page, live_server, "rapporteur")
    page.goto(f"{live_server.url}/diligence/assessments/")
    page.get_by_label("State (required)", exact=True).select_option("SI")
    page.get_by_label("Area").select_option("identification_assistance")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Start assessment").click()
    sections = page.locator("section.criterion")
    assert sections.count() == 3
    answers = [
        ("met", "Training reached every labour inspector; identifications doubled.",
         "figure | Haven statistics 2026, identified persons | doubled since 2025"),
        ("partly_met", "Assistance is offered without conditions in law, not always in practice.",
         "corpus | A/70/260, para. 25 | assistance not tied to cooperation"),
        ("not_met", "No reflection period was granted in the year.",
         "document | Ministry reply of 3 March 2026 | no permits issued"),
    ]  # fmt: skip
    for index, (result, narrative, evidence) in enumerate(answers):
        section = page.locator("section.criterion").nth(index)
        section.get_by_label("Finding").select_option(result)
        section.get_by_label("Narrative on effect").fill(narrative)
        section.get_by_label("Evidence").fill(evidence)
        section.get_by_role("button", name="Save finding").click()
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("signed off by someone other than its author")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/diligence/assessments/")
    page.get_by_role("link", name="Identification, assistance and support").click()
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text(re.compile(r"signed off by reviewer on"))).to_be_visible()
    page.get_by_role("button", name="Open a recommendation").last.click()
    expect(page.get_by_text("A recommendation was opened for the plan.")).to_be_visible()
    page.get_by_role("link", name="Printable report").click()
    for citation in ("A/70/260, paras. 24, 25, 27, 28, 49", "A/70/260, para. 25",
                     "Ministry reply of 3 March 2026", "Haven statistics 2026"):  # fmt: skip
        expect(page.get_by_text(citation).first).to_be_visible()
    expect(page.get_by_text("Finding: Not met")).to_be_visible()
    assert page.locator("h2").count() == 3


def test_an_answer_from_the_law_is_attached_with_one_click_and_reaches_the_word_report(
    page, live_server, ministry
):
    JurisdictionProfile.objects.create(
        code="SI", name="Slovenia", definition_profile="eu_directive_2011_36", reflection_days=20
    )
    make_user(ministry, Role.MONITORING_BODY, username="rapporteur")
    sign_in(page, live_server, "rapporteur")
    page.goto(f"{live_server.url}/diligence/assessments/")
    page.get_by_label("State (required)", exact=True).select_option("SI")
    page.get_by_label("Area").select_option("identification_assistance")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Start assessment").click()
    reflection = page.locator("#criterion-assistance\\.reflection")
    expect(reflection.get_by_text("reflection period of 20 days")).to_be_visible()
    reflection.get_by_role("button", name="Attach as evidence").first.click()
    expect(page.get_by_text("was attached as evidence")).to_be_visible()
    expect(reflection.get_by_text("Attached as evidence.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Report as a Word document").click()
    content = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "Haven jurisdiction profile SI, version 1" in text and "art. 13" in text
    sign_out(page)
