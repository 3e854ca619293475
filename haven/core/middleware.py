import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from haven.core.sqlite import refresh_statistics


class ContentSecurityPolicyMiddleware:
    """Send Haven's Content-Security-Policy: only this server's own scripts, styles and images."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages of signed-in users may show personal data: never keep them in a cache.
            response.setdefault("Cache-Control", "no-store")
        return response


SIGNED_IN_AT = "haven_signed_in_at"


class AbsoluteSessionLifetimeMiddleware:
    """End a session a fixed time after sign-in, however active it stays: a stolen session
    cookie, or a shared computer left signed in, is useful for hours at most, not for ever."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(SIGNED_IN_AT, int(time.time()))
            if time.time() - started > settings.HAVEN_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


RENEWED_AT = "haven_renewed_at"
RENEW_SECONDS = 60


def renew_session(request: HttpRequest) -> None:
    """Restart the idle timeout now: the session is written at the end of the request."""
    request.session[RENEWED_AT] = int(timezone.now().timestamp())


def idle_seconds_left(request: HttpRequest) -> int:
    """Seconds until the idle timeout as the database holds it; a session from before this
    stamp existed counts as due for renewal."""
    now = int(timezone.now().timestamp())
    return settings.SESSION_COOKIE_AGE - (now - int(request.session.get(RENEWED_AT, 0)))


def _renew_every() -> int:
    return min(RENEW_SECONDS, settings.SESSION_COOKIE_AGE // 10)


class IdleTimeoutMiddleware:
    """The idle timeout counts from the last request, to within RENEW_SECONDS: the session is
    written when its data changed or when its last renewal is that old, not on every request.
    Saving every request (SESSION_SAVE_EVERY_REQUEST) made every page view a write transaction,
    which SQLite serialises and PostgreSQL must commit (bench/cases.py, bench/load.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        due = settings.SESSION_COOKIE_AGE - _renew_every()
        if not session.is_empty() and idle_seconds_left(request) <= due:
            renew_session(request)
        response = self.get_response(request)
        if session.modified and not session.is_empty():
            renew_session(request)  # saved anyway: the timeout restarts from now
        return response


class DatabaseStatisticsMiddleware:
    """After a response, now and then, refresh SQLite's planner statistics (haven.core.sqlite)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if hasattr(request, "_cached_user"):  # the request read its user: it used the database
            refresh_statistics()
        return response
