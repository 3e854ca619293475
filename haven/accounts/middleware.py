"""Until the generated administrator password (`haven init`) is changed, every page leads to the
password change page: a password printed on a console, perhaps into a log, must not stay in use.

Views declared `@public` or `@signing_in` (signing in and out, the second factor) stay open, so
the user can pass the second factor first; the password change page itself asks for it."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from haven.core.permissions import PUBLIC, SIGNING_IN, declared_permission

OPEN_PERMISSIONS = frozenset({PUBLIC, SIGNING_IN})


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        user = request.user
        if not getattr(user, "must_change_password", False):
            return None
        target = reverse("accounts:password_change")
        if request.path == target or declared_permission(view) in OPEN_PERMISSIONS:
            return None
        messages.warning(request, _("Choose a new password before you go on."))
        return redirect(target)
