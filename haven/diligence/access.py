"""Every read of haven.diligence, gated fail-closed and audited.

Plan data is not personal data, but who reads an unpublished plan or a draft assessment is
still recorded, and a user without the capability learns nothing: missing and forbidden give
the same 404. The public portal reads only published rows through `published_*`.
"""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.log import record
from haven.diligence.answers import Answer, answers_for
from haven.diligence.framework import framework
from haven.diligence.models import Assessment, Indicator, Measure, ProgressReport, Recommendation


def _allowed(user: Any, capability: Capability) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.can(capability))


def _audit(user: User, name: str, **details: Any) -> None:
    with transaction.atomic():
        record(actor=user, action=name, target_type="diligence", target_id="",
               details=details)  # fmt: skip


def list_recommendations(
    user: User, *, state: str = "", theme: str = "", position: str = "", area: str = ""
) -> list[Recommendation]:
    if not _allowed(user, Capability.READ_PLAN):
        return []
    rows = filter_recommendations(Recommendation.objects.all(), state, theme, position, area)
    found = list(rows)
    _audit(user, "recommendation.listed", state=state, position=position, count=len(found))
    return found


def filter_recommendations(
    rows: QuerySet[Recommendation], state: str, theme: str, position: str, area: str = ""
) -> list[Recommendation]:
    if state:
        rows = rows.filter(state=state.upper())
    if position:
        rows = rows.filter(position=position)
    found = list(rows.prefetch_related("measures"))
    if theme:
        wanted = theme.lower()
        found = [r for r in found if any(wanted in t.lower() for t in r.themes)]
    if area:
        found = [r for r in found if area in r.areas]
    return found


def _get(user: User, capability: Capability, queryset: QuerySet[Any], pk: int, name: str) -> Any:
    if not _allowed(user, capability):
        raise Http404("Not found")
    try:
        item = queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404("Not found") from None
    with transaction.atomic():
        record(actor=user, action=name, target=item)
    return item


def access_recommendation(user: User, pk: int) -> Recommendation:
    return _get(user, Capability.READ_PLAN, Recommendation.objects.all(), pk, "recommendation.read")


def access_measure(user: User, pk: int) -> Measure:
    rows = Measure.objects.select_related("institution")
    return _get(user, Capability.READ_PLAN, rows, pk, "measure.read")


def access_indicator(user: User, pk: int) -> Indicator:
    rows = Indicator.objects.select_related("measure", "manager")
    return _get(user, Capability.READ_PLAN, rows, pk, "indicator.read")


def access_assessment(user: User, pk: int) -> Assessment:
    rows = Assessment.objects.select_related("author", "signed_off_by")
    return _get(user, Capability.ASSESS_DUE_DILIGENCE, rows, pk, "assessment.read")


def download_assessment(user: User, pk: int) -> Assessment:
    """As `access_assessment`, recorded as a download: the report leaves Haven as a file."""
    rows = Assessment.objects.select_related("author", "signed_off_by")
    return _get(user, Capability.ASSESS_DUE_DILIGENCE, rows, pk, "assessment.downloaded")


def data_answers(user: User, assessment: Assessment) -> dict[str, list[Answer]]:
    """Per criterion, what Haven's own data answers for the assessment's State. Figures only for
    a reader who may view aggregates, and then only disclosure-controlled (answers.py)."""
    if not _allowed(user, Capability.ASSESS_DUE_DILIGENCE):
        return {}
    figures = user.can(Capability.VIEW_AGGREGATES)
    found = {
        criterion.code: answers_for(criterion, state=assessment.state, figures=figures)
        for obligation in framework().obligations_for(assessment.area)
        for criterion in obligation.criteria
    }
    count = sum(map(len, found.values()))
    _audit(user, "assessment.data_read", assessment=assessment.pk, state=assessment.state,
           answers=count, figures=figures)  # fmt: skip
    return found


def compare_years(
    user: User, *, state: str, area: str, first: int, second: int
) -> tuple[Assessment | None, Assessment | None]:
    """The latest signed-off version of the State's area in each of the two years (None where
    there is none): drafts are not compared, they may still change."""
    if not _allowed(user, Capability.ASSESS_DUE_DILIGENCE):
        return None, None
    signed = Assessment.objects.filter(
        state=state.upper(), area=area, status=Assessment.SIGNED_OFF
    ).select_related("author", "signed_off_by")
    pair = tuple(signed.filter(year=year).order_by("-version").first() for year in (first, second))
    _audit(user, "assessment.compared", state=state.upper(), area=area, years=[first, second],
           versions=[a.pk if a else None for a in pair])  # fmt: skip
    return pair[0], pair[1]


def list_assessments(user: User) -> list[Assessment]:
    if not _allowed(user, Capability.ASSESS_DUE_DILIGENCE):
        return []
    found = list(Assessment.objects.select_related("author"))
    _audit(user, "assessment.listed", count=len(found))
    return found


def list_indicators_for(user: User) -> list[Indicator]:
    """The indicators whose reports this user owes: their own, or all for the plan manager."""
    if not _allowed(user, Capability.REPORT_PROGRESS):
        return []
    rows = Indicator.objects.select_related("measure").prefetch_related("reports")
    if not user.can(Capability.MANAGE_PLAN):
        rows = rows.filter(manager=user)
    found = list(rows)
    _audit(user, "plan.due_listed", count=len(found))
    return found


def list_clusters_source(user: User, state: str) -> list[Recommendation]:
    if not _allowed(user, Capability.READ_PLAN):
        return []
    found = list(Recommendation.objects.filter(state=state.upper()))
    _audit(user, "plan.clusters_listed", state=state, count=len(found))
    return found


def export_rows(user: User, state: str) -> list[Recommendation]:
    if not _allowed(user, Capability.READ_PLAN):
        return []
    found = list(
        Recommendation.objects.filter(state=state.upper()).prefetch_related(
            "measures__institution", "measures__indicators__reports"
        )
    )
    _audit(user, "recommendation.exported", state=state, count=len(found))
    return found


def published_recommendations(state: str = "") -> list[Recommendation]:
    """For the portal: published rows only, with only their published measures and reports."""
    rows = Recommendation.objects.filter(published=True)
    if state:
        rows = rows.filter(state=state.upper())
    return list(rows)


def published_measures(rec: Recommendation) -> list[Measure]:
    return list(rec.measures.filter(published=True).select_related("institution"))


def published_reports(measure: Measure) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(indicator__measure=measure, published=True).select_related(
            "indicator"
        )
    )


def indicators_owed_by(user: User) -> QuerySet[Indicator]:
    """As `list_indicators_for`, unaudited and unevaluated: for counting what is due on the home
    page and in the navigation (haven.inbox), which shows no plan content beyond names."""
    if not _allowed(user, Capability.REPORT_PROGRESS):
        return Indicator.objects.none()
    rows = Indicator.objects.prefetch_related("reports")
    return rows if user.can(Capability.MANAGE_PLAN) else rows.filter(manager=user)
