"""The company-data file a company (or its officer) loads: group, figures, recruiters,
suppliers by tier, sites, impact metrics per site and period, and statement claims.

Checked whole before anything is written: an error names the file, the entry and the field, and
references between entries (`key`s) must resolve. See docs/business.md for an example."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from haven.business.impactschema import metrics_data, risk_data

Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Isic = Annotated[str, Field(pattern=r"^\d{2,4}$")]
Key = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Ref = Annotated[str, Field(max_length=200)]
# Bounds of the columns the figures are stored in, so that a figure too large is refused here,
# naming its field, rather than by the database.
Count = Annotated[int, Field(ge=0, le=2_147_483_647)]
Amount = Annotated[Decimal, Field(ge=0, lt=Decimal(10) ** 16)]
Figure = Annotated[Decimal, Field(ge=0, lt=Decimal(10) ** 14)]
EVIDENCE = Literal["documents", "worker_interviews", "audit", "payroll", "grievances"]
REMEDIES = Literal[
    "paid_outstanding_wages",
    "reimbursed_fees",
    "notice_and_severance",
    "helped_find_work",
    "returned_documents",
]


class DataError(ValueError):
    """The company-data file is malformed; the message names each problem."""


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Money(_In):
    amount: Amount
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class Employees(_In):
    in_country: Count | None = None
    worldwide: Count | None = None


class CompanyIn(_In):
    parent: Name | None = None
    isic_sectors: list[Isic] = []
    countries: list[Country] = []
    employees: Employees = Employees()
    turnover: Money | None = None


class RecruiterIn(_In):
    key: Key
    name: Name
    country: Country
    licence_number: Ref = ""
    licence_status: Literal["licensed", "suspended", "revoked", "unlicensed", "unknown"] = "unknown"


class SupplierIn(_In):
    key: Key
    name: Name
    country: Country
    tier: Annotated[int, Field(ge=1, le=20)] = 1
    supplies: Key | None = None
    isic: Isic | Literal[""] = ""
    ended_on: dt.date | None = None
    exit_remedies: list[REMEDIES] = []


class SiteIn(_In):
    key: Key
    name: Name
    supplier: Key | None = None
    country: Country
    isic: Isic
    workforce: Count | None = None
    migrant_share: Annotated[Decimal, Field(ge=0, le=1)] | None = None
    recruitment_channel: str = "unknown"
    recruiter: Key | None = None

    @model_validator(mode="after")
    def _known_channel(self) -> "SiteIn":
        codes = {c.code for c in risk_data().channel}
        if self.recruitment_channel not in codes:
            raise ValueError(f"recruitment_channel must be one of {', '.join(sorted(codes))}")
        return self


class MetricIn(_In):
    site: Key
    period: tuple[dt.date, dt.date]
    code: str
    value: Figure | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | Literal[""] = ""
    evidence: list[EVIDENCE] = []
    evidence_ref: Ref = ""

    @model_validator(mode="after")
    def _known_metric(self) -> "MetricIn":
        metric = metrics_data().get(self.code)
        if metric is None:
            raise ValueError(f"unknown metric {self.code!r}")
        if self.period[1] < self.period[0]:
            raise ValueError("period ends before it starts")
        if metric.unit == "money" and self.value is not None and not self.currency:
            raise ValueError(f"{self.code} is an amount: give its currency")
        unit_problem = _unit_problem(metric.unit, self.value)
        if unit_problem:
            raise ValueError(f"{self.code}: {unit_problem}")
        return self


def _unit_problem(unit: str, value: Decimal | None) -> str:
    """What is wrong with a figure for its unit: a share is 0 to 1, yes/no is 1 or 0, a count
    is whole. Empty when nothing is."""
    if value is None:
        return ""
    if unit == "share" and value > 1:
        return "a share is from 0 to 1 (0.25 is a quarter)"
    if unit == "yes_no" and value not in (0, 1):
        return "give 1 for yes or 0 for no"
    if unit == "count" and value != value.to_integral_value():
        return "a count is a whole number"
    return ""


class ClaimIn(_In):
    criterion: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    text: Annotated[str, Field(min_length=1, max_length=600)]
    evidence_ref: Ref = ""


class CompanyData(_In):
    schema_version: Literal[1]
    company: CompanyIn
    recruiters: list[RecruiterIn] = []
    suppliers: list[SupplierIn] = []
    sites: list[SiteIn] = []
    metrics: list[MetricIn] = []
    claims: list[ClaimIn] = []

    @model_validator(mode="after")
    def _references(self) -> "CompanyData":
        problems = _dangling(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _dangling(data: CompanyData) -> list[str]:
    keys = {
        "recruiter": {r.key for r in data.recruiters},
        "supplier": {s.key for s in data.suppliers},
        "site": {s.key for s in data.sites},
    }
    refs = [
        (f"suppliers[{i}].supplies", "supplier", s.supplies) for i, s in enumerate(data.suppliers)
    ]
    refs += [(f"sites[{i}].supplier", "supplier", s.supplier) for i, s in enumerate(data.sites)]
    refs += [(f"sites[{i}].recruiter", "recruiter", s.recruiter) for i, s in enumerate(data.sites)]
    refs += [(f"metrics[{i}].site", "site", m.site) for i, m in enumerate(data.metrics)]
    return [
        f"{where}: no {kind} with key {ref!r}"
        for where, kind, ref in refs
        if ref and ref not in keys[kind]
    ]


def parse(data: Any, where: str = "company data") -> CompanyData:
    try:
        return CompanyData.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{where}: {'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}"
            for e in error.errors()
        ]
        raise DataError("\n".join(problems)) from None
