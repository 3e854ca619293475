from django import template

from haven.stats.indicators import Indicator
from haven.stats.labels import category_label

register = template.Library()


@register.filter
def category(code: str, indicator: Indicator) -> str:
    """``{{ row.label|category:item.indicator }}``: the category's name in the active language."""
    return category_label(indicator, code)
