"""`/api/v1/`: the REST API and its OpenAPI schema. Every route is token-authenticated inside
the API (`haven.api.auth.Scoped`); the schema is public, like the documentation it is."""

from typing import Any

from django.urls import URLPattern, URLResolver

from haven.api.api import api
from haven.core.permissions import _declare

API_TOKEN = "api_token"  # noqa: S105  (a permission name, not a secret)


def _declared(patterns: list[Any]) -> list[Any]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _declared(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            public = entry.name == "openapi-json"
            _declare(entry.callback, "public" if public else API_TOKEN)
    return patterns


urls, app_name, namespace = api.urls
urlpatterns = _declared(list(urls))
