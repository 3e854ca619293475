"""Every view in the URLconf declares its permission; a view that does not fails this test."""

from django.urls import URLPattern, get_resolver

from haven.core.admin_site import HavenAdminSite
from haven.core.permissions import declared_permission
from haven.testing.routes import all_routes


def haven_views() -> list[tuple[str, URLPattern]]:
    return [(r.path, r.pattern) for r in all_routes() if not r.is_django_admin]


def test_every_view_declares_its_permission():
    undeclared = [
        route for route, pattern in haven_views() if declared_permission(pattern.callback) is None
    ]
    assert undeclared == []


def test_the_walk_sees_the_views_it_guards():
    routes = {route for route, _ in haven_views()}
    assert {"accounts/login/", "cases/<int:case_id>/", "audit/"} <= routes


def test_the_django_admin_is_haven_s_own_site_that_checks_capabilities():
    admin_patterns = [r.pattern for r in all_routes() if r.is_django_admin]
    assert admin_patterns
    site = get_resolver().resolve("/system/admin/").func.admin_site  # type: ignore[attr-defined]  # the admin's view function carries its site
    assert isinstance(site, HavenAdminSite)


def test_a_view_without_a_declaration_is_reported():
    def bare_view(request):  # pragma: no cover - never called
        return None

    assert declared_permission(bare_view) is None


def test_the_admin_sends_sign_in_and_password_changes_to_haven_s_audited_pages(
    client, system_admin
):
    assert "/accounts/login/" in client.get("/system/admin/login/")["Location"]
    client.force_login(system_admin)
    assert client.get("/system/admin/").status_code == 200
    assert client.get("/system/admin/password_change/")["Location"] == "/accounts/password/"
