"""One case as an HTCDS record: the exact field names and value names of the standard, and the
rules that check a record before it is imported. Plain Python: no Django needed.

A record is a dict keyed by HTCDS full names (see docs/htcds.md, "The record"):

    {"org_Name": ..., "prs_FirstName": ..., ..., "cas_Status": ..., "vic_...": ...,
     "hte": [{"hte_Type": ..., "hte_Country": ..., ...}, ...],
     "per": [{"per_RoleInProcess": [...], "per_RoleDetails": ...}, ...]}

Missing values are None, missing multi-selects []. Dates are ISO strings (YYYY-MM-DD), countries
ISO 3166 alpha-2 codes, multi-select picklists lists of value names.

`clean_record` reads a record from JSON (typed values) or from a table row (text cells, or the
cells openpyxl gives) and returns it in that canonical form together with every problem found,
each naming its field. Tabular multi-selects may be separated by ";" (Haven's export) or by
spaces (XLSForm select_multiple answers): no HTCDS value name holds either.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import pycountry

from haven.htcds import catalogue

# The fields Haven holds, in the order it writes them. The vic_/per_/hte_ lists equal the
# HTCDS_FIELDS of haven.cases.models (a test keeps them equal).
ORGANISATION_FIELDS = ("org_Name",)
PERSON_FIELDS = (
    "prs_FirstName",
    "prs_MiddleName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
)
CASE_FIELDS = ("cas_Status", "cas_ReasonForCaseClosure", "cas_CaseOwner")
VICTIM_FIELDS = (
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_RelationshipToTrafficker",
    "vic_AgeWhenTrafficked",
    "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "vic_Vulnerabilities",
    "vic_DetailsOfVulnerabilities",
    "vic_AgreementToManagePersonalData",
)
EVENT_FIELDS = ("hte_Type", "hte_Country", "hte_City", "hte_Date", "hte_Description")
PERPETRATOR_FIELDS = ("per_RoleInProcess", "per_RoleDetails")
CASE_LEVEL_FIELDS = ORGANISATION_FIELDS + PERSON_FIELDS + CASE_FIELDS + VICTIM_FIELDS
EVENTS, PERPETRATORS = "hte", "per"  # the keys of the lists of events and perpetrator contexts
GROUPS = {EVENTS: EVENT_FIELDS, PERPETRATORS: PERPETRATOR_FIELDS}

# Haven holds a country code where the standard has a lookup or free text.
COUNTRY_FIELDS = {"vic_LocationOfRecruitment", "vic_LocationOfExploitation", "hte_Country"}
# Haven holds one nationality; the standard's prs_Citizenship is a multi-select.
ONE_CITIZENSHIP = "prs_Citizenship"
MAX_LENGTH = {"hte_City": 120}
MAX_AGE = 130

# XLSForm and ODK/Kobo columns that are form machinery, not answers.
FORM_MACHINERY = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "simserial",
    "subscriberid",
    "phonenumber",
    "audit",
    "instanceID",
    "instanceName",
    "uuid",
    "version",
}
_SEPARATORS = re.compile(r"[;\s]+")
_NUMBERED = re.compile(r"^((?:hte|per)_[A-Za-z]+)\[(\d+)\]$")
_CHECKBOX = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


@dataclass(frozen=True)
class Problem:
    row: int | str  # a spreadsheet row number (the header is row 1), or "record N" for JSON
    field: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if isinstance(self.row, int) else str(self.row)
        return f"{where}, {self.field}: {self.message}"


@dataclass
class Cleaned:
    record: dict[str, Any]
    problems: list[str] = field(default_factory=list)  # "field: message"


def kind(name: str) -> str:
    """How Haven reads a field: text, date, number, checkbox, single, multi, country,
    countries."""
    spec = catalogue.field(name)
    if name in COUNTRY_FIELDS:
        return "country"
    if spec.code_list == "ISO 3166":
        return "countries" if spec.is_multi else "country"
    if spec.values:
        return "multi" if spec.is_multi else "single"
    return {"Checkbox": "checkbox", "Date": "date", "Number": "number"}.get(spec.type or "", "text")


def empty(name: str) -> Any:
    return [] if kind(name) in ("multi", "countries") else None


def empty_record() -> dict[str, Any]:
    record: dict[str, Any] = {name: empty(name) for name in CASE_LEVEL_FIELDS}
    record[EVENTS] = []
    record[PERPETRATORS] = []
    return record


def country_code(code: str) -> str:
    """The alpha-2 code of an ISO 3166 alpha-2 or alpha-3 code; ValueError if it is neither."""
    found = None
    if len(code) == 2:
        found = pycountry.countries.get(alpha_2=code.upper())
    elif len(code) == 3:
        found = pycountry.countries.get(alpha_3=code.upper())
    if found is None:
        raise ValueError(f"{code!r} is not an ISO 3166 country code")
    return str(found.alpha_2)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object, tabular: bool) -> str:
    if isinstance(value, str):
        return value
    if tabular and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    raise ValueError(f"{value!r} is not text")


def _date(value: object) -> str:
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0):
            raise ValueError(f"{value.isoformat()!r} is a date and time, not a date")
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")


def _number(value: object, tabular: bool) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and tabular and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and tabular and re.fullmatch(r"\d+(\.0+)?", value.strip()):
        number = int(float(value))
    else:
        raise ValueError(f"{value!r} is not a whole number")
    if not 0 <= number <= MAX_AGE:
        raise ValueError(f"{number} is not an age between 0 and {MAX_AGE}")
    return number


def _checkbox(value: object, tabular: bool) -> bool:
    if isinstance(value, bool):
        return value
    if tabular and isinstance(value, str | int) and str(value).strip().lower() in _CHECKBOX:
        return _CHECKBOX[str(value).strip().lower()]
    raise ValueError(f"{value!r} is not true or false")


def _names(value: object, tabular: bool) -> list[str]:
    if tabular and isinstance(value, str):
        return [item for item in _SEPARATORS.split(value.strip()) if item]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value]
    raise ValueError(f"{value!r} is not a list of value names")


def _checked(name: str, value: object) -> None:
    try:
        catalogue.validate(name, value)
    except catalogue.CatalogueError as error:
        raise ValueError(str(error).removeprefix(f"{name}: ")) from None


def _single(name: str, value: object, tabular: bool) -> str:
    single = _text(value, tabular).strip()
    _checked(name, single)
    return single


def _multi(name: str, value: object, tabular: bool) -> list[str]:
    names = _names(value, tabular)
    _checked(name, names)
    return names


def _countries(name: str, value: object, tabular: bool) -> list[str]:
    codes = [country_code(code) for code in _names(value, tabular)]
    _checked(name, codes)
    return codes


_CLEANERS: dict[str, Any] = {
    "text": lambda name, value, tabular: _text(value, tabular),
    "date": lambda name, value, tabular: _date(value),
    "number": lambda name, value, tabular: _number(value, tabular),
    "checkbox": lambda name, value, tabular: _checkbox(value, tabular),
    "country": lambda name, value, tabular: country_code(_text(value, tabular).strip()),
    "countries": _countries,
    "multi": _multi,
    "single": _single,
}


def clean_value(name: str, value: object, *, tabular: bool = False) -> Any:
    """The canonical value of one field; ValueError (without the field name) if it is invalid.
    `tabular` values come from a CSV or spreadsheet cell; others from JSON."""
    if _blank(value):
        return empty(name)
    return _CLEANERS[kind(name)](name, value, tabular)


def _clean_fields(
    source: dict[str, Any], names: tuple[str, ...], tabular: bool, problems: list[str], where: str
) -> dict[str, Any]:
    cleaned = {}
    for name in names:
        try:
            cleaned[name] = clean_value(name, source.get(name), tabular=tabular)
        except ValueError as error:
            problems.append(f"{name}{where}: {error}")
            cleaned[name] = empty(name)
    return cleaned


def _check_rules(record: dict[str, Any], problems: list[str]) -> None:
    if not (record["prs_FirstName"] or "").strip():
        problems.append("prs_FirstName: required")
    if len(record[ONE_CITIZENSHIP]) > 1:
        problems.append(f"{ONE_CITIZENSHIP}: Haven holds one citizenship, this names several")
    status = record["cas_Status"]
    if status in ("Closed", "ClosedReferred") and not record["cas_ReasonForCaseClosure"]:
        problems.append(f"cas_ReasonForCaseClosure: required when cas_Status is {status}")
    problems += [
        f"hte_Type[{index}]: required for each trafficking event"
        for index, event in enumerate(record[EVENTS], start=1)
        if not event["hte_Type"]
    ]
    for group, names in GROUPS.items():
        for index, item in enumerate(record[group], start=1):
            problems += [
                f"{name}[{index}]: longer than {MAX_LENGTH[name]} characters"
                for name in names
                if name in MAX_LENGTH and len(item[name] or "") > MAX_LENGTH[name]
            ]


def clean_record(source: dict[str, Any], *, tabular: bool = False) -> Cleaned:
    """A record in canonical form and every problem in it. `source` holds case-level fields by
    HTCDS name and the lists "hte" and "per" of dicts by HTCDS name."""
    problems: list[str] = []
    record = _clean_fields(source, CASE_LEVEL_FIELDS, tabular, problems, "")
    for group, names in GROUPS.items():
        items = source.get(group) or []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            problems.append(f"{group}: not a list of objects")
            items = []
        record[group] = [
            _clean_fields(item, names, tabular, problems, f"[{index}]")
            for index, item in enumerate(items, start=1)
        ]
    _check_rules(record, problems)
    return Cleaned(record, problems)


# --- tables: one row per case ------------------------------------------------------------------


def columns(records: list[dict[str, Any]]) -> list[str]:
    """The table's columns: case-level fields, then numbered event and perpetrator columns
    (hte_Type[1], ..., per_RoleDetails[2]) for as many as the record with most of them has."""
    names = list(CASE_LEVEL_FIELDS)
    for group, fields in GROUPS.items():
        most = max((len(r[group]) for r in records), default=0)
        names += [f"{name}[{i}]" for i in range(1, most + 1) for name in fields]
    return names


def cell(value: Any) -> Any:
    """A canonical value as a table cell: lists joined with ";", bools true/false, None blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return value


def row_of(record: dict[str, Any], names: list[str]) -> list[Any]:
    row = []
    for name in names:
        numbered = _NUMBERED.match(name)
        if numbered:
            base, index = numbered.group(1), int(numbered.group(2))
            items = record[base[:3]]
            row.append(cell(items[index - 1][base]) if index <= len(items) else "")
        else:
            row.append(cell(record[name]))
    return row


@dataclass(frozen=True)
class Column:
    """What one header of an imported table means."""

    header: str
    field: str | None  # the HTCDS full name, None when the column is ignored
    index: int | None = None  # for numbered event/perpetrator columns


def read_header(header: str) -> Column:
    """Map a column header to its HTCDS field. Takes Haven's exact names, numbered event and
    perpetrator columns, and XLSForm names (also under an ODK/Kobo group path). Form machinery
    (start, end, __version__, meta/..., _id, _uuid...) and Kobo's one-column-per-choice split of a
    select_multiple are ignored. ValueError for a header that is no HTCDS field."""
    text = header.strip()
    numbered = _NUMBERED.match(text)
    if numbered and numbered.group(1) in EVENT_FIELDS + PERPETRATOR_FIELDS:
        return Column(header, numbered.group(1), int(numbered.group(2)))
    parts = text.split("/")
    last = parts[-1]
    if (
        not last
        or last.startswith("_")
        or last in FORM_MACHINERY
        or parts[0] in ("meta", "formhub")
    ):
        return Column(header, None)
    if text in catalogue.catalogue().fields:
        return Column(header, text)
    try:
        return Column(header, catalogue.xlsform_name_to_field(last))
    except catalogue.CatalogueError:
        pass
    if len(parts) > 1:
        try:
            parent = catalogue.field(catalogue.xlsform_name_to_field(parts[-2]))
        except catalogue.CatalogueError:
            parent = None
        if parent is not None and (parent.is_multi or parent.xlsform is not None):
            return Column(header, None)  # Kobo's split select_multiple: the joined column counts
    raise ValueError(f"column {header!r} is no HTCDS field")


def is_stored(name: str) -> bool:
    return name in CASE_LEVEL_FIELDS or name in EVENT_FIELDS + PERPETRATOR_FIELDS


def source_of_row(columns_: list[Column], row: list[Any]) -> dict[str, Any]:
    """A table row as a source dict for clean_record (stored fields only)."""
    source: dict[str, Any] = {EVENTS: [], PERPETRATORS: []}
    groups: dict[str, dict[int, dict[str, Any]]] = {EVENTS: {}, PERPETRATORS: {}}
    for column, value in zip(columns_, row, strict=False):
        if column.field is None or not is_stored(column.field):
            continue
        if column.index is not None:
            groups[column.field[:3]].setdefault(column.index, {})[column.field] = value
        else:
            source[column.field] = value
    for group, numbered in groups.items():
        for index in sorted(numbered):
            item = numbered[index]
            if any(not _blank(v) for v in item.values()):
                source[group].append(item)
    return source
