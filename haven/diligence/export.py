"""Recommendations with their measures and progress, as CSV or XLSX rows (one row for each
report, or for a measure or recommendation that has none yet). No user names are exported.
Also the bytes of a Word document built by report.py: every file leaving the app is written
here, where a `.save()` writes a file, never a model."""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints

from haven.diligence.models import Recommendation

HEADER = [
    "State", "Mechanism", "Cycle", "Number", "Recommendation", "Recommending States",
    "Position", "Position source", "Themes", "Areas", "Measure", "Institution", "Target date",
    "Status", "Indicator", "Reporting every (months)", "Report due", "Progress", "Figures",
    "Evidence",
]  # fmt: skip


def rows(recommendations: Iterable[Recommendation]) -> Iterator[list[Any]]:
    for rec in recommendations:
        head = [
            rec.state, rec.mechanism, rec.cycle or "", rec.number, rec.text,
            "; ".join(rec.recommending_states), rec.get_position_display(), rec.position_source,
            "; ".join(rec.themes), "; ".join(rec.areas),
        ]  # fmt: skip
        measures = list(rec.measures.all())
        if not measures:
            yield head + [""] * (len(HEADER) - len(head))
        for measure in measures:
            yield from _measure_rows(head, measure)


def _measure_rows(head: list[Any], measure: Any) -> Iterator[list[Any]]:
    part = [
        measure.title, measure.institution.name,
        measure.target_date.isoformat() if measure.target_date else "",
        measure.get_status_display(),
    ]  # fmt: skip
    reports = [(i, r) for i in measure.indicators.all() for r in i.reports.all()]
    if not reports:
        yield head + part + [""] * 6
    for indicator, report in reports:
        figures = "; ".join(f"{k} = {v}" for k, v in report.figures.items())
        yield head + part + [
            indicator.name, indicator.frequency_months, report.due_date.isoformat(),
            report.text, figures, report.evidence,
        ]  # fmt: skip


def to_csv(recommendations: Iterable[Recommendation]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows(recommendations))
    return "\ufeff" + out.getvalue()  # BOM: spreadsheet programs then read UTF-8


def to_xlsx(recommendations: Iterable[Recommendation]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Recommendations"
    sheet.append(HEADER)
    for row in rows(recommendations):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes(document: Any) -> bytes:
    """A python-docx Document as the bytes of its .docx file."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
