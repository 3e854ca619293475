"""Ingesting an uploaded document in the background: the job kind `corpus_ingest` of
haven.jobs (docs/jobs.md). The upload page keeps the file (`PendingUpload`) and queues the job;
a worker (`haven worker`) lays out each page, stores the document and updates the search index,
and the job page shows which of these it is doing and links to the document when done.

Progress is counted in steps: one per page (a file without pages has none), then storing, then
indexing, so `total` is the page count plus two and `done` says which step is running. The job
runs as its requester, whose right to add documents is checked again when it runs.
"""

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from haven.corpus.actions import (
    FileToIngest,
    do_drop_upload,
    do_ingest_upload,
    prepare_file,
)
from haven.corpus.models import Document, PendingUpload
from haven.jobs.models import Job

AFTER_PAGES = 2  # storing, then indexing


def ingest_upload(
    job: Job, progress: Callable[[int, int | None], None]
) -> tuple[dict[str, Any], bool]:
    """The runner of a `corpus_ingest` job: the counts of what was ingested, no output."""
    upload = PendingUpload.objects.get(job_id=job.pk)
    pages = [0]

    def tick(step: str, done: int, total: int) -> None:
        if step == "layout":
            pages[0] = total
            progress(done, total + AFTER_PAGES)
        else:
            progress(pages[0] + (1 if step == "index" else 0), pages[0] + AFTER_PAGES)

    progress(0, None)
    file = FileToIngest(
        upload.name, bytes(upload.data), symbol=upload.symbol, title=upload.title, when=upload.date
    )
    try:
        ready = prepare_file(file, progress=tick)
        result = do_ingest_upload(upload, ready, acting_user=job.requested_by, progress=tick)
    except Exception as error:
        do_drop_upload(upload, reason=str(error) or type(error).__name__)
        raise
    counts = result.as_json()
    kept = ("paragraphs", "footnotes", "guidance", "reference_rows", "replaced")
    return {"document": result.document.pk, **{key: counts[key] for key in kept}}, False


def step_label(job: Job) -> str:
    """What a running `corpus_ingest` job is doing, from its `done` of `total`."""
    if job.total is None:
        return gettext("opening the file")
    pages = job.total - AFTER_PAGES
    if job.done < pages:
        return gettext("laying out page %(page)s of %(pages)s") % {
            "page": job.done + 1,
            "pages": pages,
        }
    if job.done == pages:
        return gettext("storing the paragraphs")
    return gettext("updating the search index")


def result_link(job: Job) -> tuple[str, str] | None:
    """(address, text) of the document a finished job ingested, while it is still there."""
    document = Document.objects.filter(pk=job.result.get("document")).first()
    if document is None:
        return None
    return reverse("corpus:document", args=[document.pk]), document.label
