"""Recommendations to a State and the plan that answers them (docs/diligence.md): read the
recommendations, measures and indicators, add a measure, set its status and report progress for
an indicator's due date. Through `diligence.access` (audited, fail-closed) and
`diligence.actions`, as the pages."""

from datetime import date
from typing import Any

from django.db import IntegrityError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from haven.accounts.roles import Capability
from haven.api.auth import Scoped
from haven.api.routes.common import WRITE_ERRORS, acting, responses
from haven.api.schemas import (
    IndicatorOut,
    MeasureIn,
    MeasureOut,
    MeasureStatusIn,
    ProgressIn,
    ProgressOut,
    RecommendationOut,
)
from haven.core.versioning import CONFLICT, EditConflict
from haven.diligence import access, actions
from haven.diligence.models import Indicator, Institution, Measure, ProgressReport, Recommendation
from haven.diligence.plan import classify_due, due_dates

router = Router(tags=["recommendations"])
READ = Scoped("recommendations:read", Capability.READ_PLAN)


class RecommendationFilter(Schema):
    state: str = ""
    theme: str = ""
    position: str = ""
    area: str = ""


def _recommendation(rec: Recommendation) -> dict[str, Any]:
    fields = (
        "state", "mechanism", "cycle", "number", "text", "recommending_states", "position",
        "themes", "sdgs", "affected_persons", "areas", "rights", "source_citation", "published",
    )  # fmt: skip
    measures = [m.pk for m in rec.measures.all()]
    return {"id": rec.pk, **{f: getattr(rec, f) for f in fields}, "measure_ids": measures}


def _measure(measure: Measure) -> dict[str, Any]:
    fields = ("state", "title", "description", "institution_id", "target_date", "status")
    return {
        "id": measure.pk,
        **{f: getattr(measure, f) for f in fields},
        "institution": measure.institution.name,
        "published": measure.published,
        "recommendation_ids": [r.pk for r in measure.recommendations.all()],
        "indicator_ids": [i.pk for i in measure.indicators.all()],
    }


def _report(report: ProgressReport) -> dict[str, Any]:
    fields = ("indicator_id", "due_date", "text", "figures", "evidence", "submitted_at")
    return {"id": report.pk, **{f: getattr(report, f) for f in fields}}


def _indicator(indicator: Indicator) -> dict[str, Any]:
    schedule = due_dates(indicator.start, indicator.end, indicator.frequency_months)
    reports = list(indicator.reports.all())
    status = classify_due(schedule, {r.due_date for r in reports}, timezone.localdate())
    fields = ("measure_id", "name", "manager_id", "start", "end", "frequency_months")
    return {
        "id": indicator.pk,
        **{f: getattr(indicator, f) for f in fields},
        "due_dates": schedule,
        "overdue": status["overdue"],
        "due_soon": status["due_soon"],
        "reports": [_report(r) for r in reports],
    }


@router.get(
    "/recommendations",
    auth=READ,
    response=responses(200, list[RecommendationOut]),
    summary="Recommendations to States, filtered by state, theme, position or area",
)
def list_recommendations(
    request: HttpRequest, filters: Query[RecommendationFilter]
) -> list[dict[str, Any]]:
    found = access.list_recommendations(acting(request), **filters.model_dump())
    return [_recommendation(r) for r in found]


@router.get(
    "/recommendations/{recommendation_id}",
    auth=READ,
    response=responses(200, RecommendationOut),
    summary="One recommendation and the measures answering it",
)
def read_recommendation(request: HttpRequest, recommendation_id: int) -> dict[str, Any]:
    return _recommendation(access.access_recommendation(acting(request), recommendation_id))


@router.post(
    "/recommendations/{recommendation_id}/measures",
    auth=Scoped("recommendations:write", Capability.MANAGE_PLAN),
    response=responses(201, MeasureOut, WRITE_ERRORS),
    summary="Add a measure answering this recommendation (and others of its State: `also`)",
)
def add_measure(request: HttpRequest, recommendation_id: int, payload: MeasureIn) -> Status:
    user = acting(request)
    rec = access.access_recommendation(user, recommendation_id)
    wanted = set(payload.also)
    others = [r for r in access.list_clusters_source(user, rec.state) if r.pk in wanted]
    institution = Institution.objects.filter(pk=payload.institution_id).first()
    if institution is None:
        raise Http404("No such institution")
    measure = actions.do_create_measure(
        [rec, *[r for r in others if r.pk != rec.pk]],
        title=payload.title,
        description=payload.description,
        institution=institution,
        target_date=payload.target_date,
        acting_user=user,
    )
    return Status(201, _measure(measure))


@router.get(
    "/measures/{measure_id}",
    auth=READ,
    response=responses(200, MeasureOut),
    summary="One measure of the plan, with its indicators",
)
def read_measure(request: HttpRequest, measure_id: int) -> dict[str, Any]:
    return _measure(access.access_measure(acting(request), measure_id))


@router.post(
    "/measures/{measure_id}/status",
    auth=Scoped("recommendations:write", Capability.REPORT_PROGRESS),
    response=responses(200, MeasureOut, WRITE_ERRORS),
    summary="Set a measure's status",
)
def set_measure_status(
    request: HttpRequest, measure_id: int, payload: MeasureStatusIn
) -> dict[str, Any]:
    user = acting(request)
    measure = access.access_measure(user, measure_id)
    return _measure(actions.do_set_measure_status(measure, status=payload.status, acting_user=user))


@router.get(
    "/indicators/{indicator_id}",
    auth=READ,
    response=responses(200, IndicatorOut),
    summary="One indicator: its reporting schedule, what is overdue or due soon, its reports",
)
def read_indicator(request: HttpRequest, indicator_id: int) -> dict[str, Any]:
    return _indicator(access.access_indicator(acting(request), indicator_id))


@router.post(
    "/indicators/{indicator_id}/reports",
    auth=Scoped("recommendations:write", Capability.REPORT_PROGRESS),
    response=responses(201, ProgressOut, WRITE_ERRORS),
    summary="Report progress for one of the indicator's due dates (its or the plan's manager)",
)
def report_progress(request: HttpRequest, indicator_id: int, payload: ProgressIn) -> Status:
    user = acting(request)
    indicator = access.access_indicator(user, indicator_id)
    if _reported(indicator, payload.due_date):
        raise EditConflict(CONFLICT)
    try:
        report = actions.do_report_progress(indicator, acting_user=user, **payload.model_dump())
    except IntegrityError:  # reported by someone else between the check and the insert
        raise EditConflict(CONFLICT) from None
    return Status(201, _report(report))


def _reported(indicator: Indicator, due_date: date) -> bool:
    return indicator.reports.filter(due_date=due_date).exists()
