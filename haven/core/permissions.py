"""Every view declares who may call it; a test walks the URLconf and fails on any that does not.

- `@public`: anyone, signed in or not (login, accepting an invitation, health check).
- `@signing_in`: any active user, before the second factor (verifying it, enrolling, signing out).
- `@signed_in`: any active user.
- `@requires(Capability.X)`: a user whose roles, after the firewall, grant X. Others get 403.
- `@requires_any(Capability.X, Capability.Y)`: a user granted at least one of them.

Every guarded view but `@signing_in` also asks for the second factor: a user whose roles read
personal data or administer accounts (`accounts.second_factor.needs_second_factor`), signed in
but not verified in this session, is sent to verify or enrol.

Reads of personal records add a second gate inside the view: the app's `access.py`, which
answers "missing" and "forbidden" alike with 404.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from haven.accounts.roles import Capability
from haven.accounts.second_factor import is_verified, needs_second_factor

# Streaming responses (downloads) are views too, so the bound is the common base.
View = TypeVar("View", bound=Callable[..., HttpResponseBase])
PUBLIC = "public"
SIGNED_IN = "signed_in"
SIGNING_IN = "signing_in"


def _declare(view: View, permission: str) -> View:
    view.haven_permission = permission  # type: ignore[attr-defined]  # the declaration, read back by declared_permission
    return view


def public(view: View) -> View:
    return _declare(view, PUBLIC)


def second_factor_missing(request: HttpRequest) -> bool:
    return needs_second_factor(request.user) and not is_verified(request.user)


def _guarded(
    view: View, check: Callable[[Any], bool], permission: str, *, second_factor: bool = True
) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if second_factor and second_factor_missing(request):
            return redirect_to_login(request.get_full_path(), "accounts:second_factor")
        if not check(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _declare(cast(View, wrapper), permission)


def signing_in(view: View) -> View:
    return _guarded(view, lambda user: user.is_active, SIGNING_IN, second_factor=False)


def signed_in(view: View) -> View:
    return _guarded(view, lambda user: user.is_active, SIGNED_IN)


def requires(capability: Capability) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        return _guarded(view, lambda user: user.can(capability), capability.value)

    return decorate


def requires_any(*capabilities: Capability) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        def check(user: Any) -> bool:
            return any(user.can(capability) for capability in capabilities)

        return _guarded(view, check, "|".join(c.value for c in capabilities))

    return decorate


def declared_permission(view: Callable[..., Any]) -> str | None:
    """The permission a view declared, looking through class-based view wrappers."""
    declared = getattr(view, "haven_permission", None)
    view_class = getattr(view, "view_class", None)
    if declared is None and view_class is not None:
        declared = getattr(view_class, "haven_permission", None)
    return declared
