from typing import Any

from django.http import HttpRequest

from haven import __version__
from haven.accounts.roles import Capability


def haven(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    can = user.capabilities if user is not None and user.is_authenticated else frozenset()
    return {"haven_version": __version__, "can": {c.name: c in can for c in Capability}}
