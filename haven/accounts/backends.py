"""Django's model back-end, reading the signed-in user with their organisation: every page
asks the organisation (capabilities, the firewall, the navigation), and fetching it apart was
one more query on every request."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from haven.accounts.models import User


class UserWithOrganisationBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User._default_manager.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
