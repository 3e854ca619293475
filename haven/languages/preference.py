"""Applying the remembered language: signed in, the user's stored choice wins over the cookie
and the browser's Accept-Language; signed out, Django's LocaleMiddleware reads the cookie.

The choice is copied into the session at sign-in (one query per sign-in, none per page), and
the response carries it in the language cookie, so the sign-in page after signing out speaks
the user's language too."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation

SESSION_KEY = "haven_language"


@receiver(user_logged_in)
def _apply_on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from haven.languages.models import LanguagePreference

    if request is None or not hasattr(request, "session"):
        return
    stored = LanguagePreference.objects.filter(user=user).values_list("language", flat=True)
    language = stored.first()
    if language in dict(settings.LANGUAGES):
        request.session[SESSION_KEY] = language


def language_for(user: Any) -> str:
    """The language to write to `user` in (e-mails): their stored choice, else the active one."""
    from haven.languages.models import LanguagePreference

    stored = LanguagePreference.objects.filter(user_id=user.pk).values_list("language", flat=True)
    language = stored.first()
    return language if language in dict(settings.LANGUAGES) else translation.get_language() or "en"


def remember(request: HttpRequest, response: HttpResponse, language: str) -> None:
    """Put `language` in the session (signed in) and in the cookie (anyone)."""
    if request.user.is_authenticated:
        request.session[SESSION_KEY] = language
    set_cookie(response, language)


def set_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # the setting is "Lax", a value set_cookie takes
    )


def _session_language(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    language = session.get(SESSION_KEY) if session is not None else None
    return language if language in dict(settings.LANGUAGES) else None


class UserLanguageMiddleware:
    """After AuthenticationMiddleware: activate the signed-in user's remembered language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = _session_language(request)
        if language is not None:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        language = _session_language(request)  # signing in sets it during the view
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            set_cookie(response, language)
        return response
