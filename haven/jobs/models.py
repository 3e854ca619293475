"""A background job as the person who asked for it sees it: what, whose, how far, and the result.

The task queue (django-tasks, docs/jobs.md) only runs the work; this row is Haven's own record,
so the page can show progress whichever back-end runs it. It holds counts and codes, never
personal data; an export's output is an encrypted file beside the database (`output.py`).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation, User


class Job(models.Model):
    class Kind(models.TextChoices):
        HTCDS_EXPORT = "htcds_export", _("HTCDS export of the cases you can read")
        AUDIT_CHECKPOINT = "audit_checkpoint", _("Signed checkpoint of the audit trail")
        RETENTION = "retention", _("Erase personal data past its retention period")
        CORPUS_INGEST = "corpus_ingest", _("Add a document to the corpus")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="jobs")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    # Counts and codes only (e.g. {"cases": 120}); an error is a code and a fixed message.
    result = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=200, blank=True)
    has_output = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == self.Status.SUCCEEDED else None
        return min(100, round(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
