"""The sealer as a task for `haven worker` (HAVEN_AUDIT_SEAL=queue): enqueued after a commit
that appended audit events, at most once a second per process. A pass already running
elsewhere makes this one a no-op, so duplicates cost nothing."""

from django_tasks import task

from haven.audit.seal import seal_pending


@task()
def seal_audit() -> int:
    return seal_pending()
