"""The inbox's background tasks (django-tasks, as haven.jobs): e-mails leave the request."""

from django_tasks import task

from haven.inbox import notify


@task()
def deliver_arrival(code: str, organisation_id: int) -> int:
    return notify.announce_arrival(code, organisation_id)


@task()
def notify_due() -> int:
    return notify.notify_due().notices
