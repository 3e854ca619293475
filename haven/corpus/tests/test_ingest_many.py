"""Several files ingested as one operation (`ingest_files`, `haven ingest PATH PATH ...`): one
transaction, so a bad file leaves the corpus as it was; one audit event per document; one index
commit for them all, after the commit."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from haven.audit.models import AuditEvent
from haven.corpus import index_outbox, search
from haven.corpus.actions import FileToIngest, ingest_files
from haven.corpus.models import Document, Guidance, IndexChange
from haven.corpus.tests.conftest import FIXTURES
from haven.corpus.text import IngestError

pytestmark = pytest.mark.django_db

NAMES = ("page_break_footnotes.txt", "reference_table.txt", "speeches.txt")


def _files(*names: str) -> list[FileToIngest]:
    return [FileToIngest(name, (FIXTURES / name).read_bytes()) for name in names]


def test_several_files_are_stored_together_and_indexed_in_one_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    index_outbox.catch_up()  # an index in step with the (empty) outbox: changes are applied
    commits = []
    real = search.index_documents
    monkeypatch.setattr(search, "index_documents", lambda ids: commits.append(ids) or real(ids))
    with django_capture_on_commit_callbacks(execute=True):
        results = ingest_files(_files(*NAMES), acting_user=None, progress=None)
    assert [r.document.source_filename for r in results] == list(NAMES)
    assert Document.objects.count() == 3 and len(commits) == 1  # one index commit for three
    assert AuditEvent.objects.filter(action="corpus.document_ingested").count() == 3
    assert IndexChange.objects.count() == 3
    assert search.search("compensation").hits  # the index followed the one commit


def test_reference_rows_link_to_a_paragraph_ingested_in_the_same_operation():
    ingest_files(_files("reference_table.txt", "page_break_footnotes.txt"), acting_user=None)
    rows = Guidance.objects.filter(kind=Guidance.REFERENCE)
    single = Guidance.objects.filter(kind=Guidance.REFERENCE, paragraph__isnull=False).count()
    assert rows.exists() and single > 0  # as when the two are ingested one after the other


def test_a_bad_file_among_several_leaves_the_corpus_as_it_was(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Fixture Reference Tool\n\nSource\tGuidance\nno grammar\ttext\n")
    files = [*_files("page_break_footnotes.txt"), FileToIngest(bad.name, bad.read_bytes())]
    with pytest.raises(IngestError, match="bad.txt line 4"):
        ingest_files(files, acting_user=None)
    assert not Document.objects.exists() and not IndexChange.objects.exists()
    assert not AuditEvent.objects.filter(action="corpus.document_ingested").exists()


def test_progress_reports_storing_then_indexing(django_capture_on_commit_callbacks):
    steps = []
    with django_capture_on_commit_callbacks(execute=True):
        ingest_files(_files(*NAMES), acting_user=None, progress=lambda *step: steps.append(step))
    assert steps == [("store", 0, 3), ("index", 0, 1)]  # text files have no pages to lay out


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_command_ingests_several_paths_and_prints_a_list_in_json():
    paths = [str(FIXTURES / name) for name in NAMES]
    data = json.loads(run("ingest", *paths, "--json"))
    assert [d["source_filename"] for d in data] == list(NAMES)
    one = json.loads(run("ingest", paths[0], "--json"))
    assert one["replaced"] is True and one["source_filename"] == NAMES[0]  # one file: an object
    assert run("ingest", *paths[:2]).count("Replaced") == 2


def test_metadata_options_name_one_document_only():
    paths = [str(FIXTURES / name) for name in NAMES[:2]]
    with pytest.raises(CommandError, match="give one PATH"):
        run("ingest", *paths, "--symbol", "A/1/2")
