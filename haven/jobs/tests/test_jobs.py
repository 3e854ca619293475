"""An export asked for on the page runs in a worker, shows its progress, and only its
requester can read what it made; both queue back-ends run it."""

import json
import os
import socket

import pytest
from django.core.management import call_command
from django.urls import reverse

from haven.accounts.models import RoleGrant
from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case
from haven.jobs import runners
from haven.jobs.models import Job
from haven.jobs.output import output_path
from haven.testing.fixtures import make_organisation, make_user

# The worker closes connections that are inside a transaction (close_old_connections), as a
# real worker must: these tests commit, like the worker in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cases(ngo, other_ngo, frontline):
    other_worker = make_user(other_ngo, Role.FRONTLINE_WORKER)
    mine = [do_open_case(first_name=f"P{i}", acting_user=frontline) for i in range(3)]
    do_open_case(first_name="Elsewhere", acting_user=other_worker)
    return mine


def _start(client, user) -> Job:
    client.force_login(user)
    response = client.post(reverse("jobs:htcds_export"))
    assert response.status_code == 302
    return Job.objects.get(requested_by=user)


def _actions(job: Job) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(job.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_an_export_waits_for_a_worker_then_runs_and_downloads_once_audited(
    client, case_manager, cases
):
    job = _start(client, case_manager)
    assert job.status == Job.Status.QUEUED
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert b"data-job-progress" in page.content and b"haven worker" in page.content

    call_command("worker", "--burst")

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.SUCCEEDED, 3, 3)
    assert job.result["cases"] == 3 and job.percent == 100
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert b"data-job-progress" not in page.content
    download = client.get(reverse("jobs:output", args=[job.pk]))
    records = json.loads(b"".join(download.streaming_content))
    assert len(records) == 3 and download["Cache-Control"] == "no-store"
    assert _actions(job) == ["job.requested", "job.finished", "job.output_downloaded"]


def test_progress_is_reported_while_the_export_runs(client, case_manager, cases, monkeypatch):
    seen: list[tuple[int, int | None]] = []

    def spy(job, done, total):
        seen.append((done, total))

    monkeypatch.setattr(runners, "PROGRESS_EVERY", 1)
    monkeypatch.setattr("haven.jobs.actions.report_progress", spy)
    _start(client, case_manager)
    call_command("worker", "--burst")
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_nobody_but_the_requester_sees_a_job_or_its_output(client, case_manager, cases, ngo):
    job = _start(client, case_manager)
    call_command("worker", "--burst")
    supervisor = make_user(ngo, Role.SUPERVISOR)
    client.force_login(supervisor)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:output", args=[job.pk])).status_code == 404
    assert "job.output_downloaded" not in _actions(job)


@pytest.mark.parametrize("roles", [[Role.FRONTLINE_WORKER], [Role.ORG_ADMIN], [Role.AUDITOR]])
def test_who_cannot_read_every_case_cannot_start_an_export(client, ngo, roles):
    user = make_user(ngo, *roles)
    client.force_login(user)
    assert client.post(reverse("jobs:htcds_export")).status_code == 403
    assert not Job.objects.exists()


def test_behind_the_firewall_nobody_starts_an_export(client, db):
    police = make_organisation("Police", OrgType.LAW_ENFORCEMENT)
    officer = make_user(police, Role.ENFORCEMENT_OFFICER)
    client.force_login(officer)
    assert client.post(reverse("jobs:htcds_export")).status_code == 403


def test_a_role_taken_away_before_the_job_runs_exports_nothing(client, case_manager, cases):
    job = _start(client, case_manager)
    RoleGrant.objects.filter(user=case_manager).delete()
    call_command("worker", "--burst")
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result["cases"] == 0


def test_a_failing_job_keeps_only_the_error_class_and_no_file(
    client, case_manager, cases, monkeypatch
):
    def explode(job, progress):
        raise ValueError("Amina Example's record is broken")

    monkeypatch.setitem(runners.RUNNERS, Job.Kind.HTCDS_EXPORT, explode)
    job = _start(client, case_manager)
    call_command("worker", "--burst")
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "ValueError")
    assert not output_path(job.pk).exists()
    assert _actions(job) == ["job.requested", "job.failed"]
    assert "Amina" not in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_an_expired_output_is_no_longer_offered(client, case_manager, cases, settings):
    job = _start(client, case_manager)
    call_command("worker", "--burst")
    Job.objects.filter(pk=job.pk).update(finished_at=job.created_at.replace(year=2000))
    assert client.get(reverse("jobs:output", args=[job.pk])).status_code == 404


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def rq_backend(settings):
    if not _redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379; .ci/run starts it")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import django_rq

    # django-tasks drops its cached back-ends when TASKS changes (setting_changed).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/15"}}
    queue = django_rq.get_queue("default")
    queue.empty()
    yield queue
    queue.empty()


def test_the_redis_back_end_runs_the_same_job(client, case_manager, cases, rq_backend):
    from django_tasks_rq import Job as RQJob
    from rq import SimpleWorker

    job = _start(client, case_manager)
    assert rq_backend.count == 1
    SimpleWorker([rq_backend], connection=rq_backend.connection, job_class=RQJob).work(burst=True)
    job.refresh_from_db()
    assert (job.status, job.result["cases"]) == (Job.Status.SUCCEEDED, 3)
