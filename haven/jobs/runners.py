"""What each kind of job does. A runner gets the job and a `progress(done, total)` callback and
returns the counts to keep (never personal data). Reads go through the apps' access functions,
as the requesting user, checked again when the job runs: a role taken away in between is
respected."""

import json
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from haven.audit.actions import do_take_checkpoint
from haven.cases.access import cases_visible_to
from haven.cases.retention import do_apply_retention
from haven.corpus.background import ingest_upload
from haven.htcds.export import cases_to_export, write_json_array
from haven.jobs.models import Job
from haven.jobs.output import EncryptedWriter

Progress = Callable[[int, int | None], None]
Runner = Callable[[Job, Progress], tuple[dict[str, Any], bool]]
PROGRESS_EVERY = 500


def export_htcds(job: Job, progress: Progress) -> tuple[dict[str, Any], bool]:
    """The cases the requester may read, as an HTCDS JSON array, into an encrypted output."""
    visible = cases_visible_to(job.requested_by).values("pk")
    cases = cases_to_export(None).filter(pk__in=visible)
    total = cases.count()
    progress(0, total)

    def tick(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            progress(done, total)

    with EncryptedWriter(job.pk) as out:
        counts = write_json_array(cases, out, each=tick)
    kept = {key: counts[key] for key in ("cases", "events", "perpetrator_contexts")}
    return {**kept, "format": "json"}, True


def audit_checkpoint(job: Job, progress: Progress) -> tuple[dict[str, Any], bool]:
    """Seal the trail and sign its state (haven.audit.checkpoint): the signed JSON is the
    output, for the auditor to keep away from the server. It holds a hash and counts only."""
    progress(0, 1)
    point = do_take_checkpoint()
    with EncryptedWriter(job.pk) as out:
        out.write(json.dumps(point, indent=2) + "\n")
    progress(1, 1)
    return {"seq": point["seq"], "audit_events": point["events"], "format": "json"}, True


def apply_retention(job: Job, progress: Progress) -> tuple[dict[str, Any], bool]:
    """Every organisation's retention policy, applied today (haven.cases.retention), as the
    daily `haven retention apply` does. All or nothing in one transaction, so the progress is
    one step; the result is counts (the audit event keeps the case ids)."""
    progress(0, 1)
    report = do_apply_retention(today=timezone.localdate())
    progress(1, 1)
    return {"cases": len(report.cases), "items_erased": sum(report.items.values())}, False


RUNNERS: dict[str, Runner] = {
    Job.Kind.HTCDS_EXPORT: export_htcds,
    Job.Kind.AUDIT_CHECKPOINT: audit_checkpoint,
    Job.Kind.RETENTION: apply_retention,
    Job.Kind.CORPUS_INGEST: ingest_upload,  # started from the corpus upload page
}
