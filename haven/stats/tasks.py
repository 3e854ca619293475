"""The statistics' background task (django-tasks, as haven.jobs): counting every
organisation's snapshot again, away from any page view (haven/stats/snapshot.py)."""

from django_tasks import task

from haven.stats import snapshot


@task()
def refresh_snapshots() -> int:
    return snapshot.refresh(full=True)
