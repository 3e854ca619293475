"""Parsing hazards, one fixture each (see fixtures/)."""

from haven.corpus.structure import parse, plain_text
from haven.corpus.tests.conftest import FIXTURES
from haven.corpus.text import read_lines


def parsed(name, **kwargs):
    path = FIXTURES / name
    return parse(read_lines(name, path.read_bytes()), **kwargs)


def by_locator(document):
    return {p.locator: p for p in document.paragraphs}


def test_it_rejoins_a_paragraph_split_by_a_page_break_and_a_footnote_block():
    paragraph = by_locator(parsed("page_break_footnotes.txt"))["2"]
    assert paragraph.text.endswith("ends with a full stop.")
    assert "Second footnote text" not in paragraph.text
    assert (paragraph.first_line, paragraph.last_line) == (14, 20)


def test_it_rejoins_a_continuation_that_starts_in_lower_case():
    paragraph = by_locator(parsed("page_break_footnotes.txt"))["4"]
    assert paragraph.text.endswith("lowercase continuation.")


def test_it_separates_superscript_footnotes_and_lists_a_repeated_marker_once():
    document = parsed("page_break_footnotes.txt")
    paragraph = by_locator(document)["2"]
    assert paragraph.markers == ["2"]
    assert [f.text for f in document.footnotes_of(paragraph)] == ["Second footnote text."]


def test_it_keeps_sub_items_with_their_paragraph():
    paragraph = by_locator(parsed("page_break_footnotes.txt"))["3"]
    assert paragraph.text.splitlines()[1:] == ["(a) restitution;", "(b) rehabilitation."]


def test_it_reads_headings_and_recommendation_sections():
    document = parsed("page_break_footnotes.txt")
    paragraphs = by_locator(document)
    assert [h.key for h in document.headings if h.key[0] in "IV"] == ["I", "II", "II.A"]
    assert paragraphs["3"].heading == "A. To States" and paragraphs["3"].in_recommendations
    assert not paragraphs["1"].in_recommendations


def test_it_detects_symbol_date_and_citation_and_lets_given_metadata_win():
    document = parsed("page_break_footnotes.txt")
    assert document.symbol == "A/99/123" and str(document.date) == "2021-03-05"
    assert by_locator(document)["1"].citation == "A/99/123, para. 1"
    overridden = parsed("page_break_footnotes.txt", symbol="X/1/2")
    assert by_locator(overridden)["1"].citation == "X/1/2, para. 1"


def test_it_gives_unnumbered_paragraphs_locators_from_section_and_position():
    document = parsed("unnumbered_sections.md")
    assert list(by_locator(document)) == ["1.p1", "1.p2", "2.1.p1"]
    assert by_locator(document)["1.p2"].citation.endswith("section 1, para. 2")


def test_it_reads_markdown_headings_at_inconsistent_levels_by_their_numbers():
    levels = {h.key: h.level for h in parsed("unnumbered_sections.md").headings}
    assert levels["2"] == 1 and levels["2.1"] == 2


def test_it_keeps_a_list_inside_a_footnote_with_the_footnote():
    document = parsed("unnumbered_sections.md")
    note = document.footnotes["1"]
    assert note.text.endswith("second item of the footnote.")
    paragraph = by_locator(document)["2.1.p1"]
    assert paragraph.text.endswith("continues after it, in the same paragraph.")
    assert "first item" not in paragraph.text


def test_it_gives_speeches_and_working_groups_stable_unique_locators():
    document = parsed("speeches.txt")
    locators = [p.locator for p in document.paragraphs]
    assert len(locators) == len(set(locators))
    assert locators == [p.locator for p in parsed("speeches.txt").paragraphs]
    assert document.headings[0].text == "WELCOME ADDRESS TO THE FIXTURE SEMINAR"
    assert document.paragraphs[0].text.startswith("Ladies and Gentlemen, this speech is hard")
    assert document.paragraphs[1].text.startswith("A new paragraph starts")
    assert "4.1:1" in locators


def test_it_reads_reference_table_rows_with_cells_wrapped_in_p():
    rows = parsed("reference_table.txt").rows
    assert len(rows) == 4
    assert rows[2].source == "SR migrants (2014), A/HRC/26/35 (para.89)"
    assert rows[2].guidance.startswith("Undertake all")
    assert rows[3].group == "Guidance from Treaty Bodies"


def test_it_reads_bracketed_and_sup_footnotes_in_html():
    document = parsed("bracketed.html")
    paragraphs = by_locator(document)
    assert document.symbol == "B/55/1"
    assert paragraphs["1"].markers == ["1"] and paragraphs["2"].markers == ["2"]
    assert document.footnotes["1"].text == "The bracketed footnote."
    assert len(document.rows) == 1


def test_a_number_out_of_sequence_is_not_a_new_paragraph_and_recommendations_are_units():
    from haven.corpus.structure import parse

    lines = [
        "1. The first paragraph states a fact.",
        "",
        "2. The second paragraph counts as many as",
        "",
        "45. of them, and goes on.",
        "",
        "3. The recommendations below were made:",
        "",
        "3.1 Ratify the convention (Norway);",
        "",
        "3.2 Protect victims (Chile).",
    ]
    document = parse(lines, symbol="A/HRC/1/1")
    assert [p.locator for p in document.paragraphs] == ["1", "2", "3", "3.1", "3.2"]
    assert document.paragraphs[1].text.endswith("45. of them, and goes on.")
    assert document.paragraphs[3].citation == "A/HRC/1/1, para. 3.1"
    assert document.paragraphs[3].in_recommendations


def test_a_square_metre_after_a_number_is_a_unit_not_a_footnote_marker():
    lines = [
        "1. Shelters gave each person 7m² and the camp covered 40 km³ of land.²",
        "",
        "² The footnote.",
    ]
    document = parse(lines, symbol="X/1", title="")
    paragraph = by_locator(document)["1"]
    assert paragraph.markers == ["2"]
    assert "7m²" in plain_text(paragraph.text) and "40 km³" in plain_text(paragraph.text)
