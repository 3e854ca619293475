"""The writers: four eyes on sign-off, narratives required, versions, adoption of guidance."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.corpus.models import Document, Guidance, Paragraph
from haven.diligence import actions
from haven.diligence.audit_names import AUDIT_ACTIONS
from haven.diligence.models import Assessment, Finding, Recommendation
from haven.testing.fixtures import make_organisation, make_user

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parents[1]


@pytest.fixture
def body(db):
    return make_organisation("Rapporteur's office", OrgType.CENTRAL_GOVERNMENT, "SI")


@pytest.fixture
def author(body):
    return make_user(body, Role.MONITORING_BODY, username="author")


@pytest.fixture
def reviewer(body):
    return make_user(body, Role.MONITORING_BODY, username="reviewer")


def _assessed(author):
    assessment = actions.do_start_assessment(
        state="SI", area="remedies", year=2026, acting_user=author
    )
    for finding in assessment.findings.all():
        actions.do_record_finding(
            finding, result=Finding.NOT_MET, narrative="No victim was compensated.",
            evidence=[{"kind": "figure", "citation": "Court statistics 2026", "note": ""}],
            acting_user=author,
        )  # fmt: skip
    return assessment


def test_an_assessment_has_the_area_s_three_criteria(author):
    assessment = actions.do_start_assessment(
        state="SI", area="remedies", year=2026, acting_user=author
    )
    assert assessment.findings.count() == 3
    assert set(assessment.findings.values_list("result", flat=True)) == {Finding.NOT_ASSESSED}


def test_a_finding_without_a_narrative_is_refused(author):
    assessment = actions.do_start_assessment(
        state="SI", area="remedies", year=2026, acting_user=author
    )
    finding = assessment.findings.first()
    with pytest.raises(ValidationError, match="narrative"):
        actions.do_record_finding(finding, result=Finding.MET, narrative=" ", evidence=[],
                                  acting_user=author)  # fmt: skip
    with pytest.raises(ValidationError, match="citation"):
        actions.do_record_finding(finding, result=Finding.MET, narrative="Works.",
                                  evidence=[{"kind": "document", "citation": ""}],
                                  acting_user=author)  # fmt: skip


def test_the_author_cannot_sign_off_and_the_database_refuses_it_too(author, reviewer):
    assessment = _assessed(author)
    with pytest.raises(PermissionDenied, match="someone other than its author"):
        actions.do_sign_off(assessment, acting_user=author)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(signed_off_by=author)
    actions.do_sign_off(assessment, acting_user=reviewer)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.SIGNED_OFF and assessment.signed_off_by == reviewer


def test_a_signed_off_version_is_final_and_a_new_version_starts_from_it(author, reviewer):
    assessment = _assessed(author)
    actions.do_sign_off(assessment, acting_user=reviewer)
    with pytest.raises(ValidationError, match="final"):
        actions.do_record_finding(
            assessment.findings.first(),
            result=Finding.MET,
            narrative="Changed.",
            evidence=[],
            acting_user=author,
        )
    second = actions.do_start_assessment(
        state="SI", area="remedies", year=2026, acting_user=reviewer
    )
    assert second.version == 2 and second.status == Assessment.DRAFT
    assert set(second.findings.values_list("result", flat=True)) == {Finding.NOT_MET}


def test_nothing_assessed_cannot_be_signed_off(author, reviewer):
    assessment = actions.do_start_assessment(
        state="SI", area="remedies", year=2026, acting_user=author
    )
    with pytest.raises(ValidationError, match="nothing has been assessed"):
        actions.do_sign_off(assessment, acting_user=reviewer)


def test_an_unmet_finding_opens_a_recommendation_citing_the_obligation(author):
    assessment = _assessed(author)
    rec = actions.do_open_recommendation(assessment.findings.first(), acting_user=author)
    assert rec.origin == Recommendation.ASSESSMENT and rec.areas == ["remedies"]
    assert rec.source_citation == "A/70/260, paras. 34, 35, 36"


def test_a_focal_point_cannot_assess_or_manage(body):
    focal = make_user(body, Role.GOVERNMENT_FOCAL_POINT)
    with pytest.raises(PermissionDenied):
        actions.do_start_assessment(state="SI", area="remedies", year=2026, acting_user=focal)
    with pytest.raises(PermissionDenied):
        actions.do_add_institution(state="SI", name="X", kind="ministry", acting_user=focal)


def test_adopted_guidance_keeps_its_paragraph_and_citation(body):
    planner = make_user(body, Role.PLAN_MANAGER)
    document = Document.objects.create(key="A/99/1", symbol="A/99/1", source_filename="x.txt")
    paragraph = Paragraph.objects.create(
        document=document, position=1, locator="7", text="States should fund shelters.",
        citation="A/99/1, para. 7", first_line=1, last_line=1,
    )  # fmt: skip
    guidance = Guidance.objects.create(
        document=document, paragraph=paragraph, kind=Guidance.EXTRACTED, key="7", position=1,
        text="States should fund shelters for victims of trafficking.",
        citation="A/99/1, para. 7", strength="should", topics=["assistance"],
    )  # fmt: skip
    rec = actions.do_adopt_guidance(guidance, state="SI", acting_user=planner)
    assert (rec.source_paragraph, rec.source_citation, rec.origin) == (
        paragraph, "A/99/1, para. 7", Recommendation.GUIDANCE,
    )  # fmt: skip
    assert "safe_accommodation" in rec.rights
    assert AuditEvent.objects.filter(action="recommendation.adopted").count() == 1


# Where each audit helper takes the action name: record(action=...), _audit(user, NAME),
# _get(user, capability, rows, pk, NAME).
NAME_AT = {"record": None, "_audit": 1, "_get": 4}


def _name_of(node: ast.Call) -> str | None:
    name = getattr(node.func, "id", "")
    if name not in NAME_AT:
        return None
    index = NAME_AT[name]
    value = (
        next((k.value for k in node.keywords if k.arg == "action"), None)
        if index is None
        else (node.args[index] if len(node.args) > index else None)
    )
    return value.value if isinstance(value, ast.Constant) else None


def _recorded_names() -> set[str]:
    names = {
        _name_of(node)
        for path in APP.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
    }
    declared = {name for _, name in actions.PUBLISHABLE.values()}
    return {name for name in names if name} | declared


def test_every_audit_name_recorded_is_declared_and_every_declared_one_is_used():
    recorded = _recorded_names()
    assert recorded == set(AUDIT_ACTIONS)
    assert set(AUDIT_ACTIONS.values()) == {"read", "write"}


def test_every_writer_is_an_action():
    tree = ast.parse((APP / "actions.py").read_text())
    writers = [f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name.startswith("do_")]
    assert writers and all(
        any(
            isinstance(d, ast.Call) and getattr(d.func, "id", "") == "action"
            for d in f.decorator_list
        )
        for f in writers
    )
