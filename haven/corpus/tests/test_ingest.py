"""Ingesting: replacement in one transaction, failures that change nothing, audit, linking,
corrections that survive, the search index kept after commit, line look-ups."""

import pytest
from django.core.exceptions import PermissionDenied

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.corpus import search
from haven.corpus.actions import do_correct_tags, do_ingest_file
from haven.corpus.links import paragraph_for_source_lines
from haven.corpus.models import Document, Guidance, Paragraph, TagCorrection
from haven.corpus.tests.conftest import FIXTURES
from haven.corpus.text import IngestError
from haven.testing.fixtures import make_user

pytestmark = pytest.mark.django_db


def test_it_ingests_paragraphs_footnotes_and_guidance_with_an_audit_event(ingest):
    result = ingest("page_break_footnotes.txt")
    document = result.document
    assert document.symbol == "A/99/123" and document.source_filename == "page_break_footnotes.txt"
    assert document.paragraphs.count() == 4 and document.footnotes.count() == 2
    assert document.guidance.filter(kind=Guidance.EXTRACTED).count() >= 3
    event = AuditEvent.objects.get(action="corpus.document_ingested")
    assert event.details["paragraphs"] == 4


def test_reingesting_a_symbol_replaces_the_document(ingest):
    first = ingest("page_break_footnotes.txt").document
    again = ingest("page_break_footnotes.txt")
    assert again.replaced and Document.objects.count() == 1
    assert not Document.objects.filter(pk=first.pk).exists()
    assert Paragraph.objects.count() == 4


def test_a_failed_ingest_leaves_the_database_and_index_unchanged(ingest, tmp_path):
    ingest("page_break_footnotes.txt")
    before = (Document.objects.count(), Paragraph.objects.count(), AuditEvent.objects.count())
    bad = tmp_path / "bad.txt"
    bad.write_text("Fixture Reference Tool\n\nSource\tGuidance\nno grammar\ttext\n")
    with pytest.raises(IngestError, match="line 4"):
        ingest(bad, symbol="A/99/123")
    after = (Document.objects.count(), Paragraph.objects.count(), AuditEvent.objects.count())
    assert before == after
    assert search.search("compensation").hits[0].citation.startswith("A/99/123")


def test_it_refuses_a_file_with_no_paragraphs(ingest, tmp_path):
    empty = tmp_path / "x.txt"
    empty.write_text("3\n\n---\n\n)\n")
    with pytest.raises(IngestError, match="no paragraphs found"):
        ingest(empty)
    assert not Document.objects.exists()


def test_only_editors_may_ingest(db, ngo):
    worker = make_user(ngo, Role.FRONTLINE_WORKER)
    path = FIXTURES / "page_break_footnotes.txt"
    with pytest.raises(PermissionDenied):
        do_ingest_file(path.name, path.read_bytes(), acting_user=worker)


def test_reference_rows_link_to_cited_paragraphs_whichever_is_ingested_first(ingest):
    ingest("reference_table.txt")
    rows = Guidance.objects.filter(kind=Guidance.REFERENCE)
    assert rows.count() == 4 and not rows.filter(paragraph__isnull=False).exists()
    ingest("page_break_footnotes.txt")
    linked = {g.cited_locator: g.paragraph.citation for g in rows.filter(paragraph__isnull=False)}
    assert linked == {"3": "A/99/123, para. 3", "4(b)": "A/99/123, para. 4"}
    ingest("page_break_footnotes.txt")  # replacing the cited document keeps the links
    assert rows.filter(paragraph__isnull=False).count() == 2
    assert (
        rows.get(key="row-3").mandate_name == "Special Rapporteur on the human rights of migrants"
    )


def test_a_tag_correction_is_audited_and_survives_reingest(
    ingest, ngo, django_capture_on_commit_callbacks
):
    editor = make_user(ngo, Role.NATIONAL_COORDINATOR)
    ingest("page_break_footnotes.txt")
    row = Guidance.objects.get(key="1")
    with django_capture_on_commit_callbacks(execute=True):
        do_correct_tags(
            row, topics=["data"], addressee=["business"], strength="consider", acting_user=editor
        )
    event = AuditEvent.objects.get(action="corpus.tags_corrected")
    assert event.details["changes"]["strength"][1] == "consider"
    assert TagCorrection.objects.count() == 3
    ingest("page_break_footnotes.txt")
    row = Guidance.objects.get(key="1")
    assert (row.topics, row.addressee, row.strength, row.corrected) == (
        ["data"],
        ["business"],
        "consider",
        True,
    )
    assert search.search("", filters={"topic": "data"}).hits[0].citation == "A/99/123, para. 1"


def test_search_ranks_finds_phrases_prefixes_and_facets(ingest):
    ingest("page_break_footnotes.txt")
    ingest("reference_table.txt")
    assert search.search('"supply chains"').hits
    assert not search.search('"chains supply"').hits
    prefixed = search.search("compens*")
    assert prefixed.hits and "<mark>compensation</mark>" in prefixed.hits[0].snippet
    results = search.search("States", with_facets=True)
    assert dict(results.facets["document"])["A/99/123"] >= 1
    only_rows = search.search("States", filters={"document": "Fixture Reference Tool"})
    assert {h.kind for h in only_rows.hits} == {"guidance"}


def test_reindex_rebuilds_the_index_from_the_database(ingest, corpus_index):
    ingest("page_break_footnotes.txt")
    search.index_documents([])  # nothing to do
    count = search.reindex()
    assert count == Paragraph.objects.count()
    assert search.search("rehabilitation").hits[0].citation == "A/99/123, para. 3"


def test_a_source_line_finds_its_paragraph_even_inside_the_footnote_block(ingest):
    ingest("page_break_footnotes.txt")
    assert paragraph_for_source_lines("page_break", 14).locator == "2"
    assert paragraph_for_source_lines("page_break_footnotes.txt", 18).locator == "2"
    assert paragraph_for_source_lines("page_break", 2) is None
    assert paragraph_for_source_lines("other", 14) is None


@pytest.mark.parametrize(("symbol", "guidance"), [("A/HRC/WG.6/20/SVN/1", 0), ("A/HRC/20/15", 1)])
def test_a_state_s_own_report_describing_its_law_gives_no_guidance(symbol, guidance):
    text = (
        "Introduction\n\n"
        "1. Under the current rules, employers must register every seasonal worker.\n"
    )
    result = do_ingest_file(
        "report.txt", text.encode(), symbol=symbol, title="Report", acting_user=None
    )
    assert result.document.guidance.count() == guidance
