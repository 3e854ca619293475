"""The thematic-list matrix parser, on the two real OHCHR files and on matrices made here."""

import io
import re
from collections import Counter

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.diligence.matrix import (
    MatrixError,
    normalise_source,
    parse_matrix,
    read_matrix,
    split_states,
)
from haven.diligence.tests.conftest import MATRICES, make_matrix

NUMBER = re.compile(r"^\s*(\d+\.\d+)\s")
# Counted by the test from the files themselves, and recorded in docs/diligence.md.
EXPECTED = {MATRICES[0]: 163, MATRICES[1]: 215}


def _raw_rows(path):
    table = docx.Document(str(path)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    return [row for row in rows if NUMBER.match(row[0])]


@pytest.mark.parametrize("name", MATRICES)
def test_every_numbered_row_of_the_real_matrix_becomes_one_recommendation(samples, name):
    raw = _raw_rows(samples / name)
    parsed = read_matrix(samples / name)
    assert len(parsed) == len(raw) == EXPECTED[name]
    assert [r.number for r in parsed] == [NUMBER.match(row[0]).group(1) for row in raw]
    assert Counter(r.position for r in parsed) == Counter(row[1].strip().lower() for row in raw)


@pytest.mark.parametrize("name", MATRICES)
def test_each_recommending_state_is_named_in_brackets_and_removed_from_the_text(samples, name):
    for rec, row in zip(read_matrix(samples / name), _raw_rows(samples / name), strict=True):
        assert rec.recommending_states, rec.number
        for state in rec.recommending_states:
            assert re.search(r"[(,]\s*" + re.escape(state) + r"\s*[),]", row[0]), rec.number
            assert not rec.text.endswith(f"({state})")
        assert "ource of" not in rec.text
        assert rec.position_source and rec.position_source.startswith("A/HRC/")


def test_second_and_third_cycle_theme_layouts_give_the_same_theme_names(samples):
    second, third = (read_matrix(samples / name) for name in MATRICES)
    assert any(r.theme_codes for r in second) and not any(r.theme_codes for r in third)
    assert all(not t.startswith(("-", "A1")) for r in second + third for t in r.themes)
    assert any(r.sdgs for r in third) and all(s.isdigit() for r in third for s in r.sdgs)
    both = {t for r in second for t in r.themes} & {t for r in third for t in r.themes}
    assert "Prohibition of slavery, trafficking" in both


def test_a_merged_entry_keeps_both_texts_and_both_states():
    text, states = split_states("Do A (Ukraine); Do B (Slovakia);")
    assert (text, states) == ("Do A; Do B", ["Ukraine", "Slovakia"])


def test_brackets_that_are_part_of_the_text_stay_in_the_text():
    text, states = split_states(
        "Ratify the Forced Labour Protocol (No. 29) (United Kingdom of Great Britain and "
        "Northern Ireland);"
    )
    assert text.endswith("(No. 29)") and states == [
        "United Kingdom of Great Britain and Northern Ireland"
    ]
    assert split_states("Ratify the ICRMW (ICRMW) (Egypt)")[1] == ["Egypt"]


def test_state_names_with_their_own_brackets_are_kept_whole():
    _, states = split_states(
        "Act (Iran (Islamic Republic of), Venezuela (Bolivarian Republic of));"
    )
    assert states == ["Iran (Islamic Republic of)", "Venezuela (Bolivarian Republic of)"]
    _, lower = split_states("Act (the former Yugoslav Republic of Macedonia);")
    assert lower == ["the former Yugoslav Republic of Macedonia"]


STATE = st.from_regex(r"[A-Z][a-z]{2,12}( [A-Z][a-z]{2,10})?", fullmatch=True)
TEXT = st.from_regex(r"[A-Z][a-z ,]{5,60}[a-z]", fullmatch=True)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, states=st.lists(STATE, min_size=1, max_size=4, unique=True))
def test_text_and_states_come_apart_as_they_were_put_together(text, states):
    assert split_states(f"{text} ({', '.join(states)});") == (text.rstrip(" ,"), states)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A/HRC/28/15/Add.1 - Para. 3", "A/HRC/28/15/Add.1, para. 3"),
        ("A/HRC/43/15 - Para 121", "A/HRC/43/15, para. 121"),
        ("A/HRC/43/15/Add.1 - Para.4", "A/HRC/43/15/Add.1, para. 4"),
        ("A/HRC/43/15/Add.1", "A/HRC/43/15/Add.1"),
        ("A/HRC/28/15/Add.1, para. 3 - Para. 3", "A/HRC/28/15/Add.1, para. 3"),
    ],
)
def test_position_sources_are_cited_one_way(raw, expected):
    assert normalise_source(raw) == expected


def test_other_headings_and_a_partial_position_are_read():
    data = make_matrix(
        [["12.3 Do it (Chile)", "Partially supported", "Themes:\n- Work", ""]],
        heading=["Recommendations", "Response of the State", "Themes", "Comments"],
    )
    (rec,) = parse_matrix(data)
    assert (rec.number, rec.text, rec.position, rec.position_source) == (
        "12.3",
        "Do it",
        "partially_supported",
        None,
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"not a zip", "not a Word (.docx) document"),
        (make_matrix([], heading=["Name", "Age"]), "no heading row naming the columns"),
        (
            make_matrix([["Take action (Chile)", "Supported", "", ""]]),
            "row 2, field recommendation",
        ),
        (make_matrix([["1.1 Act (Chile)", "Maybe", "", ""]]), "row 2, field position: 'Maybe'"),
        (make_matrix([]), "holds no numbered recommendations"),
        (
            make_matrix(
                [["1.1 Act (Chile)", "Supported", "", ""], ["1.1 Other (Peru)", "Noted", "", ""]]
            ),
            "give recommendation 1.1 twice",
        ),
    ],
)
def test_a_bad_file_is_refused_with_the_place_of_the_problem(data, problem):
    with pytest.raises(MatrixError, match=re.escape(problem)) as error:
        parse_matrix(data, name="upload.docx")
    assert str(error.value).startswith("upload.docx")


def test_a_document_without_a_table_is_refused():
    document = docx.Document()
    document.add_paragraph("no table here")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(MatrixError, match="has no table"):
        parse_matrix(out.getvalue())
