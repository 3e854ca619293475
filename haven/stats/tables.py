"""The dashboard's tables as rows for CSV and XLSX downloads."""

import csv
import io

from haven.stats.disclosure import Mark
from haven.stats.present import Cell, Shown

HEADER = ["Indicator", "Category", "Count", "Share of records with a value", "Note"]
NOTES = {Mark.PRIMARY: "suppressed: fewer than k", Mark.SECONDARY: "suppressed: complementary"}


def text(cell: Cell) -> str:
    return "" if cell.value is None else str(cell.value)


def _count(cell: Cell, share: str = "") -> list[str]:
    return [text(cell), share, NOTES.get(cell.mark, "")]


def rows(shown: list[Shown]) -> list[list[str]]:
    out = []
    for item in shown:
        name = item.indicator.name
        if item.refused:
            out.append([name, "", "", "", "not shown: the filter would single out persons"])
            continue
        for row in item.rows:
            out.append([name, row.label, text(row.cell), row.share, NOTES.get(row.cell.mark, "")])
        out.append(
            [name, "Records with a value", text(item.counted), "", NOTES.get(item.counted.mark, "")]
        )
        out.append(
            [
                name,
                "Records without a value",
                text(item.missing),
                "",
                NOTES.get(item.missing.mark, ""),
            ]
        )
    return out


def to_csv(shown: list[Shown]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows([[_safe(c) for c in row] for row in rows(shown)])
    return out.getvalue().encode("utf-8-sig")


def _safe(cell: str) -> str:
    # A cell starting with = + - @ would run as a formula when opened in a spreadsheet.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def to_xlsx(shown: list[Shown]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Statistics"
    sheet.append(HEADER)
    for row in rows(shown):
        sheet.append([_safe(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
