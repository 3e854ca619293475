"""The only writers of haven.diligence. Each runs in one transaction with one audit event whose
details hold ids, codes and counts only."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.action import action
from haven.audit.log import record
from haven.diligence.answers import answer
from haven.diligence.framework import data_kind, framework, suggest_tags
from haven.diligence.matrix import MatrixRecommendation
from haven.diligence.models import (
    Assessment,
    Finding,
    Indicator,
    Institution,
    Measure,
    ProgressReport,
    Recommendation,
)
from haven.diligence.plan import due_dates
from haven.law.loader import law


def _require(user: User, capability: Capability) -> None:
    if not (user.is_active and user.can(capability)):
        raise PermissionDenied(
            gettext("%(user)s may not %(capability)s")
            % {"user": user.get_username(), "capability": capability.value}
        )


def _tag(rec: Recommendation) -> None:
    if rec.tags_corrected:
        return  # a person's correction outlives re-import
    tags = suggest_tags(rec.text, rec.themes)
    rec.areas, rec.rights, rec.tag_evidence = tags["areas"], tags["rights"], tags["evidence"]


@action()
def do_import_matrix(
    items: Sequence[MatrixRecommendation],
    *,
    state: str,
    mechanism: str,
    cycle: int,
    acting_user: User,
) -> dict[str, int]:
    """Write one recommendation per number; re-importing a cycle updates it in place."""
    _require(acting_user, Capability.MANAGE_PLAN)
    created = updated = 0
    for item in items:
        rec, new = Recommendation.objects.get_or_create(
            state=state, mechanism=mechanism, cycle=cycle, number=item.number,
            defaults={"origin": Recommendation.IMPORTED, "text": item.text},
        )  # fmt: skip
        _fill(rec, item)
        _tag(rec)
        rec.save()
        created, updated = created + new, updated + (not new)
    counts = {"created": created, "updated": updated, "total": len(items)}
    details = {"state": state, "mechanism": mechanism, "cycle": cycle, **counts}
    target = f"{state}/{mechanism}/{cycle}"
    record(actor=acting_user, action="recommendation.imported", details=details,
           target_type="diligence.recommendation", target_id=target)  # fmt: skip
    return counts


def _fill(rec: Recommendation, item: MatrixRecommendation) -> None:
    rec.text = item.text
    rec.recommending_states = item.recommending_states
    rec.position = item.position
    rec.position_source = item.position_source or ""
    rec.themes, rec.sdgs, rec.affected_persons = item.themes, item.sdgs, item.affected_persons


@action()
def do_create_recommendation(*, acting_user: User, **fields: Any) -> Recommendation:
    _require(acting_user, Capability.MANAGE_PLAN)
    rec = Recommendation(origin=Recommendation.MANUAL, **fields)
    _tag(rec)
    rec.full_clean()
    rec.save()
    record(actor=acting_user, action="recommendation.created", target=rec)
    return rec


@action()
def do_adopt_guidance(guidance: Any, *, state: str, acting_user: User) -> Recommendation:
    """A corpus guidance row becomes a recommendation that keeps its paragraph and citation."""
    _require(acting_user, Capability.MANAGE_PLAN)
    rec = Recommendation(
        state=state, mechanism=(guidance.mandate or guidance.document.label)[:40],
        number=f"guidance-{guidance.pk}", text=guidance.text,
        origin=Recommendation.GUIDANCE, source_citation=guidance.citation,
        source_guidance=guidance, source_paragraph=guidance.paragraph, themes=list(guidance.topics),
    )  # fmt: skip
    _tag(rec)
    rec.save()
    record(actor=acting_user, action="recommendation.adopted", target=rec,
           details={"guidance": guidance.pk})  # fmt: skip
    return rec


@action()
def do_correct_tags(
    rec: Recommendation, *, areas: Iterable[str], rights: Iterable[str], acting_user: User
) -> Recommendation:
    _require(acting_user, Capability.MANAGE_PLAN)
    known_areas, known_rights = framework().areas, law().rights
    unknown = [c for c in areas if c not in known_areas] + [
        c for c in rights if c not in known_rights
    ]
    if unknown:
        raise ValidationError(
            gettext("unknown area or right: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    rec.areas, rec.rights = list(areas), list(rights)
    rec.tags_corrected = True
    rec.save()
    record(actor=acting_user, action="recommendation.tags_corrected", target=rec,
           details={"areas": rec.areas, "rights": rec.rights})  # fmt: skip
    return rec


PUBLISHABLE: dict[str, tuple[Any, str]] = {
    "recommendation": (Recommendation, "recommendation.published"),
    "measure": (Measure, "measure.published"),
    "report": (ProgressReport, "progress.published"),
}


@action()
def do_publish(kind: str, pk: int, *, published: bool, acting_user: User) -> Any:
    """Only the plan manager decides what the public portal shows."""
    _require(acting_user, Capability.MANAGE_PLAN)
    model, name = PUBLISHABLE[kind]
    item = model.objects.select_for_update().get(pk=pk)
    item.published = published
    item.save(update_fields=["published"])
    record(actor=acting_user, action=name, target=item, details={"published": published})
    return item


@action()
def do_add_institution(*, state: str, name: str, kind: str, acting_user: User) -> Institution:
    _require(acting_user, Capability.MANAGE_PLAN)
    institution = Institution(state=state, name=name.strip(), kind=kind)
    institution.full_clean()
    institution.save()
    record(actor=acting_user, action="institution.created", target=institution)
    return institution


@action()
def do_create_measure(
    recommendations: Sequence[Recommendation],
    *,
    title: str,
    institution: Institution,
    target_date: date | None,
    acting_user: User,
    description: str = "",
) -> Measure:
    """One measure may answer many recommendations (a cluster)."""
    _require(acting_user, Capability.MANAGE_PLAN)
    if not recommendations:
        raise ValidationError(gettext("a measure answers at least one recommendation"))
    measure = Measure.objects.create(
        state=institution.state, title=title, description=description, institution=institution,
        target_date=target_date, created_by=acting_user,
    )  # fmt: skip
    measure.recommendations.set(recommendations)
    record(actor=acting_user, action="measure.created", target=measure,
           details={"recommendations": [r.pk for r in recommendations]})  # fmt: skip
    return measure


@action()
def do_set_measure_status(measure: Measure, *, status: str, acting_user: User) -> Measure:
    _require(acting_user, Capability.REPORT_PROGRESS)
    if status not in dict(Measure.STATUSES):
        raise ValidationError(gettext("unknown status %(status)s") % {"status": status})
    measure.status = status
    measure.save(update_fields=["status"])
    record(actor=acting_user, action="measure.status_changed", target=measure,
           details={"status": status})  # fmt: skip
    return measure


@action()
def do_add_indicator(
    measure: Measure, *, name: str, manager: User, start: date, end: date,
    frequency_months: int, acting_user: User,
) -> Indicator:  # fmt: skip
    _require(acting_user, Capability.MANAGE_PLAN)
    due_dates(start, end, frequency_months)  # raises ValueError on a bad schedule
    indicator = Indicator.objects.create(
        measure=measure, name=name, manager=manager, start=start, end=end,
        frequency_months=frequency_months,
    )  # fmt: skip
    record(actor=acting_user, action="indicator.created", target=indicator,
           details={"measure": measure.pk, "frequency_months": frequency_months})  # fmt: skip
    return indicator


@action()
def do_report_progress(
    indicator: Indicator, *, due_date: date, text: str, figures: dict[str, Any],
    evidence: str, acting_user: User,
) -> ProgressReport:  # fmt: skip
    """The indicator's manager, or the plan manager, reports for one of its due dates."""
    _require(acting_user, Capability.REPORT_PROGRESS)
    if indicator.manager_id != acting_user.pk and not acting_user.can(Capability.MANAGE_PLAN):
        raise PermissionDenied(
            gettext("only the indicator's manager or the plan manager reports on it")
        )
    schedule = due_dates(indicator.start, indicator.end, indicator.frequency_months)
    if due_date not in schedule:
        raise ValidationError(
            gettext("%(date)s is not a due date of this indicator") % {"date": due_date}
        )
    if not text.strip():
        raise ValidationError(gettext("a progress report needs its text"))
    report = ProgressReport.objects.create(
        indicator=indicator, due_date=due_date, text=text, figures=figures, evidence=evidence,
        author=acting_user,
    )  # fmt: skip
    record(actor=acting_user, action="progress.reported", target=report,
           details={"indicator": indicator.pk, "due_date": due_date.isoformat(),
                    "figures": len(figures)})  # fmt: skip
    return report


@action()
def do_start_assessment(*, state: str, area: str, year: int, acting_user: User) -> Assessment:
    """A new version; it starts from the findings of the latest version, if any."""
    _require(acting_user, Capability.ASSESS_DUE_DILIGENCE)
    if area not in framework().areas:
        raise ValidationError(gettext("unknown area %(area)s") % {"area": area})
    same = Assessment.objects.filter(state=state, area=area, year=year)
    latest = same.order_by("-version").first()
    version = (same.aggregate(top=Max("version"))["top"] or 0) + 1
    assessment = Assessment.objects.create(
        state=state, area=area, year=year, version=version, author=acting_user
    )
    previous = {f.criterion: f for f in latest.findings.all()} if latest else {}
    for obligation in framework().obligations_for(area):
        for criterion in obligation.criteria:
            old = previous.get(criterion.code)
            Finding.objects.create(
                assessment=assessment, criterion=criterion.code,
                result=old.result if old else Finding.NOT_ASSESSED,
                narrative=old.narrative if old else "", evidence=old.evidence if old else [],
            )  # fmt: skip
    record(actor=acting_user, action="assessment.started", target=assessment,
           details={"area": area, "year": year, "version": version})  # fmt: skip
    return assessment


@action()
def do_record_finding(
    finding: Finding, *, result: str, narrative: str, evidence: list[dict[str, str]],
    acting_user: User,
) -> Finding:  # fmt: skip
    _require(acting_user, Capability.ASSESS_DUE_DILIGENCE)
    if finding.assessment.status != Assessment.DRAFT:
        raise ValidationError(gettext("a signed-off assessment is final: start a new version"))
    if result not in dict(Finding.RESULTS):
        raise ValidationError(gettext("unknown finding %(result)s") % {"result": result})
    if result != Finding.NOT_ASSESSED and not narrative.strip():
        raise ValidationError(
            gettext("a finding needs a narrative on the effect of what the State did")
        )
    if any(not item.get("citation", "").strip() for item in evidence):
        raise ValidationError(gettext("every piece of evidence needs its citation"))
    finding.result, finding.narrative, finding.evidence = result, narrative, evidence
    finding.save()
    record(actor=acting_user, action="finding.recorded", target=finding,
           details={"assessment": finding.assessment_id, "criterion": finding.criterion,
                    "result": result, "evidence": len(evidence)})  # fmt: skip
    return finding


@action()
def do_attach_data_evidence(finding: Finding, *, source: str, acting_user: User) -> Finding:
    """One click: the answer Haven's own data gives to the criterion becomes evidence.

    The answer is worked out again here, from the source the criterion names, so what is
    attached is what the data says now and never text sent by the browser. The finding and
    its narrative are left as the assessor wrote them."""
    _require(acting_user, Capability.ASSESS_DUE_DILIGENCE)
    if data_kind(source) == "stats":
        _require(acting_user, Capability.VIEW_AGGREGATES)
    assessment = finding.assessment
    if assessment.status != Assessment.DRAFT:
        raise ValidationError(gettext("a signed-off assessment is final: start a new version"))
    found = framework().criterion(finding.criterion)
    if found is None or source not in found[1].data:
        raise ValidationError(gettext("this criterion has no such source of data"))
    given = answer(source, state=assessment.state)
    if given is None or not given.settled:
        raise ValidationError(gettext("Haven's data gives no answer to this criterion yet"))
    item = given.evidence()
    if item in finding.evidence:
        raise ValidationError(gettext("this evidence is already attached"))
    finding.evidence = [*finding.evidence, item]
    finding.save(update_fields=["evidence"])
    record(actor=acting_user, action="finding.data_attached", target=finding,
           details={"assessment": assessment.pk, "criterion": finding.criterion,
                    "source": source})  # fmt: skip
    return finding


@action()
def do_sign_off(assessment: Assessment, *, acting_user: User) -> Assessment:
    """Four eyes: whoever signs off is not the author."""
    _require(acting_user, Capability.ASSESS_DUE_DILIGENCE)
    if assessment.author_id == acting_user.pk:
        raise PermissionDenied(
            gettext("an assessment is signed off by someone other than its author")
        )
    if assessment.status != Assessment.DRAFT:
        raise ValidationError(gettext("this version is already signed off"))
    findings = list(assessment.findings.all())
    if all(f.result == Finding.NOT_ASSESSED for f in findings):
        raise ValidationError(gettext("nothing has been assessed yet"))
    assessment.status = Assessment.SIGNED_OFF
    assessment.signed_off_by, assessment.signed_off_at = acting_user, timezone.now()
    assessment.save()
    record(actor=acting_user, action="assessment.signed_off", target=assessment,
           details={"version": assessment.version, "findings": len(findings)})  # fmt: skip
    return assessment


@action()
def do_open_recommendation(finding: Finding, *, acting_user: User) -> Recommendation:
    """An unmet or partly met finding becomes a recommendation the plan can answer."""
    _require(acting_user, Capability.ASSESS_DUE_DILIGENCE)
    if finding.result not in (Finding.NOT_MET, Finding.PARTLY):
        raise ValidationError(
            gettext("only a finding that is not met or partly met opens a recommendation")
        )
    assessment = finding.assessment
    found = framework().criterion(finding.criterion)
    question = found[1].question if found else finding.criterion
    rec = Recommendation(
        state=assessment.state, mechanism="Haven assessment", cycle=assessment.year,
        number=f"{assessment.area}/{finding.criterion}/v{assessment.version}",
        text=f"{question} Finding: {finding.get_result_display()}. {finding.narrative}",
        origin=Recommendation.ASSESSMENT, areas=[assessment.area], tags_corrected=True,
        source_citation=found[0].citation if found else "",
    )  # fmt: skip
    rec.save()
    record(actor=acting_user, action="finding.opened_recommendation", target=rec,
           details={"finding": finding.pk})  # fmt: skip
    return rec
