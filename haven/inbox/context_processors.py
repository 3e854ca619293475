"""`waiting` in every template: the counts the navigation's badges show. Lazy (a count is
queried only when a template asks for it) and cached on the request, so a page costs at most
one COUNT per kind the user's roles reach, however many templates it renders."""

from typing import Any

from django.http import HttpRequest

from haven.inbox.queues import KINDS, NAV_GROUPS, count


class Waiting:
    """`waiting.<kind>`, `waiting.<navigation group>` and `waiting.total`; 0 for anything the
    user may not see, and for anyone signed out."""

    def __init__(self, user: Any) -> None:
        self._user = user
        self._counts: dict[str, int] = {}

    def _count(self, code: str) -> int:
        if code not in self._counts:
            signed_in = self._user is not None and self._user.is_authenticated
            self._counts[code] = count(self._user, code) if signed_in else 0
        return self._counts[code]

    def __getitem__(self, name: str) -> int:
        if name in KINDS:
            return self._count(name)
        if name in NAV_GROUPS:
            return sum(self._count(code) for code in NAV_GROUPS[name])
        if name == "total":
            return sum(self._count(code) for code in KINDS)
        raise KeyError(name)


def waiting(request: HttpRequest) -> dict[str, Any]:
    cached = getattr(request, "_haven_waiting", None)
    if cached is None:
        cached = Waiting(getattr(request, "user", None))
        request._haven_waiting = cached  # type: ignore[attr-defined]  # a per-request cache on the request object
    return {"waiting": cached}
