"""A document uploaded "in the background" is ingested by a worker (`haven worker`), the job
page says which step it is at (each page's layout, storing, indexing) and links to the
document when done; a file that cannot be ingested fails the job and leaves nothing behind."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.corpus import background, search
from haven.corpus.models import Document, PendingUpload
from haven.corpus.tests.conftest import FIXTURES
from haven.corpus.tests.sample_check import sample_pdfs
from haven.jobs import actions as job_actions
from haven.jobs.models import Job
from haven.jobs.tests.test_jobs import rq_backend  # noqa: F401  # the Redis back-end fixture
from haven.testing.fixtures import make_user

# The worker commits, as in production (see haven/jobs/tests/test_jobs.py).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(ngo):
    return make_user(ngo, Role.NATIONAL_COORDINATOR, username="coordinator")


def _upload(client, user, path, **fields) -> Job:
    client.force_login(user)
    with path.open("rb") as handle:
        response = client.post("/corpus/upload/", {"file": handle, "background": "on", **fields})
    job = Job.objects.get(requested_by=user)
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    return job


def test_an_upload_in_the_background_waits_for_a_worker_then_links_to_the_document(client, editor):
    job = _upload(client, editor, FIXTURES / "page_break_footnotes.txt", symbol="Z/1/2")
    assert job.kind == Job.Kind.CORPUS_INGEST and job.status == Job.Status.QUEUED
    assert not Document.objects.exists() and PendingUpload.objects.count() == 1

    call_command("worker", "--burst")

    job.refresh_from_db()
    document = Document.objects.get()
    assert (job.status, job.percent, document.symbol) == (Job.Status.SUCCEEDED, 100, "Z/1/2")
    assert job.result["document"] == document.pk and job.result["paragraphs"] > 0
    assert not PendingUpload.objects.exists()  # the file is not kept once ingested
    assert search.search("compensation").hits  # the index followed
    page = client.get(reverse("jobs:detail", args=[job.pk])).text
    assert reverse("corpus:document", args=[document.pk]) in page and "Open Z/1/2" in page
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"corpus.ingest_queued", "job.requested", "corpus.document_ingested"} <= actions


def test_the_job_reports_each_page_then_storing_then_indexing(client, editor, monkeypatch):
    path = sample_pdfs()[0]
    seen: list[tuple[int, int | None, str]] = []
    report = job_actions.report_progress

    def spy(job, done, total):
        report(job, done, total)
        seen.append((done, total, background.step_label(job)))

    monkeypatch.setattr(job_actions, "report_progress", spy)
    job = _upload(client, editor, path)
    call_command("worker", "--burst")
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    pages = seen[-1][1] - background.AFTER_PAGES
    assert pages > 1
    assert seen[0] == (0, None, "opening the file")
    assert seen[1] == (1, pages + 2, f"laying out page 2 of {pages}")
    assert [done for done, _, _ in seen[1 : pages + 1]] == list(range(1, pages + 1))
    labels = [label for _, _, label in seen]
    assert labels[-2:] == ["storing the paragraphs", "updating the search index"]


def test_the_job_page_shows_the_step_of_a_running_ingest(client, editor):
    job = Job.objects.create(
        kind=Job.Kind.CORPUS_INGEST, requested_by=editor, status=Job.Status.RUNNING
    )
    job.done, job.total = 3, 12
    job.save()
    client.force_login(editor)
    page = client.get(reverse("jobs:detail", args=[job.pk])).text
    assert "Running: laying out page 4 of 10." in page


def test_a_file_that_cannot_be_ingested_fails_the_job_and_keeps_nothing(client, editor, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a pdf")
    job = _upload(client, editor, bad)
    call_command("worker", "--burst")
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "IngestError")
    assert not Document.objects.exists() and not PendingUpload.objects.exists()
    failed = AuditEvent.objects.get(action="corpus.ingest_failed")
    assert failed.target_id == str(job.pk) and "not a readable PDF" in failed.details["reason"]


def test_an_unsupported_file_is_refused_on_the_page_before_any_job(client, editor, tmp_path):
    odd = tmp_path / "notes.odt"
    odd.write_bytes(b"whatever")
    client.force_login(editor)
    with odd.open("rb") as handle:
        response = client.post("/corpus/upload/", {"file": handle, "background": "on"})
    assert "Unsupported file type" in response.text
    assert not Job.objects.exists() and not PendingUpload.objects.exists()


def test_who_may_not_add_documents_cannot_queue_one(client, frontline):
    client.force_login(frontline)
    with (FIXTURES / "speeches.txt").open("rb") as handle:
        response = client.post("/corpus/upload/", {"file": handle, "background": "on"})
    assert response.status_code == 403
    assert not Job.objects.exists() and not PendingUpload.objects.exists()


def test_the_redis_back_end_runs_the_same_ingest(client, editor, rq_backend):  # noqa: F811
    from django_tasks_rq import Job as RQJob
    from rq import SimpleWorker

    job = _upload(client, editor, FIXTURES / "speeches.txt", title="Speeches")
    SimpleWorker([rq_backend], connection=rq_backend.connection, job_class=RQJob).work(burst=True)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert Document.objects.get(pk=job.result["document"]).title == "Speeches"
    assert not PendingUpload.objects.exists()
