"""An OHCHR thematic-list matrix (a Word table of UPR recommendations) as a corpus document:
one citable unit per recommendation, with its recommending States, the reviewed State's
position and the table's themes kept beside the text. Plain Python, no Django.

The table is read by the diligence app's parser (`haven.diligence.matrix`, itself plain
Python), so both apps read a matrix the same way. A matrix has no symbol of its own; its
recommendations are numbered paragraphs of the Working Group's report ("115.3" is paragraph
115.3 of A/HRC/28/15), so that report's symbol — given, or read from the "Source of position"
lines, which cite the report or its addendum — is what each unit is cited by.
"""

import re
from pathlib import PurePath

from haven.corpus.structure import Paragraph, ParsedDocument, Recommendation
from haven.corpus.text import IngestError, check_docx_size
from haven.diligence.matrix import MatrixError, MatrixRecommendation, NotAMatrix, parse_matrix

# "A/HRC/28/15/Add.1" is the addendum of the report "A/HRC/28/15".
ADDENDUM = re.compile(r"/(?:Add|Corr|Rev)\.\d+$", re.IGNORECASE)
TITLE = "UPR recommendations, thematic list ({source})"


def read_matrix_document(
    name: str, data: bytes, *, symbol: str = "", title: str = ""
) -> ParsedDocument | None:
    """The matrix as a document, None when the file is not a matrix (read it as text), or
    IngestError naming the file, the table row and the field when a row does not fit."""
    check_docx_size(name, data)  # before python-docx unpacks anything
    try:
        items = parse_matrix(data, name=PurePath(name).name)
    except NotAMatrix:
        return None
    except MatrixError as error:
        raise IngestError(str(error)) from None
    report = symbol.strip() or report_symbol(items)
    return matrix_document(items, name=PurePath(name).name, report=report, title=title.strip())


def report_symbol(items: list[MatrixRecommendation]) -> str:
    """The report the positions cite (addenda reduced to it), when every row agrees."""
    found = {_base(item.position_source) for item in items if item.position_source}
    return found.pop() if len(found) == 1 and "" not in found else ""


def _base(source: str | None) -> str:
    symbol = (source or "").split(",")[0].strip()
    return ADDENDUM.sub("", symbol) if symbol.startswith(("A/", "E/")) else ""


def matrix_document(
    items: list[MatrixRecommendation], *, name: str, report: str, title: str
) -> ParsedDocument:
    """No symbol for the document itself: its key is its title, so ingesting the report
    (A/HRC/28/15) never replaces the matrix of its recommendations, nor the other way."""
    paragraphs = [_unit(item, position, name=name, report=report) for position, item in
                  enumerate(items, start=1)]  # fmt: skip
    return ParsedDocument(
        title=(title or TITLE.format(source=report or name))[:300],
        symbol="",
        date=None,
        front_text="",
        headings=[],
        paragraphs=paragraphs,
        footnotes={},
        rows=[],
    )


def _unit(item: MatrixRecommendation, position: int, *, name: str, report: str) -> Paragraph:
    # Lines are the table's rows: a matrix has no lines of text to point at.
    return Paragraph(
        locator=item.number,
        number=item.number,
        section="",
        heading=item.themes[0] if item.themes else None,
        text=item.text,
        first_line=item.row,
        last_line=item.row,
        position=position,
        in_recommendations=True,
        citation=citation(item.number, report=report, name=name),
        recommendation=Recommendation(
            states=list(item.recommending_states),
            position=item.position,
            position_source=item.position_source or "",
            themes=list(item.themes),
            cited_symbol=report,
        ),
    )


def citation(number: str, *, report: str, name: str) -> str:
    """`A/HRC/28/15, para. 115.3`; without the report's symbol, the file and the number."""
    if report:
        return f"{report}, para. {number}"
    return f"{name}, recommendation {number}"
