"""A signed audit checkpoint asked for on the page runs in a worker, on either queue back-end,
and what it downloads verifies the trail; only those who may read the audit trail start one."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from haven.accounts.roles import Role
from haven.audit.checkpoint import Checkpoint, create_signing_key
from haven.audit.models import AuditEvent
from haven.audit.verify import verify_chain
from haven.jobs.models import Job
from haven.jobs.tests.test_jobs import rq_backend  # noqa: F401  # the Redis back-end fixture
from haven.testing.fixtures import make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def auditor(ngo, tmp_path, settings):
    path = tmp_path / "elsewhere" / "audit-signing.key"
    path.parent.mkdir()
    settings.HAVEN_AUDIT_SIGNING_KEY_FILE = str(path)
    create_signing_key(path)
    return make_user(ngo, Role.AUDITOR, username="auditor")


def _start(client, user) -> Job:
    client.force_login(user)
    response = client.post(reverse("jobs:audit_checkpoint"))
    assert response.status_code == 302
    return Job.objects.get(requested_by=user)


def _downloaded(client, job: Job) -> Checkpoint:
    download = client.get(reverse("jobs:output", args=[job.pk]))
    assert "audit-checkpoint-" in download["Content-Disposition"]
    signed = json.loads(b"".join(download.streaming_content))
    fields = {name: signed[name] for name in ("format", "seq", "hash", "events", "taken_at")}
    return Checkpoint(**fields)


def test_a_checkpoint_runs_in_the_worker_and_its_download_verifies_the_trail(client, auditor):
    client.force_login(auditor)
    assert f'href="{reverse("jobs:list")}"'.encode() in client.get("/").content  # the menu
    assert b"jobs/audit-checkpoint/" in client.get(reverse("jobs:list")).content
    job = _start(client, auditor)
    call_command("worker", "--burst")
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (Job.Status.SUCCEEDED, 1, 1, 100)
    point = _downloaded(client, job)
    assert (job.result["seq"], job.result["audit_events"]) == (point.seq, point.events)
    assert verify_chain(point).ok
    assert AuditEvent.objects.filter(action="audit.checkpointed").count() == 1
    assert AuditEvent.objects.filter(action="job.finished", target_id=str(job.pk)).exists()


def test_who_may_not_read_the_audit_trail_cannot_start_a_checkpoint(client, case_manager):
    client.force_login(case_manager)
    assert client.post(reverse("jobs:audit_checkpoint")).status_code in (403, 404)
    assert b"jobs/audit-checkpoint/" not in client.get(reverse("jobs:list")).content
    assert not Job.objects.exists()


def test_the_redis_back_end_runs_a_checkpoint(client, auditor, rq_backend):  # noqa: F811
    from django_tasks_rq import Job as RQJob
    from rq import SimpleWorker

    job = _start(client, auditor)
    SimpleWorker([rq_backend], connection=rq_backend.connection, job_class=RQJob).work(burst=True)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert verify_chain(_downloaded(client, job)).ok
