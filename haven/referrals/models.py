"""Referrals between organisations: the National Referral Mechanism (DOMAIN.md 4; seed 003
L2868-2932). A referral shares only the sections of a case chosen for it, only with consent (or
a supervisor's stated override), never with enforcement. Reasons and details may identify the
person, so they are encrypted at rest.

Field names follow HTCDS where it has them: cas_ReasonForOutgoingReferral (`reason`, by value
name) and cas_OutgoingReferralDetails (`details`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation
from haven.cases.models import Case, Consent, htcds_choices
from haven.crypto.fields import EncryptedTextField


class Section(models.TextChoices):
    """What a referral may share; the sender ticks the minimum the receiver needs."""

    PERSON = "person", _("Person: name, date of birth, gender, nationality")
    VICTIM_CONTEXT = "victim_context", _("Victim context (HTCDS)")
    EVENTS = "events", _("Trafficking events: recruitment, transit, exploitation")
    SCREENING = "screening", _("Latest screening result: rights and alerts")
    SUPPORT_NOTES = "support_notes", _("Support notes")
    CONSENTS = "consents", _("Consents on record")


class Status(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")


OPEN_STATUSES = (Status.SENT, Status.ACCEPTED)


def referral_reference(pk: int) -> str:
    return f"R-{pk:06d}"


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received"
    )
    reason = models.CharField(
        max_length=40,
        choices=htcds_choices("cas_ReasonForOutgoingReferral"),
        help_text=_("HTCDS cas_ReasonForOutgoingReferral"),
    )
    details = EncryptedTextField(blank=True, help_text=_("HTCDS cas_OutgoingReferralDetails"))
    sections = models.JSONField(default=list, help_text=_("Section value names shared"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    answer_reason = EncryptedTextField(
        blank=True, help_text=_("Why the receiver declined, or the sender withdrew")
    )
    cross_border = models.BooleanField(
        help_text=_("The two organisations are in different countries")
    )
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_override_reason = EncryptedTextField(blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    receiver_case = models.OneToOneField(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opened_from_referral",
        help_text=_("The receiving organisation's own case, opened from the shared sections"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"referral #{self.pk} of {self.case}"

    @property
    def reference(self) -> str:
        return referral_reference(self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def section_labels(self) -> list[str]:
        return [str(Section(code).label) for code in self.sections]
