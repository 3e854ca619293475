"""A draft: what someone has typed into a long form and not yet submitted, kept so that an idle
timeout or a lost connection loses nothing. The payload may say anything the finished record
would, so it is encrypted at rest like the record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.cases.models import Case
from haven.crypto.fields import EncryptedTextField


class Draft(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts"
    )
    form = models.CharField(max_length=60, help_text=_("Which form, e.g. screening.interview"))
    payload = EncryptedTextField(help_text=_("The form's fields as JSON: name → list of values"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            # One draft per person, form and case: autosave replaces it, never piles up copies.
            models.UniqueConstraint(
                fields=["author", "form", "case"],
                condition=models.Q(case__isnull=False),
                name="one_draft_per_author_form_case",
            ),
            models.UniqueConstraint(
                fields=["author", "form"],
                condition=models.Q(case__isnull=True),
                name="one_draft_per_author_form",
            ),
        ]

    def __str__(self) -> str:
        return f"draft of {self.form} by user #{self.author_id}"
