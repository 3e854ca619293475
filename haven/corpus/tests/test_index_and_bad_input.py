"""The search index stays in step with the database (issue 16, F7), and bad input gets a
clear answer instead of a server error (F8-F10)."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from haven.corpus import search
from haven.corpus.checks import search_index_in_step
from haven.corpus.models import Document
from haven.corpus.text import MAX_UNPACKED, IngestError, read_lines

pytestmark = pytest.mark.django_db


def _hits(word):
    return len(search.search(word, limit=100).hits)


def test_re_ingesting_a_document_replaces_its_entries_instead_of_duplicating_them(ingest):
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    before = _hits("States")
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    assert before > 0 and _hits("States") == before
    assert search.check().ok


def test_check_finds_a_document_whose_index_write_was_lost_and_repair_mends_it(ingest):
    document = ingest("page_break_footnotes.txt", symbol="Z/1/1").document
    writer = search.index().writer(15_000_000, 1)
    writer.delete_documents_by_term("docid", str(document.pk))  # as if killed mid-write
    writer.commit()
    writer.wait_merging_threads()
    report = search.check()
    assert not report.ok and document.pk in report.wrong
    assert search_index_in_step()[0].id == "corpus.W001"
    with pytest.raises(CommandError, match="--repair"):
        call_command("search", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("search", "--repair", stdout=out)
    assert "Repaired." in out.getvalue() and search.check().ok and not search_index_in_step()


def test_repair_drops_entries_of_documents_deleted_behind_the_index_back(ingest):
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    Document.objects.all().delete()  # the index still holds the entries
    assert search.check().orphans > 0
    search.repair()
    assert search.check().ok and _hits("States") == 0


def test_ids_too_large_for_the_database_are_not_found_rather_than_a_server_error(client, frontline):
    client.force_login(frontline)
    assert client.get("/corpus/documents/99999999999999999999/").status_code == 404
    assert client.get("/corpus/documents/9223372036854775808/").status_code == 404


def test_a_docx_that_would_unpack_beyond_the_bound_is_refused_by_name():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (MAX_UNPACKED + 1))
    with pytest.raises(IngestError, match=r"bomb\.docx: unpacks to more than 64 MB"):
        read_lines("bomb.docx", data.getvalue())


def test_highlighting_marks_whole_words_only():
    marked = search.snippet("The Office of the victims", search._highlighter("of victim"))
    assert marked == "The Office <mark>of</mark> the <mark>victims</mark>"


def test_search_page_says_what_is_wrong_with_an_unclosed_quote_or_an_unknown_topic(
    client, frontline, ingest
):
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    client.force_login(frontline)
    page = client.get('/corpus/search/?q="States').text
    assert "unclosed quote" in page and 'class="results"' in page
    page = client.get("/corpus/search/?q=States&topic=astrology").text
    assert "Unknown topic “astrology”" in page
    # results come before the filters in the page, whatever the screen
    page = client.get("/corpus/search/?q=States").text
    assert page.index('id="results-heading"') < page.index('aria-label="Refine"')


def test_guidance_is_paginated_and_any_page_number_gives_a_page(client, frontline, ingest):
    ingest("reference_table.txt")
    client.force_login(frontline)
    for number in ("1", "9223372036854775807", "99999999999999999999", "x", "-3"):
        assert client.get(f"/corpus/guidance/?page={number}").status_code == 200
    assert client.get("/corpus/guidance/?document=99999999999999999999").status_code == 200
