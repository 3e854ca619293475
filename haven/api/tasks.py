"""Webhooks through the job queue (`haven worker`, docs/jobs.md): queue the due events, then
send what the outbox holds. A delivery that fails stays pending with its back-off time, and the
next run (the next `haven notify-due`, or `haven webhooks deliver [--enqueue]` from cron) sends
it again when that time has come."""

from django_tasks import task

from haven.api.delivery import deliver_due
from haven.api.outbox import do_queue_due_deadlines, do_queue_due_reports


@task()
def deliver_webhooks(limit: int = 100) -> dict[str, int]:
    queued_deadlines = do_queue_due_deadlines()
    queued_reports = do_queue_due_reports()
    summary = deliver_due(limit=limit)
    return {"queued_deadlines": queued_deadlines, "queued_reports": queued_reports,
            **summary.__dict__}  # fmt: skip
