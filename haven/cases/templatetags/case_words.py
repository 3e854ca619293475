"""A deadline's title in the reader's language: deadlines keep the English title of the right
they come from (with its code), and the legal data carries the right's translations."""

from typing import Any

from django import template

from haven.core.i18n import localized

register = template.Library()


@register.filter
def deadline_title(deadline: Any) -> str:
    from haven.law.loader import law

    right = law().rights.get(deadline.code)
    table = getattr(right, "title_i18n", None)
    if right is None or right.title != deadline.title or not table:
        return str(deadline.title)
    return localized(right.title, table)
