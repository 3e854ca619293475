"""Show the framework's texts (data/framework.toml) in the active language, and figures and
dates the locale's way. The data file keeps the English beside its `*_i18n` tables."""

from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from haven.core.i18n import localized
from haven.diligence.framework import framework
from haven.diligence.models import Finding

register = template.Library()

# The four duties as the framework names them (data/framework.toml `duty`).
DUTIES = {
    "prevent": _("prevent"),
    "assist and protect": _("assist and protect"),
    "investigate, prosecute and punish": _("investigate, prosecute and punish"),
    "ensure remedies": _("ensure remedies"),
}
EVIDENCE_KINDS = {
    "corpus": _("corpus"),
    "document": _("document"),
    "figure": _("figure"),
    "law": _("legal knowledge base"),  # an answer from a jurisdiction profile or the gap report
}


@register.filter
def tr(entry: Any, field: str) -> str:
    """`{{ area|tr:"title" }}`: the field in the active language, else the English."""
    english = getattr(entry, field, "") or ""
    return localized(english, getattr(entry, f"{field}_i18n", None) or {})


@register.filter
def area_title(code: str) -> str:
    area = framework().areas.get(code)
    return localized(area.title, area.title_i18n) if area else code


@register.filter
def duty(name: str) -> str:
    return str(DUTIES.get(name, name))


@register.filter
def evidence_kind(kind: str) -> str:
    return str(EVIDENCE_KINDS.get(kind, kind))


@register.filter
def figure(value: Any) -> str:
    """A reported figure as the locale writes numbers."""
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


@register.filter
def result_label(code: str | None) -> str:
    """A finding's result (met, not met...) in the active language; "—" for none."""
    return str(dict(Finding.RESULTS).get(code, code)) if code else "—"
