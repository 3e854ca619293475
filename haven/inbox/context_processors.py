"""`waiting` in every template: the counts the navigation's badges show, each at most
BADGE_CAP ("99+"). Lazy (nothing is queried until a template asks) and cached on the request,
so a page costs one query for every kind a COUNT answers, however many templates it renders."""

from typing import Any

from django.http import HttpRequest

from haven.inbox.badge import BADGE_CAP
from haven.inbox.queues import KINDS, NAV_GROUPS, capped_counts, count


class Waiting:
    """`waiting.<kind>`, `waiting.<navigation group>` and `waiting.total`; 0 for anything the
    user may not see, and for anyone signed out."""

    def __init__(self, user: Any) -> None:
        self._user = user
        self._signed_in = user is not None and user.is_authenticated
        self._counts: dict[str, int] | None = None

    def _count(self, code: str) -> int:
        if self._counts is None:
            self._counts = capped_counts(self._user) if self._signed_in else {}
        if code not in self._counts:  # a kind no COUNT answers, or one the user may not see
            self._counts[code] = min(count(self._user, code), BADGE_CAP) if self._signed_in else 0
        return self._counts[code]

    def __getitem__(self, name: str) -> int:
        if name in KINDS:
            return self._count(name)
        if name in NAV_GROUPS:
            return min(sum(self._count(code) for code in NAV_GROUPS[name]), BADGE_CAP)
        if name == "total":
            return min(sum(self._count(code) for code in KINDS), BADGE_CAP)
        raise KeyError(name)


def waiting(request: HttpRequest) -> dict[str, Any]:
    cached = getattr(request, "_haven_waiting", None)
    if cached is None:
        cached = Waiting(getattr(request, "user", None))
        request._haven_waiting = cached  # type: ignore[attr-defined]  # a per-request cache on the request object
    return {"waiting": cached}
