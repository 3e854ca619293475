"""Recommendations and the plan answering them through the API: `diligence.access` and
`diligence.actions`, as the pages, each read audited; a worker without the plan's
capabilities is refused."""

import pytest

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.diligence import actions
from haven.diligence.models import Measure, ProgressReport, Recommendation
from haven.diligence.plan import due_dates
from haven.testing.fixtures import make_user

from .conftest import bearer, issue_token, post_json

pytestmark = pytest.mark.django_db
READ, WRITE = "recommendations:read", "recommendations:write"


def token(admin, user, *scopes):
    return issue_token(admin, user, list(scopes))[1]


def get(client, url, token):
    return client.get(url, **bearer(token))


def test_recommendations_are_listed_and_read_with_their_measures(
    client, plan, ministry_admin, focal
):
    rec, measure, _ = plan
    mine = token(ministry_admin, focal, READ)
    listed = get(client, "/api/v1/recommendations?state=si", mine).json()
    assert [r["id"] for r in listed] == [rec.pk]
    one = get(client, f"/api/v1/recommendations/{rec.pk}", mine).json()
    assert one["number"] == "140.82" and one["measure_ids"] == [measure.pk]
    assert AuditEvent.objects.filter(action="recommendation.listed", actor=focal).exists()
    assert AuditEvent.objects.filter(action="recommendation.read", target_id=str(rec.pk)).exists()


def test_an_indicator_reads_with_its_schedule_and_what_is_overdue(
    client, plan, ministry_admin, focal
):
    _, _, indicator = plan
    body = get(client, f"/api/v1/indicators/{indicator.pk}", token(ministry_admin, focal, READ))
    schedule = due_dates(indicator.start, indicator.end, indicator.frequency_months)
    assert body.json()["due_dates"] == [d.isoformat() for d in schedule]
    assert body.json()["overdue"] == [schedule[0].isoformat()]


def test_the_indicator_s_manager_reports_progress_once_per_due_date(
    client, plan, ministry_admin, focal
):
    _, _, indicator = plan
    due = due_dates(indicator.start, indicator.end, indicator.frequency_months)[0]
    url = f"/api/v1/indicators/{indicator.pk}/reports"
    body = {"due_date": due.isoformat(), "text": "Twelve new places", "figures": {"places": 12}}
    mine = token(ministry_admin, focal, READ, WRITE)
    made = post_json(client, url, body, mine)
    assert made.status_code == 201 and made.json()["figures"] == {"places": 12.0}
    assert post_json(client, url, body, mine).status_code == 409
    assert ProgressReport.objects.count() == 1
    assert get(client, f"/api/v1/indicators/{indicator.pk}", mine).json()["overdue"] == []


def test_a_report_for_a_day_that_is_not_due_is_refused(client, plan, ministry_admin, focal):
    _, _, indicator = plan
    body = {"due_date": "2001-01-01", "text": "Early", "figures": {}}
    mine = token(ministry_admin, focal, WRITE)
    response = post_json(client, f"/api/v1/indicators/{indicator.pk}/reports", body, mine)
    assert response.status_code == 400 and "not a due date" in response.json()["detail"]


def test_only_the_indicator_s_manager_or_the_plan_manager_reports(
    client, plan, ministry, ministry_admin
):
    _, _, indicator = plan
    other = make_user(ministry, Role.GOVERNMENT_FOCAL_POINT, username="other-focal")
    due = due_dates(indicator.start, indicator.end, indicator.frequency_months)[0]
    body = {"due_date": due.isoformat(), "text": "Not mine", "figures": {}}
    theirs = token(ministry_admin, other, WRITE)
    response = post_json(client, f"/api/v1/indicators/{indicator.pk}/reports", body, theirs)
    assert response.status_code == 403 and not ProgressReport.objects.exists()


def test_the_plan_manager_adds_a_measure_answering_a_cluster(client, plan, ministry_admin, planner):
    rec, measure, _ = plan
    other = actions.do_create_recommendation(
        acting_user=planner, state="SI", mechanism="UPR", cycle=4, number="140.83",
        text="Step up assistance to victims of trafficking", themes=[],
    )  # fmt: skip
    body = {"title": "Train labour inspectors", "institution_id": measure.institution_id,
            "also": [other.pk]}  # fmt: skip
    mine = token(ministry_admin, planner, WRITE)
    made = post_json(client, f"/api/v1/recommendations/{rec.pk}/measures", body, mine)
    assert made.status_code == 201
    assert sorted(made.json()["recommendation_ids"]) == sorted([rec.pk, other.pk])
    status = post_json(client, f"/api/v1/measures/{made.json()['id']}/status",
                       {"status": "in_progress"}, mine)  # fmt: skip
    assert status.json()["status"] == "in_progress"
    assert AuditEvent.objects.filter(action="measure.status_changed").count() == 1


def test_a_focal_point_may_not_add_measures(client, plan, ministry_admin, focal):
    rec, measure, _ = plan
    body = {"title": "Mine", "institution_id": measure.institution_id}
    theirs = token(ministry_admin, focal, WRITE)
    response = post_json(client, f"/api/v1/recommendations/{rec.pk}/measures", body, theirs)
    assert response.status_code == 403 and Measure.objects.count() == 1


def test_a_front_line_worker_is_refused_the_plan(client, plan, org_admin, frontline):
    rec, _, indicator = plan
    theirs = token(org_admin, frontline, READ, WRITE)
    assert get(client, "/api/v1/recommendations", theirs).status_code == 403
    assert get(client, f"/api/v1/recommendations/{rec.pk}", theirs).status_code == 403
    assert get(client, f"/api/v1/indicators/{indicator.pk}", theirs).status_code == 403


def test_a_missing_recommendation_is_404(client, plan, ministry_admin, focal):
    response = get(client, "/api/v1/recommendations/999999", token(ministry_admin, focal, READ))
    assert response.status_code == 404 and Recommendation.objects.count() == 1
