"""Export cases as HTCDS records (JSON, CSV, XLSX). Layouts: docs/htcds.md.

The export is an operator's tool (the `haven htcds export` command): it reads every case, or
every case of one organisation, and writes one audit event "htcds.exported" with the counts.
"""

import binascii
import csv
import datetime
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    F,
    JSONField,
    Prefetch,
    QuerySet,
)

from haven.accounts.models import Organisation
from haven.audit.action import action
from haven.audit.log import record as audit
from haven.cases.models import (
    Case,
    PerpetratorContext,
    Person,
    TraffickingEvent,
    VictimContext,
)
from haven.core.text import without_control_characters
from haven.crypto.cipher import NONCE_BYTES, VERSION, decrypt
from haven.crypto.fields import EncryptedField, encrypted_field
from haven.crypto.keys import current_keyring
from haven.htcds import catalogue
from haven.htcds.encode import dumps_record, row_maker
from haven.htcds.records import (
    CASE_LEVEL_FIELDS,
    EVENTS,
    GROUPS,
    PERPETRATORS,
    VICTIM_FIELDS,
    cell,
    columns,
    empty,
    empty_record,
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
        .prefetch_related(*record_prefetches())
        .order_by("pk")
    )


def record_prefetches() -> tuple[Prefetch[Any], ...]:
    """What `case_record` reads of a case's many rows, in one query a kind for many cases."""
    return (
        Prefetch(
            "events",
            queryset=TraffickingEvent.objects.order_by(F("date").asc(nulls_last=True), "pk"),
        ),
        Prefetch("perpetrators", queryset=PerpetratorContext.objects.order_by("pk")),
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
    """The records of `cases` in case order, `case_record` for each, read CHUNK cases at a time."""
    yield from _Reader(cases).records()


def export_records(
    organisation: Organisation | None = None, *, output_format: str = "json"
) -> list[dict[str, Any]]:
    """Every case (or every case of `organisation`) as records; audited as one export."""
    records = list(iter_records(cases_to_export(organisation)))
    counts = Counter(cases=len(records))
    for record in records:
        counts.update(events=len(record[EVENTS]), perpetrator_contexts=len(record[PERPETRATORS]))
    _audit_export(organisation, output_format, counts)
    return records


def export_file(organisation: Organisation | None, output_format: str) -> tuple[str | bytes, int]:
    """The export rendered in `output_format`, and its case count; audited only once the file
    is rendered, so an export that fails is not recorded as made."""
    records = list(iter_records(cases_to_export(organisation)))
    content = render(records, output_format)
    counts = Counter(cases=len(records))
    for record in records:
        counts.update(events=len(record[EVENTS]), perpetrator_contexts=len(record[PERPETRATORS]))
    _audit_export(organisation, output_format, counts)
    return content, len(records)


def _counting(
    records: Iterable[dict[str, Any]], counts: Counter[str], each: Callable[[int], None] | None
) -> Iterator[dict[str, Any]]:
    """`records`, counting cases, events and perpetrator contexts into `counts` once all are
    through; `each(n)` after the n-th."""
    cases = events = perpetrators = 0
    for cases, record in enumerate(records, start=1):  # noqa: B007 - the count is kept
        events += len(record[EVENTS])
        perpetrators += len(record[PERPETRATORS])
        yield record
        if each:
            each(cases)
    counts.update(cases=cases, events=events, perpetrator_contexts=perpetrators)


def write_json_array(
    cases: QuerySet[Case], out: Any, *, each: Callable[[int], None] | None = None
) -> Counter[str]:
    """Write `cases` as a JSON array record by record, so that a million cases never sit in
    memory at once; `each(n)` is called after the n-th record. Returns the counts. One write a
    record, as before: a Django command's stdout adds a newline after each write."""
    counts: Counter[str] = Counter(cases=0, events=0, perpetrator_contexts=0)
    out.write("[")
    separator = "\n"
    for record in _counting(iter_records(cases), counts, each):
        out.write(separator + dumps_record(record))
        separator = ",\n"
    out.write("\n]\n")
    return counts


def stream_json(
    organisation: Organisation | None, out: TextIO, each: Callable[[int], None] | None = None
) -> int:
    """The JSON export, streamed; audited as one export once written. Returns the cases."""
    counts = write_json_array(cases_to_export(organisation), out, each=each)
    _audit_export(organisation, "json", counts)
    return counts["cases"]


def stream_file(
    organisation: Organisation | None,
    output_format: str,
    out: Any,
    each: Callable[[int], None] | None = None,
) -> int:
    """The export streamed to `out` (a text stream for JSON and CSV, a binary file or path for
    XLSX) in constant memory; audited once written. Returns the cases."""
    cases = cases_to_export(organisation)
    if output_format == "json":
        counts = write_json_array(cases, out, each=each)
    else:
        counts = Counter(cases=0, events=0, perpetrator_contexts=0)
        names = columns_of(cases)
        records = _counting(iter_records(cases), counts, each)
        if output_format == "csv":
            write_csv(records, names, out)
        elif output_format == "xlsx":
            write_xlsx(records, names, out)
        else:
            raise ValueError(f"unknown format {output_format!r}: use one of {', '.join(FORMATS)}")
    _audit_export(organisation, output_format, counts)
    return counts["cases"]


def columns_of(cases: QuerySet[Case]) -> list[str]:
    """The table's columns (records.columns) from two counting queries, without the records:
    a table is written row by row, so its header must be known before the first row."""
    most = {
        EVENTS: _most(TraffickingEvent.objects.filter(case__in=cases.values("pk"))),
        PERPETRATORS: _most(PerpetratorContext.objects.filter(case__in=cases.values("pk"))),
    }
    names = list(CASE_LEVEL_FIELDS)
    for group, fields in GROUPS.items():
        names += [f"{name}[{i}]" for i in range(1, most[group] + 1) for name in fields]
    return names


def _most(items: QuerySet[Any]) -> int:
    per_case = items.values("case_id").annotate(n=Count("pk")).order_by("-n")
    return int(per_case.values_list("n", flat=True).first() or 0)


# --- the fast read -------------------------------------------------------------------------------
# `case_record` reads one case through the models: four model instances a case, two prefetch
# queries a chunk, a keyring look-up per encrypted value. The export reads the same values as
# plain rows instead, CHUNK cases at a time by primary key (keyset pagination: each chunk starts
# after the last case of the previous one, so a chunk costs the same at the end as at the start),
# with one query for the chunk's events and one for its perpetrator contexts. Values are turned
# into record values as Django would read them and as `_value` spells them; the parity test
# (tests/test_export_parity.py) checks the records and the files against the old export.

CHUNK = 2000
_URLSAFE = bytes.maketrans(b"-_", b"+/")  # base64.urlsafe_b64decode's, without its checks


class _Decrypter:
    """Decrypts tokens of one column with the keyring read once for a chunk of rows."""

    def __init__(self, model: type[Any], name: str) -> None:
        self.context = encrypted_field(model, name).context
        self.associated = self.context.encode("utf-8")
        self.keys: dict[str, Any] = {}
        self.keyring = current_keyring()

    def refresh(self) -> None:
        self.keyring, self.keys = current_keyring(), {}

    def __call__(self, token: str | None) -> str | None:
        if not token:
            return token  # blank is stored in clear, NULL as NULL (haven.crypto.fields)
        version, _, rest = token.partition(":")
        key_id, _, encoded = rest.partition(":")
        aead = self.keys.get(key_id)
        if aead is None and key_id in self.keyring.encryption:
            aead = self.keys[key_id] = AESGCM(self.keyring.encryption[key_id])
        if aead is None or version != VERSION:
            return self._refused(token)
        try:
            blob = binascii.a2b_base64(encoded.encode("ascii").translate(_URLSAFE))
            plain = aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], self.associated)
        except Exception:  # noqa: BLE001 - the cipher says what is wrong, in its own words
            return self._refused(token)
        return str(plain.decode("utf-8"))

    def _refused(self, token: str) -> str:
        """haven.crypto's own decryption, which raises its DecryptionError naming the fault."""
        return decrypt(token, context=self.context, keyring=self.keyring)


def _json(value: Any) -> Any:
    # JSONField.from_db_value: the drivers hand Django JSON as text.
    return json.loads(value) if isinstance(value, str) else value


def _boolean(value: Any) -> Any:
    return None if value is None else bool(value)  # SQLite returns 0 and 1


def _iso(value: Any) -> Any:
    """A DateField's value as _value spells it: SQLite returns ISO text, PostgreSQL dates."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else value.isoformat()


def _text_plan(model: type[Any], names: dict[str, str]) -> list[tuple[str, str, Any]]:
    """(HTCDS name, column, converter) for fields of `model`, by their Django field types."""
    plan = []
    for htcds, attribute in names.items():
        field = model._meta.get_field(attribute)
        if isinstance(field, EncryptedField):
            convert: Any = _Decrypter(model, attribute)
        elif isinstance(field, JSONField):
            convert = _json
        elif isinstance(field, BooleanField):
            convert = _boolean
        elif isinstance(field, DateField):
            convert = _iso
        else:
            convert = None
        plan.append((htcds, attribute, convert))
    return plan


class _Reader:
    """The records of a queryset of cases, read as rows (see above)."""

    def __init__(self, cases: QuerySet[Case]) -> None:
        self.cases = cases.prefetch_related(None).select_related(None).order_by("pk")
        self.connection = connections[cases.db]
        self.username = f"assigned_to__{get_user_model().USERNAME_FIELD}"
        self.first, self.middle, self.second, self.birthdate = (
            _Decrypter(Person, name)
            for name in ("first_name", "middle_name", "second_name", "birthdate")
        )
        self.closure = _Decrypter(Case, "closure_reason")
        self.victim = _text_plan(VictimContext, VictimContext.HTCDS_FIELDS)
        self.victim_lists = {name for name in VICTIM_FIELDS if isinstance(empty(name), list)}
        self.events = _text_plan(TraffickingEvent, TraffickingEvent.HTCDS_FIELDS)
        self.perpetrators = _text_plan(PerpetratorContext, PerpetratorContext.HTCDS_FIELDS)
        self.decrypters = [self.first, self.middle, self.second, self.birthdate, self.closure] + [
            convert
            for _, _, convert in self.victim + self.events + self.perpetrators
            if isinstance(convert, _Decrypter)
        ]
        self.blank = empty_record()

    def _rows(self, queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
        """The rows of a values_list queryset as the driver gives them: the export converts
        them itself, once, instead of Django's converters per value."""
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:  # .none(): a user who may read no case exports nothing
            return []
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def records(self) -> Iterator[dict[str, Any]]:
        last = None
        while True:
            chunk = self.cases if last is None else self.cases.filter(pk__gt=last)
            rows = self._rows(chunk.values_list(*self._case_columns())[:CHUNK])
            if not rows:
                return
            for decrypter in self.decrypters:
                decrypter.refresh()  # a rotated keys file is seen from the next chunk on
            first, last = rows[0][0], rows[-1][0]
            events = self._children(TraffickingEvent, first, last, self.events, _EVENT_ORDER)
            perpetrators = self._children(PerpetratorContext, first, last, self.perpetrators)
            for row in rows:
                yield self._record(row, events.get(row[0], []), perpetrators.get(row[0], []))

    def _case_columns(self) -> list[str]:
        return [
            "pk",
            "organisation__name",
            "person__first_name",
            "person__middle_name",
            "person__second_name",
            "person__birthdate",
            "person__gender",
            "person__nationality",
            "status",
            "closure_reason",
            self.username,
            "victim_context__pk",
        ] + [f"victim_context__{attribute}" for _, attribute, _ in self.victim]

    def _children(
        self,
        model: type[Any],
        first: int,
        last: int,
        plan: list[tuple[str, str, Any]],
        order: tuple[Any, ...] = ("pk",),
    ) -> dict[int, list[dict[str, Any]]]:
        """The chunk's events (or perpetrator contexts) by case, in one query: those of the
        exported cases from the chunk's first to its last (a range, and a subquery when not
        every case is exported; not a list of 2,000 ids to bind)."""
        children = model.objects.filter(case_id__gte=first, case_id__lte=last)
        if self.cases.query.where:  # one organisation's, or the cases a user may read
            children = children.filter(
                case_id__in=self.cases.filter(pk__gte=first, pk__lte=last).values("pk")
            )
        rows = self._rows(
            children.order_by("case_id", *order).values_list(
                "case_id", *(attribute for _, attribute, _ in plan)
            )
        )
        found: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            item = {
                name: convert(value) if convert else value
                for (name, _, convert), value in zip(plan, row[1:], strict=True)
            }
            found.setdefault(row[0], []).append(item)
        return found

    def _record(
        self, row: tuple[Any, ...], events: list[dict[str, Any]], perpetrators: list[Any]
    ) -> dict[str, Any]:
        record = self.blank.copy()
        birthdate = self.birthdate(row[5])
        record["org_Name"] = row[1]
        record["prs_FirstName"] = self.first(row[2])
        record["prs_MiddleName"] = self.middle(row[3]) or None
        record["prs_SecondName"] = self.second(row[4]) or None
        record["prs_Birthdate"] = (
            datetime.date.fromisoformat(birthdate).isoformat() if birthdate else None
        )
        record["prs_Gender"] = row[6] or None
        record["prs_Citizenship"] = [row[7]] if row[7] else []
        record["cas_Status"] = row[8]
        record["cas_ReasonForCaseClosure"] = self.closure(row[9]) or None
        record["cas_CaseOwner"] = row[10]
        if row[11] is not None:
            for (name, _, convert), stored in zip(self.victim, row[12:], strict=True):
                value = _value(convert(stored) if convert else stored)
                record[name] = [] if value is None and name in self.victim_lists else value
        else:
            for name in self.victim_lists:
                record[name] = []  # a fresh list each record, as empty_record gives
        record[EVENTS] = [{name: _value(value) for name, value in item.items()} for item in events]
        record[PERPETRATORS] = [
            {
                "per_RoleInProcess": list(item["per_RoleInProcess"]),
                "per_RoleDetails": _value(item["per_RoleDetails"]),
            }
            for item in perpetrators
        ]
        return record


# Events as the case_record prefetch orders them: dated ones in date order, then the undated.
_EVENT_ORDER = (F("date").asc(nulls_last=True), "pk")


@action()
def _audit_export(
    organisation: Organisation | None, output_format: str, counts: Counter[str]
) -> None:
    audit(
        actor=None,
        action="htcds.exported",
        target_type="cases.case",
        organisation=organisation,
        details={
            "cases": counts["cases"],
            "events": counts["events"],
            "perpetrator_contexts": counts["perpetrator_contexts"],
            "format": output_format,
            "organisation_id": organisation.pk if organisation else None,
        },
    )


# --- writers -----------------------------------------------------------------------------------


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def _csv_cell(value: Any) -> str:
    text = str(cell(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    write_csv(records, columns(records), buffer)
    return buffer.getvalue()


def write_csv(records: Iterable[dict[str, Any]], names: list[str], out: Any) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    row = row_maker(names)
    for record in records:
        writer.writerow([_csv_cell(value) for value in row(record)])


def to_xlsx(records: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(records, columns(records), buffer)
    return buffer.getvalue()


def write_xlsx(records: Iterable[dict[str, Any]], names: list[str], target: Any) -> None:
    """openpyxl's write-only mode: rows go to a temporary file as they come, not to memory."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(names)
    row = row_maker(names)
    for record in records:
        sheet.append([_xlsx_cell(sheet, value) for value in row(record)])
    credit = workbook.create_sheet(ATTRIBUTION_SHEET)
    for key, text in catalogue.attribution().items():
        credit.append([key, text])
    workbook.save(target)


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
