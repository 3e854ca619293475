"""The five seeds ingest cleanly (read from HAVEN_SEEDS_DIR; skipped without them, a failure
under CI=true), and the command-line JSON contracts."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from haven.corpus.models import Document, Guidance

pytestmark = pytest.mark.django_db


def seed(directory, doc):
    return sorted(directory.glob(f"{doc}_*.txt"))[0]


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def corpus(seeds, ingest):
    ingest(seed(seeds, "001"), symbol="A/70/260")
    ingest(seed(seeds, "004"), title="Foundations for Implementation")
    return seeds


def test_all_five_seeds_ingest_cleanly(seeds, ingest):
    for doc in ("000", "001", "002", "003", "004"):
        result = ingest(seed(seeds, doc), title=f"Seed {doc}")
        assert result.paragraphs > 0
    assert Document.objects.count() == 5


def test_seed_001_yields_paragraphs_1_to_54_with_footnotes_apart_and_44_whole(corpus):
    document = Document.objects.get(symbol="A/70/260")
    numbered = [p for p in document.paragraphs.all() if p.number]
    assert [p.number for p in numbered] == [str(n) for n in range(1, 55)]
    para44 = document.paragraphs.get(locator="44")
    assert para44.text.startswith("States that have failed")
    assert para44.text.endswith("facilitate access to remedies.")
    assert "¹⁰⁶" not in para44.text and "Guiding Principles" not in para44.text
    assert document.paragraphs.get(locator="42").footnote_markers[-1] == "112"
    assert document.footnotes.count() >= 112


def test_seed_004_yields_33_rows_and_links_those_citing_an_ingested_document(corpus):
    rows = Guidance.objects.filter(kind=Guidance.REFERENCE)
    assert rows.count() == 33
    linked = rows.filter(paragraph__isnull=False)
    assert sorted(g.paragraph.citation for g in linked) == [
        "A/70/260, para. 45",
        "A/70/260, para. 48",
    ]
    assert rows.filter(group="Guidance from Treaty Bodies").count() == 4


def test_paragraphs_json_contract(corpus):
    data = json.loads(run("paragraphs", "A/70/260", "--json"))
    para44 = next(p for p in data if p["locator"] == "44")
    assert set(para44) >= {"locator", "citation", "heading", "text", "footnotes"}
    assert para44["citation"] == "A/70/260, para. 44"
    assert para44["heading"] == "V. Recommendations"


def test_guidance_json_contract_and_filters(corpus):
    data = json.loads(run("guidance", "--document", "A/70/260", "--json"))
    assert data and set(data[0]) >= {"citation", "text", "addressee", "strength", "topics"}
    children = json.loads(run("guidance", "--topic", "children", "--json"))
    assert children and all("children" in g["topics"] for g in children)


def test_search_json_contract(corpus):
    data = json.loads(run("search", "due diligence", "--limit", "3", "--json"))
    assert len(data) == 3
    assert set(data[0]) == {
        "citation", "text", "snippet", "score", "recommending_states", "state_position"
    }  # fmt: skip
    assert (data[0]["recommending_states"], data[0]["state_position"]) == ([], None)
    assert "<mark>" in data[0]["snippet"]
    assert "Reindexed" in run("search", "--reindex")


def test_commands_fail_clearly(tmp_path):
    with pytest.raises(CommandError, match="no document"):
        run("paragraphs", "X/1", "--json")
    with pytest.raises(CommandError, match="not a date"):
        run("ingest", str(tmp_path / "x.txt"), "--date", "2015-13-01")
    with pytest.raises(CommandError, match="empty"):
        (tmp_path / "empty.txt").write_text("")
        run("ingest", str(tmp_path / "empty.txt"))
