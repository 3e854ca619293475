from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from haven.accounts.roles import Capability
from haven.accounts.second_factor import is_verified, needs_second_factor


class HavenAdminSite(admin.AdminSite):
    """Django's admin, for the system administrator only (after the firewall, like every role).

    Signing in, out and changing a password go through Haven's own pages, which rate-limit
    logins and write the audit trail; the admin's built-in versions would bypass both."""

    site_header = "Haven system administration"
    site_title = "Haven admin"
    index_title = "System administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        verified = not needs_second_factor(user) or is_verified(user)
        return bool(user.is_active and user.can(Capability.USE_DJANGO_ADMIN) and verified)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return redirect_to_login(request.GET.get("next", "/system/admin/"))

    # django-stubs narrow these to TemplateResponse; Django itself returns any response here.
    def logout(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:  # type: ignore[override]  # django-stubs narrow the return to TemplateResponse; Django accepts any response
        return redirect("accounts:logout")

    def password_change(  # type: ignore[override]  # django-stubs narrow the return to TemplateResponse; Django accepts any response
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        return redirect("accounts:password_change")


admin_site = HavenAdminSite(name="admin")
