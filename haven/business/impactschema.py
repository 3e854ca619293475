"""The shape of the risk-screening and impact-metric data files, checked when loaded."""

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from haven.business.lawschema import Translations
from haven.law.loader import read_file
from haven.law.schema import Code, Source, Strict

DATA_DIR = Path(__file__).resolve().parent / "data"
Label = Annotated[str, Field(min_length=1, max_length=160)]
Sources = Annotated[list[Source], Field(min_length=1)]
Weight = Annotated[int, Field(ge=0, le=10)]


class SectorFactor(Strict):
    code: Code
    label: Label
    label_i18n: Translations = {}
    isic: Annotated[list[Annotated[str, Field(pattern=r"^\d{2}$")]], Field(min_length=1)]
    weight: Weight
    sources: Sources


class ChannelFactor(Strict):
    code: Code
    label: Label
    label_i18n: Translations = {}
    weight: Weight
    sources: Sources


class LicenceFactor(Strict):
    status: Literal["revoked", "suspended", "unlicensed", "unknown"]
    label: Label
    label_i18n: Translations = {}
    weight: Weight
    sources: Sources


class MigrantFactor(Strict):
    at_least: Annotated[Decimal, Field(gt=0, le=1)]
    label: Label
    label_i18n: Translations = {}
    weight: Weight
    sources: Sources


class CountryFactor(Strict):
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    label: Label
    label_i18n: Translations = {}
    weight: Weight
    sources: Sources


class Unknown(Strict):
    migrants: Weight
    country: Weight


class RiskFile(Strict):
    schema_version: Literal[1]
    high: Weight
    medium: Weight
    sector: list[SectorFactor]
    channel: Annotated[list[ChannelFactor], Field(min_length=1)]
    licence: list[LicenceFactor]
    migrants: list[MigrantFactor]
    country: list[CountryFactor] = []
    unknown: Unknown


class Metric(Strict):
    code: Code
    label: Label
    label_i18n: Translations = {}
    unit: Literal["share", "money", "ratio", "count", "yes_no", "days"]
    sources: Sources


class MetricsFile(Strict):
    schema_version: Literal[1]
    metric: Annotated[list[Metric], Field(min_length=1)]


def load_risk(path: Path = DATA_DIR / "risk.toml") -> RiskFile:
    return read_file(path, RiskFile)


def load_metrics(path: Path = DATA_DIR / "metrics.toml") -> MetricsFile:
    return read_file(path, MetricsFile)


@cache
def risk_data() -> RiskFile:
    return load_risk()


@cache
def metrics_data() -> dict[str, Metric]:
    return {m.code: m for m in load_metrics().metric}


class Requirement(Strict):
    code: Literal[
        "fair_wages",
        "employer_pays",
        "subcontractor_evidence",
        "licensed_recruiters",
        "grievance_mechanism",
    ]
    label: Label
    label_i18n: Translations = {}
    sources: Sources


class ProcurementFile(Strict):
    schema_version: Literal[1]
    requirement: Annotated[list[Requirement], Field(min_length=1)]


def load_procurement(path: Path = DATA_DIR / "procurement.toml") -> ProcurementFile:
    return read_file(path, ProcurementFile)


@cache
def requirements_data() -> dict[str, Requirement]:
    return {r.code: r for r in load_procurement().requirement}
