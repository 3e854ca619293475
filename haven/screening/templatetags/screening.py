from typing import Any

from django import template

register = template.Library()


@register.filter
def fields_named(form: Any, names: str) -> list[Any]:
    return [form[name] for name in names.split()]
