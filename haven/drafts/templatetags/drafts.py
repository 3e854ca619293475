"""`{% draft_attrs "app.form" case %}` on a <form> turns on autosave (drafts/autosave.js);
`{% session_timeout %}` gives the idle-timeout warning (drafts/session.js) what it needs."""

import json
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from haven.drafts.views import session_seconds_left

register = template.Library()
WARN_SECONDS = 120  # the warning comes two minutes before the idle timeout
# What the scripts say, translated here: {time} is filled in by the script.
MESSAGES = {
    "saved": _("Draft saved at {time}."),
    "restored": _("Draft restored, saved at {time}."),
    "discard": _("Discard the draft and start again"),
    "offline": _("Not saved: no connection. Haven will try again."),
    "not_saved": _("The draft could not be saved."),
    "signed_out": _("You are signed out. Your draft, saved at {time}, is kept."),
    "sign_in_again": _("Sign in again to continue"),
    "stay": _("Stay signed in"),
    "warn_title": _("You will be signed out soon"),
    "warn_text": _(
        "For safety, Haven signs you out at {time} when nothing happens. What you have typed "
        "in a long form is kept as a draft."
    ),
    "ended_title": _("You have been signed out"),
    "ended_text": _(
        "Your session ended after a time without activity. Your draft is kept: sign in again "
        "to continue where you stopped."
    ),
    "offline_title": _("No connection"),
    "offline_text": _("Haven could not be reached. Check the connection and try again."),
}


@register.simple_tag
def draft_attrs(form_key: str, case: Any = None) -> str:
    return format_html(
        'data-draft="{}" data-draft-case="{}" data-draft-load="{}" data-draft-save="{}" '
        'data-draft-discard="{}"',
        form_key,
        getattr(case, "pk", "") or "",
        reverse("drafts:load"),
        reverse("drafts:save"),
        reverse("drafts:discard"),
    )


@register.simple_tag(takes_context=True)
def session_timeout(context: Any) -> str:
    request: HttpRequest | None = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    return format_html(
        '<div id="haven-session" hidden data-seconds-left="{}" data-idle-seconds="{}" '
        'data-warn-seconds="{}" data-keepalive="{}" data-login="{}" data-messages="{}"></div>',
        session_seconds_left(request),
        settings.SESSION_COOKIE_AGE,
        min(WARN_SECONDS, settings.SESSION_COOKIE_AGE // 2),
        reverse("drafts:keepalive"),
        reverse(settings.LOGIN_URL),
        json.dumps({key: str(text) for key, text in MESSAGES.items()}),
    )
