"""Guidance as a reference tool in the `Source | Guidance` layout of seed 004 (lines 33-81):
CSV, XLSX and a printable HTML page (rendered by the view)."""

import csv
import io
from collections.abc import Callable, Iterable

from haven.corpus.classify import vocabulary
from haven.corpus.models import Guidance

HEADER = ["Source", "Guidance", "Citation", "Addressee", "Strength", "Topics"]
# A recommendation table's own fields, after the reference tool's (empty for other guidance).
HEADER += ["Recommending States", "Position", "Themes"]
# CSV and XLSX keep English labels in every language, as they do for the tags.
ENGLISH_POSITIONS = {
    "supported": "Supported",
    "noted": "Noted",
    "partially_supported": "Partially supported",
}


def english_position(code: str) -> str:
    return ENGLISH_POSITIONS.get(code, code)


def localized_position(code: str) -> str:
    return str(dict(Guidance.POSITIONS).get(code, code))


def source_of(row: Guidance) -> str:
    """The Source cell: the table's own cell for reference rows; for extracted guidance the
    same grammar, `<mandate> (<year>), <citation>`."""
    if row.source_raw:
        return row.source_raw
    year = f" ({row.year})" if row.year else ""
    body = row.mandate_name or row.document.title
    return f"{body}{year}, {row.citation}"


def table(
    rows: Iterable[Guidance],
    label: Callable[[str], str] | None = None,
    position: Callable[[str], str] = english_position,
) -> list[list[str]]:
    """Rows of the reference tool; ``label`` names a tag (default: the English label),
    ``position`` a recommendation's position."""
    label = label or vocabulary().label
    return [
        [
            source_of(row),
            row.text,
            row.citation,
            "; ".join(label(a) for a in row.addressee),
            label(row.strength),
            "; ".join(label(t) for t in row.topics),
            "; ".join(row.recommending_states),
            position(row.state_position) if row.state_position else "",
            "; ".join(row.themes),
        ]
        for row in rows
    ]


def to_csv(rows: Iterable[Guidance]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(_safe(r) for r in table(rows))
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs see UTF-8


def _safe(cells: list[str]) -> list[str]:
    # A cell starting with = + - @ would run as a formula when opened in a spreadsheet.
    return ["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in cells]


def to_xlsx(rows: Iterable[Guidance]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]  # openpyxl ships no type hints

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Reference tool"
    sheet.append(HEADER)
    for cells in table(rows):
        sheet.append(_safe(cells))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHI", (45, 90, 30, 25, 15, 40, 25, 15, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
