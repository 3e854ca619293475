"""Criteria answered from data Haven already holds: the jurisdiction profile, the legal gap
report and the disclosure-controlled statistics, offered as evidence the assessor attaches."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.cases.models import Case, Deadline
from haven.diligence import actions
from haven.diligence.answers import answer
from haven.diligence.framework import framework
from haven.diligence.models import Finding
from haven.law.loader import law
from haven.law.models import JurisdictionProfile
from haven.stats import synthetic
from haven.stats.indicators import indicators
from haven.testing.fixtures import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db):
    return make_organisation("Rapporteur's office", OrgType.CENTRAL_GOVERNMENT, "SI")


@pytest.fixture
def monitor(office):
    return make_user(office, Role.MONITORING_BODY, username="monitor")


@pytest.fixture
def slovenia(db):
    """A jurisdiction profile entered for SI: 20 days, legal aid yes, compensation not entered."""
    return JurisdictionProfile.objects.create(
        code="SI", name="Slovenia", definition_profile="eu_directive_2011_36",
        reflection_days=20, free_legal_aid=True,
    )  # fmt: skip


def _finding(assessment, code):
    return assessment.findings.get(criterion=code)


def _assessment(monitor, area):
    return actions.do_start_assessment(state="SI", area=area, year=2026, acting_user=monitor)


def test_every_source_a_criterion_names_exists_in_the_law_or_the_statistics():
    gap_rules, stats = set(law().gaps), {i.id for i in indicators()}
    sources = [s for o in framework().obligations for c in o.criteria for s in c.data]
    assert "reflection_period" in sources
    for source in sources:
        kind, _, code = source.partition(":")
        assert kind == "reflection_period" or code in (gap_rules if kind == "gap" else stats)


def test_the_reflection_period_is_answered_from_the_profile_with_its_citations(slovenia):
    found = answer("reflection_period", state="SI")
    assert "20 days" in found.text and found.kind == "law"
    assert "jurisdiction profile SI" in found.citation
    assert "art. 13" in found.citation  # the instrument article of the right
    assert "document 00" in found.citation  # and the seed passage


def test_the_gap_report_answers_with_gap_ok_or_not_entered(slovenia):
    gap = answer("gap:reflection_below_floor", state="SI")
    assert gap.text.startswith("Gap:") and "20 days" in gap.text and gap.settled
    assert "art. 13" in gap.citation and "legal gap report, SI" in gap.citation
    assert answer("gap:no_free_legal_aid", state="SI").text.startswith("No gap")
    unknown = answer("gap:no_state_compensation_fund", state="SI")
    assert not unknown.settled and unknown.text.startswith("Not entered")


def test_a_state_without_a_jurisdiction_profile_has_no_legal_answer(db):
    assert answer("reflection_period", state="SI") is None
    assert answer("gap:no_free_legal_aid", state="SI") is None


@pytest.fixture
def three_periods(db):
    """Three persons in SI whose reflection period has ended: too few to show."""
    ngo = make_organisation("Safe Harbour Ljubljana", OrgType.NGO, "SI")
    worker = make_user(ngo, Role.FRONTLINE_WORKER, username="worker")
    synthetic.populate([ngo], worker, 3, seed=5)
    ended = datetime.date.today() - datetime.timedelta(days=10)
    for case in Case.objects.filter(organisation=ngo):
        Deadline.objects.create(case=case, code="reflection_period", title="Reflection",
                                due_on=ended, source="manual")  # fmt: skip
    return worker


def test_figures_are_disclosure_controlled_and_never_an_exact_small_count(three_periods):
    found = answer("stats:reflection_periods", state="SI")
    assert found.kind == "figure" and "disclosure-controlled" in found.citation
    assert "suppressed" in found.text
    assert ": 3" not in found.text and "3 records" not in found.text
    assert "Council of Europe Convention art. 13" in found.citation  # the indicator's basis


def test_the_assessor_sees_the_answers_and_attaches_one_with_a_click(
    client, monitor, slovenia, three_periods
):
    assessment = _assessment(monitor, "identification_assistance")
    finding = _finding(assessment, "assistance.reflection")
    client.force_login(monitor)
    url = reverse("diligence:assessment", args=[assessment.pk])
    page = client.get(url).content.decode()
    assert "grants a recovery and reflection period of 20 days" in page
    assert 'name="attach" value="reflection_period"' in page
    assert 'value="stats:reflection_periods"' in page  # figures too: a monitor views aggregates
    assert AuditEvent.objects.filter(action="assessment.data_read").exists()
    client.post(url, {"finding": finding.pk, "attach": "reflection_period"})
    finding.refresh_from_db()
    assert [e["kind"] for e in finding.evidence] == ["law"]
    assert "art. 13" in finding.evidence[0]["citation"]
    assert finding.result == Finding.NOT_ASSESSED and finding.narrative == ""  # still theirs
    event = AuditEvent.objects.get(action="finding.data_attached")
    assert event.details["source"] == "reflection_period"
    assert "Attached as evidence." in client.get(url).content.decode()


def test_an_attached_answer_survives_saving_the_finding_form(client, monitor, slovenia):
    assessment = _assessment(monitor, "identification_assistance")
    finding = _finding(assessment, "assistance.reflection")
    actions.do_attach_data_evidence(finding, source="reflection_period", acting_user=monitor)
    client.force_login(monitor)
    item = finding.evidence[0]
    client.post(
        reverse("diligence:assessment", args=[assessment.pk]),
        {"finding": finding.pk, f"f{finding.pk}-result": "partly_met",
         f"f{finding.pk}-narrative": "Twenty days, and few reach its end.",
         f"f{finding.pk}-evidence": f"law | {item['citation']} | {item['note']}"},
    )  # fmt: skip
    finding.refresh_from_db()
    assert finding.result == Finding.PARTLY and finding.evidence == [item]


def test_an_answer_is_attached_once_and_only_from_the_criterion_s_own_sources(monitor, slovenia):
    finding = _finding(_assessment(monitor, "identification_assistance"), "assistance.reflection")
    actions.do_attach_data_evidence(finding, source="reflection_period", acting_user=monitor)
    with pytest.raises(ValidationError, match="already attached"):
        actions.do_attach_data_evidence(finding, source="reflection_period", acting_user=monitor)
    with pytest.raises(ValidationError, match="no such source"):
        actions.do_attach_data_evidence(
            finding, source="gap:no_free_legal_aid", acting_user=monitor
        )
    unknown = _finding(finding.assessment, "assistance.unconditional")  # not entered for SI
    with pytest.raises(ValidationError, match="no answer"):
        actions.do_attach_data_evidence(
            unknown, source="gap:assistance_conditional_on_cooperation", acting_user=monitor
        )


def test_nothing_is_attached_to_a_signed_off_version(monitor, office, slovenia):
    assessment = _assessment(monitor, "identification_assistance")
    finding = _finding(assessment, "assistance.reflection")
    actions.do_record_finding(finding, result=Finding.MET, narrative="Works.", evidence=[],
                              acting_user=monitor)  # fmt: skip
    reviewer = make_user(office, Role.MONITORING_BODY, username="reviewer")
    actions.do_sign_off(assessment, acting_user=reviewer)
    finding.refresh_from_db()
    with pytest.raises(ValidationError, match="final"):
        actions.do_attach_data_evidence(finding, source="reflection_period", acting_user=monitor)


def test_a_plan_manager_may_not_attach_evidence_and_a_caseworker_is_refused_the_page(
    client, monitor, office, slovenia, frontline
):
    assessment = _assessment(monitor, "identification_assistance")
    finding = _finding(assessment, "assistance.reflection")
    planner = make_user(office, Role.PLAN_MANAGER, username="planner")
    with pytest.raises(PermissionDenied):
        actions.do_attach_data_evidence(finding, source="reflection_period", acting_user=planner)
    url = reverse("diligence:assessment", args=[assessment.pk])
    client.force_login(frontline)
    assert client.get(url).status_code == 403
    attach = {"finding": finding.pk, "attach": "reflection_period"}
    assert client.post(url, attach).status_code == 403
    finding.refresh_from_db()
    assert finding.evidence == []
    assert not AuditEvent.objects.filter(action="assessment.data_read").exists()


def test_figures_of_k_or_more_persons_are_shown(db):
    ngo = make_organisation("Safe Harbour Maribor", OrgType.NGO, "SI")
    worker = make_user(ngo, Role.FRONTLINE_WORKER, username="worker")
    synthetic.populate([ngo], worker, 30, seed=6)
    ended = datetime.date.today() - datetime.timedelta(days=10)
    for case in Case.objects.filter(organisation=ngo):
        Deadline.objects.create(case=case, code="reflection_period", title="Reflection",
                                due_on=ended, source="manual")  # fmt: skip
    found = answer("stats:reflection_periods", state="SI")
    assert "Records with a value: 30." in found.text and "suppressed" not in found.text
