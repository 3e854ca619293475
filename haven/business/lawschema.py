"""The shape of the business-law data files (`data/laws.toml`, `data/rates.toml`).

Plain Python (pydantic). A law has scopes (who it reaches, each with dated thresholds) and
mandatory contents (what a statement or plan must hold), each citing the law's own article.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, model_validator

from haven.accounts.countries import is_country_code
from haven.core.i18n import check_translations
from haven.law.schema import Code, Source, Strict, Text

LawCode = Literal["uk_msa_s54", "au_msa", "ca_tisca", "fr_vigilance", "eu_csddd"]
Metric = Literal["turnover", "turnover_eu", "employees_in_country", "employees_worldwide"]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Label = Annotated[str, Field(min_length=1, max_length=160)]
MONEY_METRICS = ("turnover", "turnover_eu")


def _checked(value: object, info: ValidationInfo) -> dict[str, str]:
    return check_translations(value, where=str(info.field_name))


# A `*_i18n` table beside an English text: { fr = "…", ar = "…" } (haven.core.i18n). The loader
# prefixes the file and the entry, so a bad table fails naming file, entry and field.
Translations = Annotated[dict[str, str], BeforeValidator(_checked)]


class Basis(Strict):
    instrument: Annotated[str, Field(min_length=1, max_length=120)]
    article: Annotated[str, Field(min_length=1, max_length=40)]

    @property
    def citation(self) -> str:
        return f"{self.instrument}, {self.article}"


Bases = Annotated[list[Basis], Field(min_length=1)]


class Criterion(Strict):
    metric: Metric
    op: Literal["at_least", "more_than"]
    value: Annotated[int, Field(gt=0)]
    currency: Currency | None = None

    @model_validator(mode="after")
    def _currency_for_money(self) -> "Criterion":
        if (self.metric in MONEY_METRICS) != (self.currency is not None):
            raise ValueError("a turnover criterion needs a currency, and only it")
        return self


class Nexus(Strict):
    """Where the company must be: registered there, operating there, or operating there
    while registered elsewhere. Countries are ISO 3166-1 codes or a group name."""

    where: Literal["registered", "operates", "operates_not_registered"]
    countries: Annotated[list[Country], Field(min_length=1)]
    subdivisions: list[Annotated[str, Field(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]] = []


class Scope(Strict):
    label: Label
    label_i18n: Translations = {}
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    nexus: Nexus
    activities: list[Code] = []
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    basis: Bases

    def in_force(self, on: dt.date) -> bool:
        return self.from_ <= on and (self.until is None or on < self.until)


class Content(Strict):
    code: Code
    summary: Text
    summary_i18n: Translations = {}
    strength: Literal["shall", "may"]
    basis: Bases


class Law(Strict):
    code: LawCode
    name: Label
    name_i18n: Translations = {}
    jurisdiction: Annotated[str, Field(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    kind: Literal["reporting", "due_diligence"]
    version_date: dt.date
    summary: Text
    summary_i18n: Translations = {}
    sources: Annotated[list[Source], Field(min_length=1)]
    scope: Annotated[list[Scope], Field(min_length=1)]
    content: Annotated[list[Content], Field(min_length=1)]


class LawsFile(Strict):
    schema_version: Literal[1]
    country_groups: dict[str, list[Country]]
    law: list[Law]

    @model_validator(mode="after")
    def _every_code_once_and_groups_known(self) -> "LawsFile":
        codes = [law.code for law in self.law]
        if sorted(codes) != sorted(LawCode.__args__):  # type: ignore[attr-defined]  # a Literal's __args__ is missing from typing's stubs
            raise ValueError(f"laws must be exactly {', '.join(LawCode.__args__)} once each")  # type: ignore[attr-defined]  # a Literal's __args__ is missing from typing's stubs
        for law in self.law:
            for scope in law.scope:
                _check_groups(law.code, scope, self.country_groups)
        return self


def _check_groups(code: str, scope: Scope, groups: dict[str, list[str]]) -> None:
    for country in scope.nexus.countries:
        if country not in groups and not is_country_code(country):
            raise ValueError(f"law {code}: {country!r} is neither an ISO 3166-1 code nor a group")


class RateSet(Strict):
    date: dt.date
    source: Annotated[str, Field(min_length=1, max_length=200)]
    per_eur: dict[Currency, Annotated[Decimal, Field(gt=0)]]

    @model_validator(mode="after")
    def _has_euro(self) -> "RateSet":
        if self.per_eur.get("EUR") != 1:
            raise ValueError("per_eur must give EUR = 1")
        return self


class RatesFile(Strict):
    schema_version: Literal[1]
    rate: Annotated[list[RateSet], Field(min_length=1)]
