"""The interview record as Haven accepts it: the JSON contract of `haven screen`
(docs/screening.md).

Strict: an unknown field or code, a bad date or a wrong type is refused with the field named;
nothing is guessed. There is deliberately no field about cooperating with the authorities:
support can never depend on it.
"""

import datetime
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from haven.accounts.countries import is_country_code
from haven.law.schema import ACTS, MEANS, PURPOSES
from haven.screening.vocabulary import GENDERS, vocabulary

Answer = Literal["yes", "no", "not_asked"]


class RecordError(ValueError):
    """The record does not follow the contract; the message names each field at fault."""


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _known(values: list[str] | None, allowed: Any, what: str) -> list[str] | None:
    wrong = [value for value in values or [] if value not in allowed]
    if wrong:
        raise ValueError(f"unknown {what} code(s) {', '.join(wrong)}")
    return values


class Encounter(Part):
    date: datetime.date
    setting: str | None = None
    interpreter: bool | None = None
    language: Annotated[str, Field(max_length=60)] | None = None

    @field_validator("setting")
    @classmethod
    def _setting(cls, value: str | None) -> str | None:
        _known([value] if value else [], vocabulary().settings, "setting")
        return value


class Person(Part):
    """`age` null means not asked or not known; `age_disputed` means the age is uncertain and
    there are reasons to believe the person may be a child, who is then presumed one until the
    age is verified (003 L2801-2819). A blank age alone is not turned into a child."""

    age: Annotated[int, Field(ge=0, le=130)] | None = None
    age_disputed: bool = False
    gender: str | None = None
    nationality: str | None = None
    unaccompanied: bool | None = None

    @field_validator("gender")
    @classmethod
    def _gender(cls, value: str | None) -> str | None:
        _known([value] if value else [], GENDERS, "gender")
        return value

    @field_validator("nationality")
    @classmethod
    def _nationality(cls, value: str | None) -> str | None:
        if value and not is_country_code(value):
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
        return value


class Facts(Part):
    """For each list: null means unknown, [] means known to be absent."""

    acts: list[str] | None = None
    means: list[str] | None = None
    purposes: list[str] | None = None

    @field_validator("acts")
    @classmethod
    def _acts(cls, value: list[str] | None) -> list[str] | None:
        return _known(value, ACTS, "act")

    @field_validator("means")
    @classmethod
    def _means(cls, value: list[str] | None) -> list[str] | None:
        return _known(value, MEANS, "means")

    @field_validator("purposes")
    @classmethod
    def _purposes(cls, value: list[str] | None) -> list[str] | None:
        return _known(value, PURPOSES, "purpose")


class Situation(Part):
    """`identified_victim`: a competent authority has formally identified the person as a
    victim. `support_denied_on`: the date early support or a residence permit was refused,
    from which the appeal period runs (000 rec. 71 at L236)."""

    detained: bool = False
    charged_offences: list[str] = []
    removal_pending: bool = False
    in_proceedings: bool = False
    identified_victim: bool = False
    support_denied_on: datetime.date | None = None

    @field_validator("charged_offences")
    @classmethod
    def _offences(cls, value: list[str]) -> list[str]:
        return _known(value, vocabulary().offences, "offence") or []


class Record(Part):
    jurisdiction: Annotated[str, Field(pattern=r"^(INTL|[A-Z]{2})$")] | None = None
    encounter: Encounter
    person: Person = Person()
    vulnerabilities: list[str] = []
    vulnerability_notes: dict[str, Annotated[str, Field(max_length=1000)]] = {}
    indicators: dict[str, Answer] = {}
    facts: Facts = Facts()
    situation: Situation = Situation()
    consent_to_record: bool | None = None

    @field_validator("vulnerabilities")
    @classmethod
    def _vulnerabilities(cls, value: list[str]) -> list[str]:
        return _known(value, vocabulary().vulnerabilities, "vulnerability") or []

    @field_validator("indicators")
    @classmethod
    def _indicators(cls, value: dict[str, str]) -> dict[str, str]:
        _known(list(value), vocabulary().indicators, "indicator")
        return value

    def answer(self, indicator: str) -> Answer:
        """An indicator nobody asked about is `not_asked`, never `no`."""
        return self.indicators.get(indicator, "not_asked")


def _problems(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "(record)"
        lines.append(f"{field}: {problem['msg'].removeprefix('Value error, ')}")
    return "; ".join(lines)


def parse_record(text: str | bytes) -> Record:
    """A record from JSON text, or RecordError naming every field at fault."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"not valid JSON: {error}") from None
    try:
        return Record.model_validate_json(text)
    except ValidationError as error:
        raise RecordError(_problems(error)) from None
