"""A user's choice of notifications, and the due notices already sent. Neither holds anything
about a person: kinds of work, and keys made of internal ids and dates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationChoice(models.Model):
    """The kinds of work a user does not want e-mails about; without a row, every kind."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choice"
    )
    muted = models.JSONField(default=list, blank=True, help_text=_("Queue kind codes not e-mailed"))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"notification choice of user #{self.user_id}"


class SentNotice(models.Model):
    """One due or overdue item already e-mailed to one user, so `notify-due` never repeats it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120, help_text=_("kind:id:due date:state"))
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="inbox_one_notice_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.key} to user #{self.user_id}"
