"""Read-only views for the system administrator. Changes go through Haven's own pages, whose
actions write the audit trail; the admin never writes, so it cannot bypass them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from haven.accounts.models import Organisation, User
from haven.core.admin_site import admin_site


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "org_type", "country", "created_at"]
    list_filter = ["org_type", "country"]
    search_fields = ["name"]


@admin.register(User, site=admin_site)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "organisation", "is_active", "last_login"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["username"]
    fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "is_active",
        "last_login",
        "date_joined",
    ]
