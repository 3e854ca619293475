"""The one task the queue runs: `run_job(job_id)`. Whichever back-end runs it (the database or
Redis), the job row says how far it got and how it ended."""

import logging
import time

from django_tasks import task

from haven.jobs import actions
from haven.jobs.models import Job
from haven.jobs.runners import RUNNERS

logger = logging.getLogger(__name__)
# With Redis, a worker may pick the task up before the request's transaction has committed.
WAIT_FOR_ROW_SECONDS = 30


@task()
def run_job(job_id: str) -> str:
    job = _load(job_id)
    if job is None or job.status != Job.Status.QUEUED:
        return "skipped"
    actions.mark_running(job)
    try:
        result, has_output = RUNNERS[job.kind](job, lambda d, t: actions.report_progress(job, d, t))
    except Exception as error:
        # Only the class name: an exception's message may quote the data it choked on.
        logger.error("job %s (%s) failed: %s", job.pk, job.kind, type(error).__name__)
        actions.do_fail_job(job=job, code=type(error).__name__)
        return "failed"
    actions.do_finish_job(job=job, result=result, has_output=has_output)
    return "succeeded"


def _load(job_id: str) -> Job | None:
    deadline = time.monotonic() + WAIT_FOR_ROW_SECONDS
    while True:
        job = Job.objects.select_related("requested_by").filter(pk=job_id).first()
        if job is not None or time.monotonic() > deadline:
            return job
        time.sleep(0.5)
