"""Pages of background jobs: ask for an export, watch it run, download what it made."""

from collections.abc import Callable
from uuid import UUID

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.core.permissions import requires, signed_in
from haven.core.request import signed_in_user
from haven.corpus import background
from haven.jobs import access, actions
from haven.jobs.models import Job

# The job page reloads itself while the job runs: progress without any script.
REFRESH_SECONDS = 2
# What a finished job's result counts, by its key (the keys themselves stay codes).
RESULT_LABELS = {
    "cases": _("Cases"),
    "events": _("Trafficking events"),
    "perpetrator_contexts": _("Perpetrator records"),
    "format": _("Format"),
    "seq": _("Last sealed audit event"),
    "audit_events": _("Audit events"),
    "items_erased": _("Items erased"),
    "document": _("Document"),
    "paragraphs": _("Paragraphs"),
    "footnotes": _("Footnotes"),
    "guidance": _("Guidance passages"),
    "reference_rows": _("Reference rows"),
    "replaced": _("Replaced an earlier version"),
}
# What a running job is doing, and where its result is, for the kinds that say.
STEP_LABELS: dict[str, Callable[[Job], str]] = {Job.Kind.CORPUS_INGEST: background.step_label}
RESULT_LINKS: dict[str, Callable[[Job], tuple[str, str] | None]] = {
    Job.Kind.CORPUS_INGEST: background.result_link
}
# The name of a job's download, by its kind.
OUTPUT_NAMES = {Job.Kind.HTCDS_EXPORT: "htcds", Job.Kind.AUDIT_CHECKPOINT: "audit-checkpoint"}


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


@signed_in
def job_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "jobs": access.jobs_of(user)[:50],
        "may_export": user.can(Capability.READ_ALL_ORG_RECORDS),
        "may_checkpoint": user.can(Capability.READ_AUDIT),
        "may_apply_retention": user.can(Capability.MANAGE_ORGANISATIONS),
    }
    return render(request, "jobs/list.html", context)


@requires(Capability.READ_ALL_ORG_RECORDS)
@require_POST
def start_htcds_export(request: HttpRequest) -> HttpResponse:
    job = actions.do_request_job(user=_user(request), kind=Job.Kind.HTCDS_EXPORT)
    return redirect("jobs:detail", job_id=job.pk)


@requires(Capability.READ_AUDIT)
@require_POST
def start_audit_checkpoint(request: HttpRequest) -> HttpResponse:
    job = actions.do_request_job(user=_user(request), kind=Job.Kind.AUDIT_CHECKPOINT)
    return redirect("jobs:detail", job_id=job.pk)


@requires(Capability.MANAGE_ORGANISATIONS)
@require_POST
def start_retention(request: HttpRequest) -> HttpResponse:
    job = actions.do_request_job(user=_user(request), kind=Job.Kind.RETENTION)
    return redirect("jobs:detail", job_id=job.pk)


@signed_in
def job_detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = access.access_job_by_id(_user(request), job_id)
    step, link = STEP_LABELS.get(job.kind), RESULT_LINKS.get(job.kind)
    context = {
        "job": job,
        "step": step(job) if step and job.status == Job.Status.RUNNING else "",
        "link": link(job) if link and job.status == Job.Status.SUCCEEDED else None,
        "result": [(RESULT_LABELS.get(key, key), value) for key, value in job.result.items()],
        "refresh": None if job.finished else REFRESH_SECONDS,
        "output_available": access.output_available(job),
        "expires_at": access.output_expires_at(job),
    }
    return render(request, "jobs/detail.html", context)


@signed_in
def job_output(request: HttpRequest, job_id: UUID) -> HttpResponseBase:
    job, chunks = access.access_job_output(_user(request), job_id)
    response = StreamingHttpResponse(chunks, content_type="application/json")
    stamp = job.finished_at.strftime("%Y%m%d-%H%M") if job.finished_at else "export"
    name = OUTPUT_NAMES.get(Job.Kind(job.kind), "job")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response
