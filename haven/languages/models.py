"""A user's interface language, kept so that it follows them to every device they sign in on.
Anyone, signed in or not, also has it in the language cookie (Django's LANGUAGE_COOKIE_NAME)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguagePreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="language_preference",
    )
    language = models.CharField(
        _("interface language"), max_length=10, help_text=_("A code from settings.LANGUAGES")
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
