"""Django's model back-end, reading the signed-in user with their organisation and their roles:
every page asks both (capabilities, the firewall, the navigation), and fetching each apart was
two more queries on every request."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, CharField
from django.db.models.sql.compiler import SQLCompiler

from haven.accounts.models import User

SEPARATOR = ","  # no role name holds one (haven.accounts.roles.Role)


class RoleNames(Aggregate):
    """A user's role names in one column: SQLite's GROUP_CONCAT, PostgreSQL's STRING_AGG."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        template = f"STRING_AGG(%(expressions)s, '{SEPARATOR}')"
        return self.as_sql(compiler, connection, template=template, **extra)


class UserWithOrganisationBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = (
            User._default_manager.select_related("organisation")
            .annotate(granted_roles=RoleNames("role_grants__role"))
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        granted = user.granted_roles  # the annotation above
        user.__dict__["role_names"] = frozenset(granted.split(SEPARATOR) if granted else ())
        return user
