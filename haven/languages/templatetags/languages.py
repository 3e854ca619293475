"""The language switch and the review notice, included by every page's header (base.html)."""

from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from haven.languages.catalogs import is_reviewed

register = template.Library()


@register.inclusion_tag("languages/switch.html", takes_context=True)
def language_switch(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    return {
        "languages": settings.LANGUAGES,
        "current": get_language(),
        # The path only: a query string may carry what someone searched for (a name), which
        # must not be echoed into the page (a 403 page shows nothing of the request).
        "next": request.path if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("languages/review_notice.html")
def review_notice() -> dict[str, Any]:
    return {"unreviewed": not is_reviewed(get_language() or "en")}


@register.simple_tag
def text_direction() -> str:
    """`rtl` for right-to-left languages (Arabic), `ltr` otherwise: for `<html dir=…>`."""
    return "rtl" if get_language_bidi() else "ltr"
