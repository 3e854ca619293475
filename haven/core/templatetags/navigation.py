"""`{% main_navigation %}`: the header's links (haven.core.navigation)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from haven.core import navigation
from haven.inbox.context_processors import waiting

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context: Any) -> SafeString:
    # The counts from the request, not from context["waiting"]: a page may name its own list
    # "waiting" (the referrals and decisions inboxes do), which hid their badges before.
    counts = waiting(context["request"])["waiting"]
    return navigation.render(context["user"], counts)
