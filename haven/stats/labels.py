"""How an indicator's categories are named on a page, in the viewer's language.

Downloads, JSON and the CTDC export keep the category codes ("Female", "FollowUp", "Yes");
pages name them: by the HTCDS picklist the indicator names (``vocabulary`` in
data/indicators.toml; "ISO 3166": by the country's name), else by the choices of the model
field counted (their labels are translated by the app that owns them), else by CTDC's own few
categories below.
"""

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.cases.models import Case
from haven.htcds import country_name, vocabulary_label
from haven.stats.compute import RECORDS
from haven.stats.indicators import Indicator

CTDC_CATEGORIES = {
    "Yes": _("Yes"),
    "No": _("No"),
    "Minor": _("Minor"),
    "Adult": _("Adult"),
    "Female": _("Female"),
    "Male": _("Male"),
    "Transgender/NonConforming": _("Transgender or non-conforming"),
}


def category_label(indicator: Indicator, code: str) -> str:
    """The name of one category of ``indicator`` in the active language."""
    if indicator.vocabulary == "ISO 3166":
        return country_name(code)
    if indicator.vocabulary:
        return vocabulary_label(indicator.vocabulary, code)
    choices = _choices(indicator.records, indicator.source) if not indicator.transform else {}
    return str(choices.get(code) or CTDC_CATEGORIES.get(code) or code)


@cache
def _choices(records: str, source: str) -> dict[str, object]:
    """The choices of the model field an indicator counts, when it has them."""
    model: type[models.Model] | None = RECORDS[records](Case.objects.none()).model
    found: dict[str, object] = {}
    for name in source.split("__"):
        if model is None:
            return {}
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001  (a lookup such as "year" is not a field)
            return {}
        model = field.related_model  # type: ignore[assignment]  # a relation field: related_model is a model class here
        found = {str(k): v for k, v in (getattr(field, "choices", None) or [])}
    return found
