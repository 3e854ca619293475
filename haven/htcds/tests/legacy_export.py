"""The HTCDS export as it was before it was made fast (issue 17 item 5), kept only so that
test_export_parity.py can check the fast export writes the same bytes. Not used by Haven."""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import F, Prefetch, QuerySet

from haven.accounts.models import Organisation
from haven.cases.models import Case, PerpetratorContext, TraffickingEvent, VictimContext
from haven.core.text import without_control_characters
from haven.htcds import catalogue
from haven.htcds.records import (
    EVENTS,
    PERPETRATORS,
    VICTIM_FIELDS,
    cell,
    columns,
    empty_record,
    row_of,
)

FORMATS = ("json", "csv", "xlsx")
SHEET = "HTCDS cases"
ATTRIBUTION_SHEET = "Attribution"
# Cells a spreadsheet would run as a formula; CSV escapes them (and "'") with a leading "'".
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def cases_to_export(organisation: Organisation | None = None) -> QuerySet[Case]:
    cases = (
        Case.objects.all()
        if organisation is None
        else Case.objects.filter(organisation=organisation)
    )
    return (
        cases.select_related("person", "organisation", "assigned_to", "victim_context")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=TraffickingEvent.objects.order_by(F("date").asc(nulls_last=True), "pk"),
            ),
            Prefetch("perpetrators", queryset=PerpetratorContext.objects.order_by("pk")),
        )
        .order_by("pk")
    )


def _victim_context(case: Case) -> VictimContext | None:
    try:
        return case.victim_context
    except VictimContext.DoesNotExist:
        return None


def _value(value: Any) -> Any:
    """A model value as a canonical record value: blanks become None, dates ISO strings."""
    if value == "" or value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def case_record(case: Case) -> dict[str, Any]:
    """One case as an HTCDS record (see haven.htcds.records)."""
    person = case.person
    record = empty_record()
    record.update(
        {
            "org_Name": case.organisation.name,
            "prs_FirstName": person.first_name,
            "prs_MiddleName": _value(person.middle_name),
            "prs_SecondName": _value(person.second_name),
            "prs_Birthdate": _value(person.birthdate),
            "prs_Gender": _value(person.gender),
            "prs_Citizenship": [person.nationality] if person.nationality else [],
            "cas_Status": case.status,
            "cas_ReasonForCaseClosure": _value(case.closure_reason),
            "cas_CaseOwner": case.assigned_to.get_username(),
        }
    )
    context = _victim_context(case)
    if context is not None:
        for name in VICTIM_FIELDS:
            value = _value(getattr(context, VictimContext.HTCDS_FIELDS[name]))
            record[name] = [] if value is None and isinstance(record[name], list) else value
    record[EVENTS] = [
        {name: _value(getattr(event, attr)) for name, attr in TraffickingEvent.HTCDS_FIELDS.items()}
        for event in case.events.all()
    ]
    record[PERPETRATORS] = [
        {
            "per_RoleInProcess": list(per.roles),
            "per_RoleDetails": _value(per.role_details),
        }
        for per in case.perpetrators.all()
    ]
    return record


def iter_records(cases: QuerySet[Case]) -> Iterator[dict[str, Any]]:
    for case in cases.iterator(chunk_size=2000):
        yield case_record(case)


# --- writers -----------------------------------------------------------------------------------


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def _csv_cell(value: Any) -> str:
    text = str(cell(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(records: list[dict[str, Any]]) -> str:
    names = columns(records)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for record in records:
        writer.writerow([_csv_cell(value) for value in row_of(record, names)])
    return buffer.getvalue()


def to_xlsx(records: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    names = columns(records)
    sheet.append(names)
    for record in records:
        sheet.append([_xlsx_cell(sheet, value) for value in row_of(record, names)])
    credit = workbook.create_sheet(ATTRIBUTION_SHEET)
    for key, text in catalogue.attribution().items():
        credit.append([key, text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Text stays text: a value starting with "=" must not become a formula; control
    characters, which XLSX cannot hold (openpyxl refuses the whole file), are dropped."""
    if isinstance(value, str):
        value = without_control_characters(value)
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]  # openpyxl ships no type hints

        written = WriteOnlyCell(sheet, value)
        written.data_type = "s"
        return written
    return value


def render(records: Iterable[dict[str, Any]], output_format: str) -> str | bytes:
    items = list(records)
    if output_format == "json":
        return to_json(items)
    if output_format == "csv":
        return to_csv(items)
    if output_format == "xlsx":
        return to_xlsx(items)
    raise ValueError(f"unknown format {output_format!r}: use one of {', '.join(FORMATS)}")


def json_array(cases: QuerySet[Case]) -> str:
    """What write_json_array wrote: the records one by one, as `haven htcds export` streams."""
    out = io.StringIO()
    out.write("[")
    for count, record in enumerate(iter_records(cases)):
        text = json.dumps(record, indent=2, ensure_ascii=False)
        out.write(("," if count else "") + "\n" + text)
    out.write("\n]\n")
    return out.getvalue()
