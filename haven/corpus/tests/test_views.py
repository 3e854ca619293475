"""Pages: who may see and change what, upload, reader, search, guidance and exports."""

import io

import pytest

from haven.accounts.roles import Role
from haven.corpus.models import Document
from haven.corpus.tests.conftest import FIXTURES
from haven.testing.fixtures import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(ngo):
    return make_user(ngo, Role.NATIONAL_COORDINATOR, username="coordinator")


def test_any_signed_in_user_reads_but_only_editors_upload(client, frontline, ingest):
    document = ingest("page_break_footnotes.txt").document
    client.force_login(frontline)
    assert client.get("/corpus/").status_code == 200
    page = client.get(f"/corpus/documents/{document.pk}/")
    assert 'id="para-2"' in page.text and "Second footnote text." in page.text
    assert client.get("/corpus/upload/").status_code == 403
    client.logout()
    assert client.get("/corpus/search/?q=States").status_code == 302


def test_an_editor_uploads_a_file_and_a_bad_one_is_refused(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with (
        (FIXTURES / "page_break_footnotes.txt").open("rb") as handle,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/corpus/upload/", {"file": handle, "symbol": "Z/1/2"})
    assert response.status_code == 302
    assert Document.objects.get().symbol == "Z/1/2"
    bad = io.BytesIO(b"\x00\x01binary")
    bad.name = "bad.txt"
    response = client.post("/corpus/upload/", {"file": bad})
    assert "binary file" in response.text and Document.objects.count() == 1


def test_search_page_shows_citations_snippets_and_facets(client, frontline, ingest):
    ingest("page_break_footnotes.txt")
    client.force_login(frontline)
    page = client.get("/corpus/search/?q=compensation").text
    assert "A/99/123, para. 3" in page and "<mark>compensation</mark>" in page
    assert "Refine" in page and "Must / shall" in page


def test_exports_use_the_source_guidance_layout(client, frontline, ingest):
    ingest("reference_table.txt")
    client.force_login(frontline)
    csv = client.get("/corpus/guidance/export.csv?topic=children")
    assert csv.content.decode("utf-8-sig").startswith("Source,Guidance")
    assert "CRC General comment No.6" in csv.content.decode("utf-8-sig")
    xlsx = client.get("/corpus/guidance/export.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:2] == ["Source", "Guidance"] and sheet.max_row == 5
    html = client.get("/corpus/guidance/export.html").text
    assert '<th scope="col">Source</th>' in html
    assert client.get("/corpus/guidance/export.pdf").status_code == 404


def test_an_editor_corrects_tags_and_others_may_not(client, editor, frontline, ingest):
    ingest("page_break_footnotes.txt")
    from haven.corpus.models import Guidance

    row = Guidance.objects.get(key="1")
    client.force_login(frontline)
    assert client.get(f"/corpus/guidance/{row.pk}/tags/").status_code == 403
    client.force_login(editor)
    response = client.post(
        f"/corpus/guidance/{row.pk}/tags/",
        {"strength": "must", "addressee": ["states"], "topics": ["identification"]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.topics == ["identification"] and row.corrected


@pytest.fixture
def long_document(ingest, tmp_path):
    text = "\n\n".join(f"{i}. Paragraph {i} of a long report on support." for i in range(1, 121))
    path = tmp_path / "long_report.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return ingest(path).document


def test_the_reader_is_paged_and_a_paragraph_link_opens_the_page_that_holds_it(
    client, frontline, long_document
):
    client.force_login(frontline)
    url = f"/corpus/documents/{long_document.pk}/"
    first = client.get(url).text
    assert 'id="para-50"' in first and 'id="para-51"' not in first and 'rel="next"' in first
    paragraph = long_document.paragraphs.get(locator="97")
    assert paragraph.url == f"{url}?at=para-97#para-97"
    held = client.get(paragraph.url.partition("#")[0]).text
    assert 'id="para-97"' in held and 'id="para-1"' not in held and "Page 2 of 3" in held


def test_a_reader_page_past_the_end_or_an_unknown_anchor_is_not_an_error(
    client, frontline, long_document
):
    client.force_login(frontline)
    url = f"/corpus/documents/{long_document.pk}/"
    assert 'id="para-120"' in client.get(url + "?page=9223372036854775807").text
    assert 'id="para-1"' in client.get(url + "?at=para-nowhere").text
