"""The URLconf as a list: the one walk that the route-generated tests share (the permission
declarations, the page walk at 375 px, the form fuzz)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from haven.core.permissions import declared_permission


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", "" when the pattern has no name
    path: str  # the pattern as written, e.g. "cases/<int:case_id>/"
    namespaces: tuple[str, ...]
    pattern: URLPattern

    @property
    def arguments(self) -> list[str]:
        return list(self.pattern.pattern.converters)

    @property
    def permission(self) -> str:
        return declared_permission(self.pattern.callback) or ""

    @property
    def is_django_admin(self) -> bool:
        return "admin" in self.namespaces


def _walk(patterns: list[Any], prefix: str, namespaces: tuple[str, ...]) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield Route(name, prefix + str(entry.pattern), namespaces, entry)


def all_routes() -> list[Route]:
    """Every pattern of the URLconf, Django's admin included."""
    return list(_walk(get_resolver().url_patterns, "", ()))


def named_routes() -> list[tuple[str, list[str], str]]:
    """Haven's named routes (not Django's admin) as (name, URL arguments, declared permission)."""
    return [
        (r.name, r.arguments, r.permission)
        for r in all_routes()
        if r.name and not r.is_django_admin
    ]
