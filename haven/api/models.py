"""API clients and their tokens, webhook subscriptions and their outbox, and the drafts that
offline collection (OpenRosa) delivers. A token is stored only as its SHA-256; a webhook secret
must be usable to sign, so it is encrypted at rest instead. Submitted forms may identify a
person, so their XML is encrypted too."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation
from haven.crypto.fields import EncryptedTextField


class ApiClient(models.Model):
    """Another system, acting on behalf of one named user of the organisation: that user's
    capabilities (after the firewall) apply to every call, narrowed by the token's scopes.
    An administrator registers it; only the named user can approve it and receive its token,
    so no administrator can give themselves the access of a worker."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scopes = models.JSONField(default=list, help_text=_('Scope names, e.g. "referrals:write"'))
    token_prefix = models.CharField(max_length=16, null=True, blank=True, unique=True)
    token_hash = models.CharField(max_length=64, blank=True)
    approved_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the named user accepted acting through it")
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(default=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="one_client_name_per_org")
        ]

    def __str__(self) -> str:
        return f"API client {self.name}"


class WebhookSubscription(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    secret = EncryptedTextField(help_text=_("HMAC-SHA256 key for this subscription's signatures"))
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"webhook #{self.pk}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed after every retry")


class Delivery(models.Model):
    """The outbox: one event for one subscription, written in the transaction of the change it
    announces, and delivered afterwards by `haven webhooks deliver` (later: by the job queue).
    `payload` holds ids and codes only."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=60)
    dedupe_key = models.CharField(max_length=120)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "dedupe_key"], name="one_delivery_per_event"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"delivery #{self.pk} ({self.event})"


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft, awaiting review")
    CONFIRMED = "confirmed", _("Confirmed by the worker")
    DISCARDED = "discarded", _("Discarded by the worker")


class SubmissionDraft(models.Model):
    """A form filled in offline and sent through OpenRosa: never a finished record, only a
    draft for the named worker to review."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    form_id = models.CharField(max_length=60)
    instance_id = models.CharField(max_length=100, unique=True)
    xml = EncryptedTextField()
    answers = EncryptedTextField(help_text=_("The answers as JSON, by question name"))
    status = models.CharField(max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"draft #{self.pk} ({self.form_id})"


class RateWindow(models.Model):
    """How many calls a client made in one minute (`window`: minutes since 1970), when the rate
    is counted in the database (docs/api.md, Rate limits): one row per client and minute,
    raised by an atomic UPDATE, so every worker process counts against the same number."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    window = models.BigIntegerField()
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "window"], name="one_rate_row_per_minute")
        ]

    def __str__(self) -> str:
        return f"{self.calls} calls of client #{self.client_id} in minute {self.window}"
