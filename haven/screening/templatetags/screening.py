"""Filters for the screening pages: the stored result (English, as the engine said it at the
time) shown in the reader's language, and form fields picked by name."""

from typing import Any

from django import template

from haven.screening import i18n

register = template.Library()


@register.filter
def fields_named(form: Any, names: str) -> list[Any]:
    return [form[name] for name in names.split()]


@register.filter
def reason(text: str) -> str:
    """One of the engine's stated reasons, translated (the English when unknown)."""
    return i18n.reason(text)


@register.filter
def alert_message(alert: dict[str, Any]) -> str:
    return i18n.alert_message(alert.get("code", ""), alert.get("message", ""))


@register.filter
def alert_title(code: str) -> str:
    return i18n.alert_title(code)


@register.filter
def right_title(right: dict[str, Any]) -> str:
    return i18n.right_title(right.get("code", ""), right.get("title", ""))


@register.filter
def element_status(status: str) -> str:
    """A legal element's finding (met, not met, not required, unknown) in words."""
    return i18n.element_status(status)


@register.filter
def iso_date(value: str | None) -> Any:
    """An ISO date from the stored JSON as a date, so `|date:"DATE_FORMAT"` can localise it."""
    return i18n.iso_date(value)
