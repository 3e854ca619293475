"""A recommendation table (the OHCHR thematic-list matrix, Word) ingested into the corpus: one
citable unit and one guidance row per recommendation, with its recommending States, the
reviewed State's position and its themes in fields of their own, not in the text. Read on the
two real matrices (HAVEN_CORPUS_SAMPLES_DIR; skipped without them, a failure under CI=true)
and on matrices written here."""

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.corpus import search
from haven.corpus.actions import do_ingest_file, prepare
from haven.corpus.models import Document, Guidance, Paragraph
from haven.corpus.serialize import filter_guidance, guidance_json, search_json
from haven.corpus.tests.sample_check import samples_dir
from haven.corpus.text import IngestError
from haven.corpus.upr_matrix import read_matrix_document
from haven.diligence.matrix import read_matrix
from haven.testing.shared import unavailable

MATRICES = ("UPR20_Slovenia_thematic_list.docx", "UPR34_Slovenia_thematic_list.docx")

# (recommendations, supported, noted, the report their numbers belong to), counted from the
# files by the diligence parser's own test (docs/diligence.md).
EXPECTED = {
    MATRICES[0]: (163, 142, 21, "A/HRC/28/15"),
    MATRICES[1]: (215, 182, 33, "A/HRC/43/15"),
}
ROW = [
    "140.82 Strengthen assistance to victims of trafficking in persons (Paraguay, Chile);"
    "\nSource of Position: A/HRC/59/15/Add.1 - Para.4",
    "Supported",
    "- Prohibition of slavery, trafficking\nSDGs:\n- 5 - GENDER EQUALITY",
    "",
]
NOTED = [
    "140.83 Ratify the Domestic Workers Convention, 2011 (No. 189) (Norway);"
    "\nSource of Position: A/HRC/59/15/Add.1 - Para.5",
    "Noted",
    "- Right to work",
    "",
]


def make_matrix(rows: list[list[str]]) -> bytes:
    """A small Word matrix in the OHCHR layout, written by the test itself."""
    import docx

    heading = ["Recommendation", "Position", "Full list of themes", "Assessment"]
    document = docx.Document()
    table = document.add_table(rows=0, cols=len(heading))
    for cells in [heading, *rows]:
        for cell, text in zip(table.add_row().cells, cells, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def sample(name: str) -> Path:
    path = samples_dir() / name
    if not path.exists():
        reason = f"{name} not found in {samples_dir()} (set HAVEN_CORPUS_SAMPLES_DIR)"
        unavailable(reason)
    return path


@pytest.fixture
def ingest_bytes(django_capture_on_commit_callbacks):
    def run(name, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return do_ingest_file(name, data, acting_user=None, **kwargs)

    return run


@pytest.mark.parametrize("name", MATRICES)
def test_each_recommendation_of_a_real_matrix_is_one_unit_like_the_diligence_parser_reads(name):
    path = sample(name)
    count, supported, noted, report = EXPECTED[name]
    parsed = prepare(name, path.read_bytes())
    units = parsed.paragraphs
    assert len(units) == len(read_matrix(path)) == count
    positions = Counter(u.recommendation.position for u in units if u.recommendation)
    assert positions == {"supported": supported, "noted": noted}
    assert [u.locator for u in units] == [item.number for item in read_matrix(path)]
    assert all(u.citation == f"{report}, para. {u.number}" for u in units)
    assert parsed.symbol == "" and report in parsed.title  # the matrix is not the report


@pytest.mark.parametrize("name", MATRICES)
def test_recommending_states_position_and_themes_stay_out_of_the_text(name):
    units = prepare(name, sample(name).read_bytes()).paragraphs
    for unit in units:
        found = unit.recommendation
        assert found and found.states and found.themes, unit.locator
        for state in found.states:
            assert not re.search(r"\(\s*" + re.escape(state) + r"\s*[),]", unit.text), unit.locator
        assert "ource of" not in unit.text and not unit.text.endswith(("Supported", "Noted"))
        assert not unit.text.startswith(unit.number)


@pytest.mark.django_db
def test_a_real_matrix_ingested_gives_one_guidance_row_per_recommendation(ingest_bytes):
    path = sample(MATRICES[0])
    result = ingest_bytes(path.name, path.read_bytes())
    assert (result.paragraphs, result.guidance) == (163, 163)
    rows = Guidance.objects.filter(document=result.document)
    assert Counter(rows.values_list("state_position", flat=True)) == {"supported": 142, "noted": 21}
    row = rows.get(key="115.3")
    assert row.recommending_states == ["Portugal", "Slovakia"]
    assert "Portugal" not in row.text and "Slovakia" not in row.text
    assert row.text == row.paragraph.text
    assert row.citation == "A/HRC/28/15, para. 115.3" == row.paragraph.citation
    assert row.themes == ["Acceptance of international norms"]
    assert row.position_source == "A/HRC/28/15/Add.1, para. 3"
    assert (row.cited_symbol, row.cited_number) == ("A/HRC/28/15", "115.3")


@pytest.mark.django_db
def test_the_symbol_given_wins_and_ingesting_again_replaces_the_matrix(ingest_bytes):
    data = make_matrix([ROW, NOTED])
    first = ingest_bytes("list.docx", data, symbol="A/HRC/59/15")
    again = ingest_bytes("list.docx", data, symbol="A/HRC/59/15")
    assert again.replaced and Document.objects.count() == 1
    citations = list(Paragraph.objects.values_list("citation", flat=True))
    assert citations == ["A/HRC/59/15, para. 140.82", "A/HRC/59/15, para. 140.83"]
    assert first.document.key == again.document.key == "UPR recommendations, thematic list " \
        "(A/HRC/59/15)"  # fmt: skip


@pytest.mark.django_db
def test_ingesting_the_report_itself_does_not_replace_its_matrix(ingest_bytes):
    ingest_bytes("list.docx", make_matrix([ROW]))
    ingest_bytes("report.txt", b"A/HRC/59/15\n\nReport of the Working Group\n\n1. Text.\n")
    assert Document.objects.count() == 2


def test_the_report_symbol_comes_from_the_sources_of_position_when_they_agree():
    parsed = read_matrix_document("list.docx", make_matrix([ROW, NOTED]))
    assert parsed and parsed.paragraphs[0].citation == "A/HRC/59/15, para. 140.82"
    other = NOTED[:1] + NOTED[1:]
    other[0] = other[0].replace("A/HRC/59/15", "A/HRC/60/1")
    mixed = read_matrix_document("mixed.docx", make_matrix([ROW, other]))
    assert mixed and mixed.paragraphs[0].citation == "mixed.docx, recommendation 140.82"


def test_without_a_source_of_position_a_unit_is_cited_by_the_file_and_number():
    row = ["140.1 Ratify the Convention (Chile);", "Supported", "- Right to work", ""]
    parsed = read_matrix_document("/tmp/UPR9 list.docx", make_matrix([row]))
    assert parsed and parsed.paragraphs[0].citation == "UPR9 list.docx, recommendation 140.1"
    assert parsed.title == "UPR recommendations, thematic list (UPR9 list.docx)"


@pytest.mark.django_db
def test_a_bad_row_is_refused_naming_file_row_and_field_and_stores_nothing(ingest_bytes):
    bad = ["140.2 Do it (Chile);", "Rejected", "- Right to work", ""]
    with pytest.raises(IngestError, match=r"list\.docx: table row 3, field position: 'Rejected'"):
        ingest_bytes("list.docx", make_matrix([ROW, bad]))
    assert not Document.objects.exists()


def test_a_word_document_that_is_not_a_matrix_is_read_as_text():
    import docx

    document = docx.Document()
    document.add_paragraph("A/HRC/1/1")
    document.add_paragraph("1. The Council recommends that States act.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Name", "Value"
    out = io.BytesIO()
    document.save(out)
    assert read_matrix_document("report.docx", out.getvalue()) is None
    parsed = prepare("report.docx", out.getvalue())
    assert parsed.symbol == "A/HRC/1/1" and parsed.paragraphs[0].recommendation is None


def test_a_matrix_that_would_unpack_beyond_the_bound_is_refused_before_it_is_read(monkeypatch):
    from haven.corpus import text

    monkeypatch.setattr(text, "MAX_UNPACKED", 1000)
    with pytest.raises(IngestError, match=r"big\.docx: unpacks to more than"):
        read_matrix_document("big.docx", make_matrix([ROW]))


@pytest.mark.django_db
def test_json_export_and_search_carry_the_fields_and_position_filters(ingest_bytes):
    ingest_bytes("list.docx", make_matrix([ROW, NOTED]))
    noted = filter_guidance(position="noted")
    [item] = guidance_json(noted)
    assert item["recommending_states"] == ["Norway"] and item["state_position"] == "noted"
    assert item["themes"] == ["Right to work"] and "Norway" not in item["text"]
    assert item["position_source"] == "A/HRC/59/15/Add.1, para. 5"
    from haven.corpus.export import to_csv

    lines = list(csv.reader(io.StringIO(to_csv(filter_guidance()).decode("utf-8-sig"))))
    assert lines[0][-3:] == ["Recommending States", "Position", "Themes"]
    assert lines[1][-3:] == ["Paraguay; Chile", "Supported", "Prohibition of slavery, trafficking"]
    [hit] = search_json(search.search("Domestic Workers Convention").hits)
    assert (hit["recommending_states"], hit["state_position"]) == (["Norway"], "noted")


@pytest.mark.django_db
def test_the_guidance_and_search_pages_show_states_and_position(client, ingest_bytes):
    from haven.accounts.roles import OrgType, Role
    from haven.testing.fixtures import make_organisation, make_user

    ingest_bytes("list.docx", make_matrix([ROW, NOTED]))
    client.force_login(make_user(make_organisation("O", OrgType.NGO, "SI"), Role.FRONTLINE_WORKER))
    page = client.get(reverse("corpus:guidance"), {"position": "noted"}).content.decode()
    assert "Norway" in page and "Paraguay" not in page and "Right to work" in page
    assert "A/HRC/59/15/Add.1, para. 5" in page
    found = client.get(reverse("corpus:search"), {"q": "victims"}).content.decode()
    assert "Recommended by Paraguay, Chile." in found and "Supported" in found
    reader = client.get(reverse("corpus:document", args=[Document.objects.get().pk]))
    assert "Recommended by Norway. Position: Noted (A/HRC/59/15/Add.1, para. 5)" in " ".join(
        reader.content.decode().split()
    )


STATE = st.sampled_from(["Chile", "Norway", "Iran (Islamic Republic of)", "the Niger", "Peru"])
WORDS = st.lists(
    st.sampled_from(["Ratify", "the", "Convention", "(No. 29)", "victims", "and", "shelters"]),
    min_size=1,
    max_size=8,
)


@st.composite
def matrix_rows(draw: st.DrawFn) -> list[tuple[str, list[str], str]]:
    count = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for index in range(1, count + 1):
        states = draw(st.lists(STATE, min_size=1, max_size=3, unique=True))
        words = " ".join(["Do", *draw(WORDS)])
        rows.append((f"140.{index} {words} ({', '.join(states)});", states, draw(
            st.sampled_from(["Supported", "Noted"]))))  # fmt: skip
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=matrix_rows(), themed=st.booleans())
def test_reading_a_matrix_never_loses_a_row(rows, themed):
    cells = [["Theme: Right to work"] * 4] if themed else []
    cells += [[text, position, "- Right to work", ""] for text, _, position in rows]
    parsed = read_matrix_document("m.docx", make_matrix(cells))
    assert parsed is not None and len(parsed.paragraphs) == len(rows)
    for unit, (_, states, position) in zip(parsed.paragraphs, rows, strict=True):
        assert unit.recommendation and unit.recommendation.states == states
        assert unit.recommendation.position == position.lower()
        assert all(f"({state}" not in unit.text for state in states)


@pytest.mark.django_db
def test_the_position_and_its_labels_are_shown_in_the_readers_language(client, ingest_bytes):
    from django.utils import translation

    from haven.accounts.roles import OrgType, Role
    from haven.testing.fixtures import make_organisation, make_user

    ingest_bytes("list.docx", make_matrix([NOTED]))
    client.force_login(make_user(make_organisation("O", OrgType.NGO, "SI"), Role.FRONTLINE_WORKER))
    with translation.override("fr"):
        page = client.get(reverse("corpus:guidance"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        found = client.get(reverse("corpus:search"), {"q": "Domestic"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "États auteurs de la recommandation" in page and "Prise en note" in page
    assert "Recommandée par Norway." in found.content.decode()
