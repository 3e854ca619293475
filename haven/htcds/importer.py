"""Import HTCDS records: Haven's own export (JSON, CSV, XLSX) and XLSForm submissions (CSV, XLSX
from ODK or KoboToolbox). Formats and errors: docs/htcds.md.

Every row is checked first and every problem reported with its row and field. By default
nothing is imported when any row has a problem; `partial` imports the valid rows only. The
import itself is the action: one transaction that writes the persons, cases, victim contexts,
events and perpetrator contexts and one audit event "htcds.imported" with the counts.
"""

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability
from haven.audit.action import action
from haven.audit.log import record as audit
from haven.cases.actions import flag_duplicates
from haven.cases.models import Case, PerpetratorContext, Person, TraffickingEvent, VictimContext
from haven.core.text import control_character
from haven.htcds import catalogue
from haven.htcds.records import (
    CASE_LEVEL_FIELDS,
    EVENT_FIELDS,
    EVENTS,
    GROUPS,
    PERPETRATOR_FIELDS,
    PERPETRATORS,
    VICTIM_FIELDS,
    Column,
    Problem,
    clean_record,
    is_stored,
    read_header,
    source_of_row,
)

SUFFIXES = {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}
HEADER_ROW = 1


class ImportRefused(Exception):
    """The file cannot be imported; `problems` lists every reason, each with row and field."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


@dataclass
class Row:
    row: int | str  # spreadsheet row number, or "record N" in a JSON file
    record: dict[str, Any]
    problems: list[Problem]


@dataclass
class Plan:
    """A file read and checked, before anything is written."""

    path: Path
    file_format: str
    rows: list[Row]
    not_stored: Counter[str] = field(default_factory=Counter)  # field -> rows with a value

    @property
    def problems(self) -> list[Problem]:
        return [p for row in self.rows for p in row.problems]

    @property
    def valid(self) -> list[Row]:
        return [row for row in self.rows if not row.problems]

    @property
    def invalid(self) -> list[Row]:
        return [row for row in self.rows if row.problems]


@dataclass
class Result:
    plan: Plan
    case_ids: list[int]
    imported: int
    skipped: list[Row]
    owners_defaulted: int
    dry_run: bool


# --- reading -----------------------------------------------------------------------------------


def file_format(path: Path) -> str:
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise ImportRefused(
            path, [f"unknown file type {path.suffix!r}: use .json, .csv or .xlsx"]
        ) from None


def _problems(row: int | str, messages: list[str]) -> list[Problem]:
    found = []
    for message in messages:
        name, _, text = message.partition(": ")
        found.append(Problem(row, name, text))
    return found


def _read_json(path: Path, plan: Plan) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportRefused(path, [f"not valid JSON: {error}"]) from None
    if not isinstance(data, list):
        raise ImportRefused(path, ["not a list of HTCDS records (see docs/htcds.md)"])
    for number, item in enumerate(data, start=1):
        label = f"record {number}"
        if not isinstance(item, dict):
            plan.rows.append(Row(label, {}, [Problem(label, "-", "not an object")]))
            continue
        messages = _unknown_keys(item, plan)
        cleaned = clean_record(item)
        plan.rows.append(Row(label, cleaned.record, _problems(label, messages + cleaned.problems)))


def _unknown_keys(item: dict[str, Any], plan: Plan) -> list[str]:
    """Problems for keys that are no HTCDS field; HTCDS fields Haven does not hold are counted."""
    known = set(CASE_LEVEL_FIELDS) | set(GROUPS)
    messages = []
    for key, value in item.items():
        if key in known:
            continue
        if key not in catalogue.catalogue().fields:
            messages.append(f"{key}: not an HTCDS field")
        elif value not in (None, "", []):
            plan.not_stored[key] += 1
    return messages


def _read_header(path: Path, header: list[Any]) -> list[Column]:
    columns: list[Column] = []
    problems = []
    seen: dict[str, str] = {}
    for position, text in enumerate(header, start=1):
        if text is None or not str(text).strip():
            columns.append(Column("", None))
            continue
        try:
            column = read_header(str(text))
        except ValueError as error:
            problems.append(f"row {HEADER_ROW}, column {position}: {error}")
            column = Column(str(text), None)
        key = f"{column.field}[{column.index}]" if column.index else str(column.field)
        if column.field and key in seen:
            problems.append(
                f"row {HEADER_ROW}, column {position}: {column.header!r} repeats"
                f" {seen[key]!r} (both are {key})"
            )
        seen.setdefault(key, column.header)
        columns.append(column)
    if problems:
        raise ImportRefused(path, problems)
    return columns


def _read_table(path: Path, plan: Plan, table: list[list[Any]]) -> None:
    if not table:
        raise ImportRefused(path, ["the file is empty: no header row"])
    header, *body = table
    columns = _read_header(path, header)
    for number, values in enumerate(body, start=HEADER_ROW + 1):
        if all(_blank(v) for v in values):
            continue
        for column, value in zip(columns, values, strict=False):
            if column.field and not is_stored(column.field) and not _blank(value):
                plan.not_stored[column.field] += 1
        cleaned = clean_record(source_of_row(columns, list(values)), tabular=True)
        plan.rows.append(Row(number, cleaned.record, _problems(number, cleaned.problems)))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _csv_table(path: Path) -> list[list[Any]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(path, [f"not UTF-8 text: {error}"]) from None
    first = text.partition("\n")[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Kobo's CSV uses ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:  # e.g. a field over csv.field_size_limit() (128 KiB)
        raise ImportRefused(path, [f"line {reader.line_num}: {error}"]) from None
    return [[_unescape(value) for value in row] for row in rows]


def _unescape(value: str) -> str:
    """Haven's CSV export writes a leading "'" before text a spreadsheet would run as a formula
    (and before a leading "'"): remove it."""
    return value[1:] if value.startswith("'") else value


def _xlsx_table(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise ImportRefused(path, [f"not an XLSX workbook: {error}"]) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_file(path: Path) -> Plan:
    """Read and check a file; nothing is written."""
    kind = file_format(path)
    if not path.is_file():
        raise ImportRefused(path, ["file not found"])
    plan = Plan(path, kind, [])
    if kind == "json":
        _read_json(path, plan)
    else:
        _read_table(path, plan, _csv_table(path) if kind == "csv" else _xlsx_table(path))
    for row in plan.rows:
        row.problems += _control_problems(row)
    return plan


def _control_problems(row: Row) -> list[Problem]:
    """Text with control characters is refused at the edge (PostgreSQL refuses NUL)."""
    found = []
    for name, value in row.record.items():
        for text in _strings(value):
            character = control_character(text)
            if character:
                found.append(Problem(row.row, name, f"holds the control character {character}"))
                break
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _strings(item)]
    if isinstance(value, list):
        return [t for item in value for t in _strings(item)]
    return []


# --- writing -----------------------------------------------------------------------------------


def _organisation(user: User, organisation: Organisation | None) -> Organisation:
    """The acting user's organisation, where the user may create support records: as for
    do_open_case, imported cases belong to the acting user's organisation."""
    if not user.can(Capability.CREATE_SUPPORT_RECORDS) or user.organisation is None:
        raise PermissionDenied(
            f"Your roles do not allow {Capability.CREATE_SUPPORT_RECORDS.value}."
        )
    if organisation is not None and organisation.pk != user.organisation_id:
        raise PermissionDenied(
            f"{user.get_username()} belongs to another organisation than {organisation.name}:"
            " cases are imported into the acting user's organisation."
        )
    return user.organisation


def _owners(organisation: Organisation) -> dict[str, User]:
    """Who may be a case's owner (cas_CaseOwner): support workers of the organisation."""
    members = User.objects.filter(organisation=organisation, is_active=True)
    return {u.get_username(): u for u in members if u.can(Capability.READ_SUPPORT_RECORDS)}


def _text(value: str | None) -> str:
    return value or ""


@dataclass
class _Built:
    row: Row
    person: Person
    case: Case
    context: VictimContext | None
    events: list[TraffickingEvent]
    perpetrators: list[PerpetratorContext]
    owner_defaulted: bool


def _build(row: Row, organisation: Organisation, user: User, owners: dict[str, User]) -> _Built:
    """Unsaved model objects for one valid row; model validation adds to row.problems."""
    r = row.record
    birthdate = date.fromisoformat(r["prs_Birthdate"]) if r["prs_Birthdate"] else None
    person = Person(
        organisation=organisation,
        first_name=r["prs_FirstName"],
        middle_name=_text(r["prs_MiddleName"]),
        second_name=_text(r["prs_SecondName"]),
        birthdate=birthdate,
        gender=r["prs_Gender"] or Person._meta.get_field("gender").default,
        nationality=r["prs_Citizenship"][0] if r["prs_Citizenship"] else "",
    )
    owner = owners.get(r["cas_CaseOwner"] or "")
    case = Case(
        organisation=organisation,
        status=r["cas_Status"] or Case._meta.get_field("status").default,
        closure_reason=_text(r["cas_ReasonForCaseClosure"]),
        opened_by=user,
        assigned_to=owner or user,
    )
    context = None
    if any(r[name] not in (None, []) for name in VICTIM_FIELDS):
        context = VictimContext()
        for name in VICTIM_FIELDS:
            attribute = VictimContext.HTCDS_FIELDS[name]
            value = r[name]
            if value is None:
                value = None if getattr(VictimContext._meta.get_field(attribute), "null", 0) else ""
            setattr(context, attribute, value)
    events = [
        TraffickingEvent(
            event_type=e["hte_Type"],
            country=_text(e["hte_Country"]),
            city=_text(e["hte_City"]),
            date=date.fromisoformat(e["hte_Date"]) if e["hte_Date"] else None,
            description=_text(e["hte_Description"]),
        )
        for e in r[EVENTS]
    ]
    perpetrators = [
        PerpetratorContext(roles=p["per_RoleInProcess"], role_details=_text(p["per_RoleDetails"]))
        for p in r[PERPETRATORS]
    ]
    checks: list[tuple[Any, list[str], str]] = [
        (person, ["organisation", "name_index", "birthdate_index"], ""),
        (case, ["organisation", "person", "opened_by", "assigned_to"], ""),
    ]
    if context is not None:
        checks.append((context, ["case"], ""))
    checks += [(item, ["case"], f"[{i}]") for i, item in enumerate(events, start=1)]
    checks += [(item, ["case"], f"[{i}]") for i, item in enumerate(perpetrators, start=1)]
    for instance, exclude, suffix in checks:
        try:
            instance.full_clean(exclude=exclude)
        except ValidationError as error:
            for attribute, messages in error.message_dict.items():
                name = (_htcds_name(instance, attribute) or attribute) + suffix
                row.problems += [Problem(row.row, name, m) for m in messages]
    return _Built(row, person, case, context, events, perpetrators, owner is None)


_MODEL_FIELDS = {
    Person: {
        "first_name": "prs_FirstName",
        "middle_name": "prs_MiddleName",
        "second_name": "prs_SecondName",
        "birthdate": "prs_Birthdate",
        "gender": "prs_Gender",
        "nationality": "prs_Citizenship",
    },
    Case: {"status": "cas_Status", "closure_reason": "cas_ReasonForCaseClosure"},
}


def _htcds_name(instance: Any, attribute: str) -> str | None:
    names = _MODEL_FIELDS.get(type(instance))
    if names is None:
        names = {attr: name for name, attr in getattr(instance, "HTCDS_FIELDS", {}).items()}
    return names.get(attribute)


def _save(built: _Built) -> Case:
    built.person.save()
    built.case.person = built.person
    built.case.save()
    if built.context is not None:
        built.context.case = built.case
        built.context.save()
    for event in built.events:
        event.case = built.case
    for perpetrator in built.perpetrators:
        perpetrator.case = built.case
    TraffickingEvent.objects.bulk_create(built.events)
    PerpetratorContext.objects.bulk_create(built.perpetrators)
    flag_duplicates(built.person)
    return built.case


def import_file(
    path: Path,
    *,
    acting_user: User,
    organisation: Organisation | None = None,
    partial: bool = False,
    dry_run: bool = False,
) -> Result:
    """Check the file and import it; ImportRefused lists every problem when any row has one
    (unless `partial`, which imports the valid rows and reports the others as skipped)."""
    target = _organisation(acting_user, organisation)
    plan = read_file(path)
    owners = _owners(target)
    built = [_build(row, target, acting_user, owners) for row in plan.valid]
    if plan.problems and not partial:
        raise ImportRefused(path, [str(p) for p in plan.problems])
    ready = [b for b in built if not b.row.problems]
    skipped = plan.invalid
    defaulted = sum(b.owner_defaulted for b in ready)
    if dry_run:
        return Result(plan, [], len(ready), skipped, defaulted, dry_run=True)
    case_ids = _import(plan, ready, acting_user, len(skipped), defaulted)
    return Result(plan, case_ids, len(case_ids), skipped, defaulted, dry_run=False)


@action()
def _import(
    plan: Plan, ready: list[_Built], acting_user: User, skipped: int, defaulted: int
) -> list[int]:
    """The import's one writer: every case and its audit event, or nothing."""
    case_ids = [_save(b).pk for b in ready]
    audit(
        actor=acting_user,
        action="htcds.imported",
        target_type="cases.case",
        details={
            "cases": len(case_ids),
            "events": sum(len(b.events) for b in ready),
            "perpetrator_contexts": sum(len(b.perpetrators) for b in ready),
            "skipped_rows": skipped,
            "owners_defaulted": defaulted,
            "format": plan.file_format,
            "not_stored": sorted(plan.not_stored),
            "first_case_id": case_ids[0] if case_ids else None,
            "last_case_id": case_ids[-1] if case_ids else None,
        },
    )
    return case_ids


# --- one XLSForm submission (an OpenRosa draft) ------------------------------------------------

# A form never overwrites what the case holds: the worker changes the case itself.
HOLDS_ANOTHER = _("the case holds another value; change it on the case")
# A submission's answers are flattened by leaf name, so a repeat's events would overwrite one
# another: they are refused rather than silently lost.
NOT_FROM_A_FORM = _("events and perpetrators are not read from a form; enter them on the case")
DRAFT = "draft"  # the row label of a submission's problems: "draft, <field>: <message>"


class DraftRefused(Exception):
    """A submission that cannot be written; `problems` names each field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _refuse_if_problems(row: Row) -> None:
    if row.problems:
        raise DraftRefused(row.problems)


def read_answers(answers: dict[str, str]) -> Row:
    """An XLSForm submission's answers (leaf name -> text) read as one row of a submissions
    export: the same header mapping, cleaning and checks, so there is one mapping."""
    columns: list[Column] = []
    problems: list[Problem] = []
    for name in answers:
        try:
            column = read_header(name)
        except ValueError as error:
            problems.append(Problem(DRAFT, name, str(error)))
            column = Column(name, None)
        if column.field in EVENT_FIELDS + PERPETRATOR_FIELDS:
            problems.append(Problem(DRAFT, name, str(NOT_FROM_A_FORM)))
        columns.append(column)
    cleaned = clean_record(source_of_row(columns, list(answers.values())), tabular=True)
    row = Row(DRAFT, cleaned.record, problems + _problems(DRAFT, cleaned.problems))
    row.problems += _control_problems(row)
    return row


def build_new_case(row: Row, acting_user: User) -> _Built:
    """Unsaved records for a new case of the acting user's organisation, checked as an import
    row is (model validation included); DraftRefused lists every problem."""
    organisation = _organisation(acting_user, None)
    _refuse_if_problems(row)
    built = _build(row, organisation, acting_user, _owners(organisation))
    _refuse_if_problems(row)
    return built


def save_new_case(built: _Built) -> Case:
    """Write a row built by build_new_case; the caller is the action and records its event."""
    return _save(built)


def _known(value: object) -> bool:
    return value not in (None, "", [], Person._meta.get_field("gender").default)


def _merge(target: Any, source: Any, names: dict[str, str], row: Row) -> list[str]:
    """Copy the fields `source` knows and `target` does not; a field both know with different
    values is a problem (it is changed on the case, not overwritten by a form)."""
    copied = []
    for attribute, name in names.items():
        new, old = getattr(source, attribute), getattr(target, attribute)
        if not _known(new) or new == old:
            continue
        if _known(old):
            row.problems.append(Problem(row.row, name, str(HOLDS_ANOTHER)))
        else:
            setattr(target, attribute, new)
            copied.append(name)
    return copied


@dataclass
class Addition:
    """What a submission adds to an existing case, unsaved."""

    built: _Built
    context: VictimContext | None
    fields: list[str]  # HTCDS fields the case did not hold and now will


def build_onto_case(row: Row, case: Case, acting_user: User) -> Addition:
    """Unsaved additions to an existing case: its person's and victim context's fields that the
    case does not hold yet (read_answers refuses events and perpetrators)."""
    if not row.record.get("prs_FirstName"):  # the case names the person already
        row.problems = [p for p in row.problems if p.field != "prs_FirstName"]
        row.record["prs_FirstName"] = case.person.first_name
    _refuse_if_problems(row)
    built = _build(row, case.organisation, acting_user, {})
    fields = _merge(case.person, built.person, _MODEL_FIELDS[Person], row)
    if row.record.get("cas_Status") and row.record["cas_Status"] != case.status:
        row.problems.append(Problem(row.row, "cas_Status", str(HOLDS_ANOTHER)))
    context = VictimContext.objects.filter(case=case).first()
    if context is None or built.context is None:
        context = built.context
        fields += [n for n in VICTIM_FIELDS if context is not None and _known(row.record[n])]
    else:
        names = {attr: name for name, attr in VictimContext.HTCDS_FIELDS.items()}
        fields += _merge(context, built.context, names, row)
    _refuse_if_problems(row)
    return Addition(built, context, fields)


def save_onto_case(addition: Addition, case: Case) -> None:
    """Write what build_onto_case found; the caller is the action and records its event."""
    case.person.save()
    if addition.context is not None:
        if addition.context.pk is not None:
            addition.context.version += 1  # an edit form opened before this one goes stale
        addition.context.case = case
        addition.context.save()
