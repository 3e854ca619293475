"""What every route shares: who the caller is, and the error responses it may get."""

from typing import Any

from django.http import HttpRequest

from haven.accounts.models import User
from haven.api.schemas import Error
from haven.core.request import signed_in_user

ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 429: Error}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: Error}


def acting(request: HttpRequest) -> User:
    """The user the client acts for (set by `Scoped`)."""
    return signed_in_user(request)


def responses(status: int, schema: Any, errors: dict[int, Any] = ERRORS) -> dict[int, Any]:
    return {status: schema, **errors}
