"""Show data-file labels and built-in engine texts in the active language.

The engines (risk, impact, statement, applicability) stay pure and English, so their JSON and
CLI output do not change with the reader's language; these filters translate where a page
shows them: a data file's `*_i18n` table, or a built-in message's msgid with its parameters."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext

from haven.business.impactschema import metrics_data, requirements_data
from haven.business.lawdata import laws
from haven.business.said import render
from haven.core.i18n import localized

register = template.Library()


@register.filter
def reason_text(reason: Any) -> str:
    """A risk reason: a built-in message translated, or the data file's label localized."""
    if reason.message:
        return str(gettext(reason.message) % dict(reason.params))
    return localized(reason.label, reason.label_i18n)


@register.filter
def said(message: Mapping[str, Any] | None) -> str:
    """A text a pure engine composed (haven.business.said), in the active language."""
    if not message:
        return ""
    return render(message, gettext, _localize)


def _localize(value: Mapping[str, Any]) -> str:
    if "label" in value:
        return localized(value["label"], value.get("label_i18n", {}))
    if "date" in value:
        return iso_date(value["date"])
    figure = formats.number_format(Decimal(value["amount"]), 0, use_l10n=True, force_grouping=True)
    return f"{value['currency']} {figure}" if value.get("currency") else figure


@register.filter
def law_name(code: str) -> str:
    law = next((entry for entry in laws().law if entry.code == code), None)
    return localized(law.name, law.name_i18n) if law else code


@register.filter
def content_summary(criterion: Mapping[str, Any], law_code: str) -> str:
    law = next((entry for entry in laws().law if entry.code == law_code), None)
    content = next((c for c in law.content if c.code == criterion["code"]), None) if law else None
    return localized(content.summary, content.summary_i18n) if content else criterion["summary"]


@register.filter
def content_title(code: str, law_code: str) -> str:
    """A mandatory content named by its code, as its summary in the active language."""
    return content_summary({"code": code, "summary": code}, law_code)


@register.filter
def metric_label(code: str) -> str:
    metric = metrics_data().get(code)
    return localized(metric.label, metric.label_i18n) if metric else code


@register.filter
def requirement_label(code: str) -> str:
    requirement = requirements_data().get(code)
    return localized(requirement.label, requirement.label_i18n) if requirement else code


@register.filter
def number(value: Any) -> str:
    """A figure as the locale writes it (decimal sign, grouping), keeping every digit given."""
    if value is None or value == "":
        return ""
    return formats.number_format(Decimal(str(value)), use_l10n=True, force_grouping=True)


@register.filter
def percent(share: float | None) -> str:
    """0.25 -> "25 %" as the locale writes numbers (no rounding beyond one decimal)."""
    if share is None:
        return ""
    value = (Decimal(str(share)) * 100).quantize(Decimal("0.1"))
    if value == value.to_integral_value():
        value = value.quantize(Decimal("1"))
    shown = formats.number_format(value, use_l10n=True)
    return str(gettext("%(share)s %%") % {"share": shown})


@register.filter
def iso_date(value: str | None) -> str:
    """An ISO date from an engine ("2026-01-31") written the locale's way."""
    if not value:
        return ""
    return formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
