from django.contrib import admin
from django.http import HttpRequest

from haven.accounts.roles import Capability


class HavenAdminSite(admin.AdminSite):
    """Django's admin, for the system administrator only (after the firewall, like every role)."""

    site_header = "Haven system administration"
    site_title = "Haven admin"
    index_title = "System administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.can(Capability.USE_DJANGO_ADMIN))


admin_site = HavenAdminSite(name="admin")
