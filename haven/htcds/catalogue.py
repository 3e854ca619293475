"""The HTCDS v2.0 catalogue: every field of the standard, its type and its picklist values.

Loaded once from `data/catalogue.json` (made by `haven.htcds.extract` from the standard's own
files) and checked by pydantic as it loads. Plain Python: no Django needed.

Values are the standard's *value names* ("FollowUp", "DebtBondage"), never labels. A picklist
takes one value name, a multi-select picklist a list of them, a checkbox a bool. Fields whose
values come from an external code list (prs_Citizenship: ISO 3166) are checked with pycountry.

HTCDS is by IOM and licensed CC BY 4.0: see `attribution()` and docs/htcds.md.
"""

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pycountry
from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"
_STRICT = ConfigDict(extra="forbid")


class CatalogueError(ValueError):
    """An unknown field, a value the field does not take, or a malformed catalogue file."""


@dataclass(frozen=True, config=_STRICT)
class PicklistValue:
    name: str
    label: str


@dataclass(frozen=True, config=_STRICT)
class XLSFormQuestion:
    """How the HTCDS XLSForm asks for a field: its own name, question type and choices."""

    name: str
    type: str
    label: str
    list_name: str | None
    choices: tuple[PicklistValue, ...]


@dataclass(frozen=True, config=_STRICT)
class Field:
    entity: str
    section: str
    prefix: str
    name: str
    full_name: str
    label: str | None
    type: str | None
    status: str | None
    core: bool
    description: str | None
    values: tuple[PicklistValue, ...]
    code_list: str | None
    position: int
    xlsform: XLSFormQuestion | None

    @property
    def is_multi(self) -> bool:
        return "multi" in (self.type or "").lower()

    @property
    def is_checkbox(self) -> bool:
        return self.type == "Checkbox"

    @property
    def value_names(self) -> list[str]:
        return [v.name for v in self.values]


@dataclass(frozen=True, config=_STRICT)
class Entity:
    prefix: str
    name: str


@dataclass(frozen=True, config=_STRICT)
class Catalogue:
    standard: str
    version: str
    attribution: dict[str, str]
    sources: dict[str, object]
    entities: tuple[Entity, ...]
    fields: dict[str, Field]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Index:
    catalogue: Catalogue
    by_xlsform_name: dict[str, Field]
    by_normalised_name: dict[str, Field]


def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"{path}: file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path}: not valid JSON: {error}") from None
    try:
        catalogue = TypeAdapter(Catalogue).validate_python(data)
    except ValidationError as error:
        problems = [f"{path}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]
        raise CatalogueError("\n".join(problems)) from None
    wrong = [key for key, f in catalogue.fields.items() if key != f.full_name]
    if wrong:
        raise CatalogueError(f"{path}: fields filed under another name: {', '.join(wrong)}")
    return catalogue


def normalise(name: str) -> str:
    """prs_First_Name and prs_FirstName both give 'prsfirstname' (as in extract.py)."""
    return name.replace("_", "").casefold()


@cache
def _index() -> _Index:
    catalogue = load_catalogue()
    fields = catalogue.fields.values()
    return _Index(
        catalogue=catalogue,
        by_xlsform_name={f.xlsform.name: f for f in fields if f.xlsform},
        by_normalised_name={normalise(f.full_name): f for f in fields},
    )


def catalogue() -> Catalogue:
    """The built-in catalogue, loaded once per process."""
    return _index().catalogue


def attribution() -> dict[str, str]:
    """The CC BY 4.0 credit to show wherever Haven uses the standard."""
    return catalogue().attribution


def fields() -> list[Field]:
    """Every field, in the standard's order."""
    return sorted(catalogue().fields.values(), key=lambda f: f.position)


def field(name: str) -> Field:
    try:
        return catalogue().fields[name]
    except KeyError:
        raise CatalogueError(f"{name!r} is not an HTCDS field") from None


def picklist(name: str) -> list[str]:
    """The value names of a (multi-select) picklist, in the standard's order."""
    spec = field(name)
    if not spec.values:
        kind = f"takes {spec.code_list} codes" if spec.code_list else f"is of type {spec.type}"
        raise CatalogueError(f"{name} {kind}; it has no picklist of its own")
    return spec.value_names


def label(name: str, value: str) -> str:
    """The standard's label for a value name, e.g. label("cas_Status", "FollowUp")."""
    for item in field(name).values:
        if item.name == value:
            return item.label
    raise CatalogueError(
        f"{name}: {value!r} is not one of its values ({', '.join(picklist(name))})"
    )


def _check_code(spec: Field, code: str) -> str | None:
    """Why `code` is not in the field's external code list, or None when it is."""
    if spec.code_list == "ISO 3166":
        found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        found = found or (pycountry.countries.get(alpha_3=code) if len(code) == 3 else None)
        return None if found else f"{code!r} is not an ISO 3166 country code"
    if spec.code_list == "ISO 639-2":
        # The standard allows the two-letter (ISO 639-1) codes besides the three-letter ones.
        key = {2: "alpha_2", 3: "alpha_3"}.get(len(code))
        found = pycountry.languages.get(**{key: code}) if key else None
        found = found or (pycountry.languages.get(bibliographic=code) if len(code) == 3 else None)
        return None if found else f"{code!r} is not an ISO 639-2 language code"
    raise CatalogueError(f"{spec.full_name}: unknown code list {spec.code_list!r}")


def _check_one(spec: Field, value: object) -> str | None:
    if not isinstance(value, str):
        return f"{value!r} is not a value name (a string)"
    if spec.code_list:
        return _check_code(spec, value)
    if value not in spec.value_names:
        return f"{value!r} is not one of its values ({', '.join(spec.value_names)})"
    return None


def _problem(spec: Field, value: object) -> str | None:
    """Why `value` is not valid for the field, or None when it is."""
    if spec.is_checkbox:
        return None if isinstance(value, bool) else f"{value!r} is not a bool"
    if not spec.values and not spec.code_list:
        raise CatalogueError(f"{spec.full_name} is of type {spec.type}; it has no list of values")
    if not spec.is_multi:
        return _check_one(spec, value)
    if isinstance(value, str) or not isinstance(value, Sequence):
        return f"{value!r} is not a list of value names"
    if len(set(value)) != len(value):
        return f"{list(value)!r} names a value twice"
    return next(filter(None, (_check_one(spec, item) for item in value)), None)


def validate(name: str, value: object) -> None:
    """Raise CatalogueError, naming the field and the bad value, unless `value` is valid."""
    problem = _problem(field(name), value)
    if problem:
        raise CatalogueError(f"{name}: {problem}")


def is_valid(name: str, value: object) -> bool:
    """Whether `value` suits the field: a value name, a list of them for a multi-select
    picklist, a bool for a checkbox. Raises CatalogueError for an unknown field or one that has
    no values to check against (a Text field, say)."""
    return _problem(field(name), value) is None


def xlsform_name_to_field(name: str) -> str:
    """The HTCDS name of an XLSForm question: prs_First_Name -> prs_FirstName. Names the HTCDS
    XLSForm does not use are matched ignoring underscores and case, for forms built from it."""
    index = _index()
    spec = index.by_xlsform_name.get(name) or index.by_normalised_name.get(normalise(name))
    if spec is None:
        raise CatalogueError(f"XLSForm question {name!r} matches no HTCDS field")
    return spec.full_name


def _resolve(name: str) -> Field:
    """A field by its HTCDS name, or failing that by its XLSForm name."""
    if name in catalogue().fields:
        return field(name)
    return field(xlsform_name_to_field(name))


def xlsform_choice_to_value(name: str, choice: str) -> str:
    """The HTCDS value name of one XLSForm choice for a field (HTCDS or XLSForm name). The
    form's choice names are the standard's value names, some with stray spaces ("DebtBondage ")."""
    spec = _resolve(name)
    if spec.is_checkbox:
        raise CatalogueError(f"{spec.full_name} is a checkbox; use xlsform_answer()")
    value = choice.strip()
    problem = _problem(spec, [value] if spec.is_multi else value)
    if problem:
        raise CatalogueError(f"{spec.full_name}: XLSForm choice {choice!r}: {problem}")
    return value


_CHECKBOX_CHOICES = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def xlsform_answer(name: str, raw: str) -> str | list[str] | bool:
    """An XLSForm submission's answer as an HTCDS value: select_multiple answers are split on
    spaces into a list, a checkbox's TRUE/FALSE becomes a bool, other answers are returned as
    they are. Blank answers are the caller's to skip."""
    spec = _resolve(name)
    if spec.is_checkbox:
        try:
            return _CHECKBOX_CHOICES[raw.strip().lower()]
        except KeyError:
            raise CatalogueError(f"{spec.full_name}: {raw!r} is not TRUE or FALSE") from None
    if not spec.values and not spec.code_list:
        return raw  # text, dates, numbers: the caller parses them
    question_multi = spec.xlsform is not None and spec.xlsform.type == "select_multiple"
    if spec.is_multi or question_multi:
        values = [xlsform_choice_to_value(spec.full_name, c) for c in raw.split()]
        if spec.is_multi:
            return values
        # The XLSForm lets several be chosen where the standard takes one (ForcedLabourIndustry).
        if len(values) != 1:
            raise CatalogueError(f"{spec.full_name}: takes one value, the form gave {raw!r}")
        return values[0]
    return xlsform_choice_to_value(spec.full_name, raw)
