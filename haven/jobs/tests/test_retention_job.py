"""Retention started on the page runs in a worker, on either queue back-end, erasing what has
expired as the daily run does; only a system administrator starts it."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from haven.audit.models import AuditEvent
from haven.cases import actions
from haven.cases.models import Case, CaseStatus
from haven.jobs.models import Job
from haven.jobs.tests.test_jobs import rq_backend  # noqa: F401  # the Redis back-end fixture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def expired_case(frontline, org_admin, ngo):
    case = actions.do_open_case(first_name="Ilinca", acting_user=frontline)
    closed = {"status": CaseStatus.CLOSED, "closed_on": datetime.date(2020, 1, 31)}
    Case.objects.filter(pk=case.pk).update(**closed)
    actions.do_set_retention_policy(
        organisation=ngo, months_after_closure=12, acting_user=org_admin
    )
    return case


def _start(client, user) -> Job:
    client.force_login(user)
    assert client.post(reverse("jobs:retention")).status_code == 302
    return Job.objects.get(requested_by=user)


def _erased(case: Case) -> bool:
    return Case.objects.get(pk=case.pk).erased_on is not None


def test_retention_runs_in_the_worker_and_reports_what_it_erased(
    client, system_admin, expired_case
):
    job = _start(client, system_admin)
    assert not _erased(expired_case)  # nothing happens until a worker runs it
    call_command("worker", "--burst")
    job.refresh_from_db()
    assert (job.status, job.percent, job.result["cases"]) == (Job.Status.SUCCEEDED, 100, 1)
    assert job.result["items_erased"] > 0 and not job.has_output
    assert _erased(expired_case)
    assert AuditEvent.objects.filter(action="retention.erased").count() == 1
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Items erased" in page


def test_who_does_not_administer_the_system_cannot_start_retention(client, org_admin, expired_case):
    client.force_login(org_admin)
    assert client.post(reverse("jobs:retention")).status_code in (403, 404)
    assert not Job.objects.exists() and not _erased(expired_case)


def test_the_redis_back_end_runs_retention(client, system_admin, expired_case, rq_backend):  # noqa: F811
    from django_tasks_rq import Job as RQJob
    from rq import SimpleWorker

    job = _start(client, system_admin)
    SimpleWorker([rq_backend], connection=rq_backend.connection, job_class=RQJob).work(burst=True)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and _erased(expired_case)
