"""Writers of jobs. Asking for a job and its end are audited actions; the worker's progress
ticks are bookkeeping on the job row (no record is read or changed by them), so they are plain
updates here and not audited, or a long export would write thousands of audit events."""

from typing import Any

from django.utils import timezone

from haven.accounts.models import User
from haven.audit.action import action
from haven.audit.log import record
from haven.jobs.models import Job


@action()
def do_request_job(*, user: User, kind: Job.Kind) -> Job:
    """Queue a job for `user`; the task is enqueued in the same transaction (docs/jobs.md)."""
    from haven.jobs.tasks import run_job

    job = Job.objects.create(kind=kind, requested_by=user, organisation=user.organisation)
    record(actor=user, action="job.requested", target=job, details={"kind": kind.value})
    run_job.enqueue(str(job.pk))
    return job


def mark_running(job: Job) -> None:
    job.status, job.started_at = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])


def report_progress(job: Job, done: int, total: int | None) -> None:
    job.done, job.total = done, total
    job.save(update_fields=["done", "total"])


@action()
def do_finish_job(*, job: Job, result: dict[str, Any], has_output: bool) -> Job:
    job.status, job.finished_at = Job.Status.SUCCEEDED, timezone.now()
    job.result, job.has_output = result, has_output
    job.done = job.total if job.total is not None else job.done
    job.save(update_fields=["status", "finished_at", "result", "has_output", "done"])
    record(
        actor=job.requested_by,
        action="job.finished",
        target=job,
        details={"kind": job.kind, **result},
    )
    return job


@action()
def do_fail_job(*, job: Job, code: str) -> Job:
    """`code` is an exception class name: never its message, which may quote personal data."""
    job.status, job.finished_at = Job.Status.FAILED, timezone.now()
    job.error = code[:200]
    job.save(update_fields=["status", "finished_at", "error"])
    record(actor=job.requested_by, action="job.failed", target=job, details={"kind": job.kind})
    return job
