"""Reads of jobs: a job is visible to the person who asked for it, and to nobody else (an
export's output holds personal data). Missing and forbidden give the same 404."""

import datetime
from collections.abc import Iterator
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.log import record
from haven.jobs.models import Job
from haven.jobs.output import OutputError, read_chunks


def jobs_of(user: User) -> QuerySet[Job]:
    return Job.objects.filter(requested_by=user)


def access_job_by_id(user: User, job_id: UUID) -> Job:
    try:
        return jobs_of(user).get(pk=job_id)
    except Job.DoesNotExist:
        raise Http404("No such job") from None


def output_expires_at(job: Job) -> datetime.datetime | None:
    if job.finished_at is None:
        return None
    return job.finished_at + datetime.timedelta(hours=settings.HAVEN_JOB_OUTPUT_HOURS)


def output_available(job: Job) -> bool:
    expires = output_expires_at(job)
    return job.has_output and expires is not None and timezone.now() < expires


def access_job_output(user: User, job_id: UUID) -> tuple[Job, Iterator[bytes]]:
    """The decrypted output, audited as a read; 404 when it is not (or no longer) there."""
    job = access_job_by_id(user, job_id)
    if not output_available(job):
        raise Http404("No output")
    try:
        chunks = read_chunks(job.pk)
        first = next(chunks)
    except OutputError as error:
        raise Http404(str(error)) from None
    with transaction.atomic():
        record(actor=user, action="job.output_downloaded", target=job, details={"kind": job.kind})
    return job, _prepend(first, chunks)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest
