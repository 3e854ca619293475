"""What the company officer's forms hand to the actions: one site, one supplier, one period's
figures for a site. Each is checked by the same models as the company-data file
(companydata.py), so a figure the file refuses, the page refuses too, naming the same field."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from haven.business.companydata import MetricIn, SiteIn, SupplierIn
from haven.business.models import Recruiter, Supplier

# The file's entries are joined by keys; a form's are rows already, so one placeholder key
# stands for the entry checked.
_KEY = "form"


@dataclass(frozen=True)
class SiteFields:
    name: str
    country: str
    isic: str
    recruitment_channel: str = "unknown"
    workforce: int | None = None
    migrant_share: Decimal | None = None
    recruiter: Recruiter | None = None
    supplier: Supplier | None = None


@dataclass(frozen=True)
class SupplierFields:
    name: str
    country: str
    tier: int = 1
    isic: str = ""
    supplies: Supplier | None = None


@dataclass(frozen=True)
class Figure:
    """One metric of a period: no value is "missing" (never zero), whatever the evidence."""

    code: str
    value: Decimal | None = None
    currency: str = ""
    evidence: tuple[str, ...] = ()
    evidence_ref: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.evidence and not self.evidence_ref.strip()


def _checked(model: type[pydantic.BaseModel], data: dict[str, Any], prefix: str = "") -> None:
    """Raise Django's ValidationError keyed by field (`prefix` + the file's field name), or
    `__all__` for a problem of the whole entry."""
    try:
        model.model_validate(data)
    except pydantic.ValidationError as error:
        problems: dict[str, list[str]] = defaultdict(list)
        for e in error.errors():
            field = ".".join(map(str, e["loc"][:1]))
            problems[f"{prefix}{field}" if field else "__all__"].append(e["msg"])
        raise ValidationError(dict(problems)) from None


def check_site(fields: SiteFields) -> None:
    _checked(
        SiteIn,
        {
            "key": _KEY,
            "name": fields.name,
            "country": fields.country,
            "isic": fields.isic,
            "workforce": fields.workforce,
            "migrant_share": fields.migrant_share,
            "recruitment_channel": fields.recruitment_channel,
        },
    )


def check_supplier(fields: SupplierFields) -> None:
    _checked(
        SupplierIn,
        {
            "key": _KEY,
            "name": fields.name,
            "country": fields.country,
            "tier": fields.tier,
            "isic": fields.isic,
        },
    )


def check_figure(period: tuple[dt.date, dt.date], figure: Figure) -> None:
    """Fields are named `<code>-<field>`, as the metrics form names them."""
    if figure.value is None and not figure.is_empty:
        raise ValidationError(
            {
                f"{figure.code}-value": [
                    _(
                        "Evidence is given for a figure left missing: give the figure, or "
                        "clear its evidence."
                    )
                ]
            }
        )
    _checked(
        MetricIn,
        {
            "site": _KEY,
            "period": period,
            "code": figure.code,
            "value": figure.value,
            "currency": figure.currency,
            "evidence": list(figure.evidence),
            "evidence_ref": figure.evidence_ref,
        },
        prefix=f"{figure.code}-",
    )
