"""Comparing two years of an assessment, and the report as a Word document."""

import io

import docx
import pytest
from django.urls import reverse

from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.diligence import actions
from haven.diligence.compare import Side, compare
from haven.diligence.models import Finding
from haven.testing.fixtures import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db):
    return make_organisation("Rapporteur's office", OrgType.CENTRAL_GOVERNMENT, "SI")


@pytest.fixture
def author(office):
    return make_user(office, Role.MONITORING_BODY, username="author")


@pytest.fixture
def reviewer(office):
    return make_user(office, Role.MONITORING_BODY, username="reviewer")


def _signed(author, reviewer, year, results, *, sign=True):
    assessment = actions.do_start_assessment(
        state="SI", area="remedies", year=year, acting_user=author
    )
    for finding in assessment.findings.order_by("pk"):
        result, narrative, citation = results.get(finding.criterion, (Finding.MET, "Works.", ""))
        evidence = [{"kind": "figure", "citation": citation, "note": ""}] if citation else []
        actions.do_record_finding(finding, result=result, narrative=narrative,
                                  evidence=evidence, acting_user=author)  # fmt: skip
    if sign:
        actions.do_sign_off(assessment, acting_user=reviewer)
    return assessment


def test_compare_reports_each_criterion_with_what_changed():
    before = {"a": Side("not_met", "None paid.", ("Court statistics 2025",)), "b": Side("met", "x")}
    after = {"a": Side("partly_met", "Two paid.", ("Fund report 2026",)), "b": Side("met", " x ")}
    changes = {c.criterion: c for c in compare(before, after, ["b", "a"])}
    assert list(changes) == ["b", "a"]
    assert changes["a"].result_changed and changes["a"].narrative_changed
    assert changes["a"].added == ("Fund report 2026",)
    assert changes["a"].removed == ("Court statistics 2025",)
    assert not changes["b"].changed  # spacing is no change


def test_a_criterion_only_one_year_has_is_still_compared():
    (change,) = compare({}, {"new": Side("met", "Now assessed.")})
    assert change.before is None and change.result_changed


def test_the_comparison_page_uses_the_latest_signed_off_version_of_each_year(
    client, author, reviewer
):
    _signed(
        author,
        reviewer,
        2025,
        {"remedies.compensation": (Finding.NOT_MET, "No one paid.", "Court statistics 2025")},
    )
    _signed(author, reviewer, 2026, {"remedies.compensation": (Finding.NOT_MET, "Old.", "")})
    latest = _signed(
        author,
        reviewer,
        2026,
        {
            "remedies.compensation": (
                Finding.PARTLY,
                "Two victims paid from the State fund.",
                "Fund report 2026",
            )
        },
    )
    _signed(author, reviewer, 2026, {"remedies.compensation": (Finding.MET, "Draft.", "")},
            sign=False)  # fmt: skip
    client.force_login(author)
    page = client.get(
        reverse("diligence:assessment_compare"),
        {"state": "SI", "area": "remedies", "first": 2025, "second": 2026},
    ).content.decode()
    assert reverse("diligence:assessment", args=[latest.pk]) in page
    assert "Two victims paid from the State fund." in page and "Draft." not in page
    assert "Not met → Partly met" in page
    assert "Evidence added: Fund report 2026" in page
    assert "Evidence dropped: Court statistics 2025" in page
    assert 'id="change-remedies.information" class="unchanged"' in page
    event = AuditEvent.objects.get(action="assessment.compared")
    assert event.details["years"] == [2025, 2026]


def test_a_year_without_a_signed_off_version_is_said_so(client, author, reviewer):
    _signed(author, reviewer, 2026, {})
    client.force_login(author)
    page = client.get(
        reverse("diligence:assessment_compare"),
        {"state": "SI", "area": "remedies", "first": 2024, "second": 2026},
    ).content.decode()
    assert "No signed-off assessment for 2024." in page


def test_a_caseworker_and_a_plan_manager_are_refused_the_comparison(client, office, frontline):
    url = reverse("diligence:assessment_compare")
    for user in (frontline, make_user(office, Role.PLAN_MANAGER, username="planner")):
        client.force_login(user)
        assert client.get(url, {"state": "SI", "area": "remedies"}).status_code == 403
    assert not AuditEvent.objects.filter(action="assessment.compared").exists()


def _docx_text(content):
    document = docx.Document(io.BytesIO(content))
    return document, "\n".join(p.text for p in document.paragraphs)


def test_the_report_downloads_as_a_word_document_with_every_citation(client, author, reviewer):
    assessment = _signed(author, reviewer, 2026, {
        "remedies.compensation": (Finding.NOT_MET, "No victim was compensated.",
                                  "Court statistics 2026"),
    })  # fmt: skip
    client.force_login(author)
    url = reverse("diligence:assessment_print", args=[assessment.pk])
    response = client.get(url, {"format": "docx"})
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert 'filename="assessment-SI-remedies-2026-v1.docx"' in response["Content-Disposition"]
    document, text = _docx_text(response.content)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert len(headings) == 3  # every criterion of the area
    assert headings[1].startswith("2. Is there a State compensation scheme")
    assert "Obligation (ensure remedies):" in text
    assert "Council of Europe Anti-Trafficking Convention, art. 15" in text  # legal basis
    assert "A/70/260, paras. 34, 35, 36" in text  # 001 paragraphs
    assert "Finding: Not met" in text and "No victim was compensated." in text
    assert "figure: Court statistics 2026" in text
    assert "Version 1, Signed off" in text
    assert AuditEvent.objects.filter(action="assessment.downloaded").count() == 1


def test_a_caseworker_cannot_download_the_report_and_a_missing_one_is_not_found(
    client, author, reviewer, frontline
):
    assessment = _signed(author, reviewer, 2026, {})
    url = reverse("diligence:assessment_print", args=[assessment.pk])
    client.force_login(frontline)
    assert client.get(url, {"format": "docx"}).status_code == 403
    client.force_login(author)
    missing = reverse("diligence:assessment_print", args=[assessment.pk + 999])
    assert client.get(missing, {"format": "docx"}).status_code == 404
    assert not AuditEvent.objects.filter(action="assessment.downloaded").exists()
