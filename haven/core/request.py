"""The signed-in user of a request, typed as Haven's `User`.

django-stubs types `request.user` as `User | AnonymousUser`, which is right for a bare view;
but every view behind `@signing_in`, `@signed_in`, `@requires` or `@requires_any`
(haven.core.permissions) has already sent anonymous visitors to sign in. Views take the user
through `signed_in_user` instead of silencing the type checker with `type: ignore`: the
check is made, not assumed, so a view wired without its guard refuses (403) instead of
acting as an anonymous "user".
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from haven.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in; for annotating views of new code."""

    user: User


def signed_in_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def whole_number(request: HttpRequest, name: str) -> int | None:
    """The query-string parameter `name` as a whole number, or None when it is missing or not
    one. ASCII digits only and at most 18 of them: str.isdigit() also accepts "²", which int()
    refuses, and a longer number would overflow the database's integers."""
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None
