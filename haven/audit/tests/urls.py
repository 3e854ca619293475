"""The project's URLconf, for the view tests: the base template links to other apps' pages,
so the audit URLs alone cannot render it."""

from haven.urls import handler403, handler404, urlpatterns

__all__ = ["handler403", "handler404", "urlpatterns"]
