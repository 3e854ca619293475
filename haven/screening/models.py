"""Screening interviews, early-support decisions and appeals. The record, the result and every
stated reason may identify the person or their situation, so they are encrypted at rest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation
from haven.cases.models import Case
from haven.crypto.fields import EncryptedTextField


class Discipline(models.TextChoices):
    SOCIAL_WORK = "social_work", _("Social work")
    PSYCHOLOGY = "psychology", _("Psychology")
    HEALTH = "health", _("Health")
    LAW = "law", _("Law")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    LABOUR = "labour", _("Labour")
    MIGRATION = "migration", _("Migration and asylum")
    CULTURAL_MEDIATION = "cultural_mediation", _("Cultural mediation")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Early support granted")
    DENIED = "denied", _("Early support denied")


class Screening(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="screenings")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    jurisdiction = models.CharField(max_length=4)
    encounter_date = models.DateField()
    record = EncryptedTextField(help_text=_("The interview record, JSON (docs/screening.md)"))
    result = EncryptedTextField(help_text=_("What the rights engine said at the time, JSON"))
    reasonable_grounds = models.BooleanField()
    early_support_recommended = models.BooleanField()
    submitted_to = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="screenings_to_decide",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"screening #{self.pk} of {self.case}"


class Decision(models.Model):
    """A decision on early support by an interdisciplinary team of a civil authority; when
    `appeal` is set, the decision on that appeal, by a different team."""

    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="decisions")
    appeal = models.OneToOneField(
        to="Appeal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_on_appeal",
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reasons = EncryptedTextField()
    decided_on = models.DateField()
    appeal_deadline = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One first decision per screening; a change goes through an appeal, whose own
            # decision is unique through `appeal`.
            models.UniqueConstraint(
                fields=["screening"],
                condition=models.Q(appeal__isnull=True),
                name="one_first_decision_per_screening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.decided_on}"

    @property
    def is_final(self) -> bool:
        """Final once every member named on it has confirmed it as their own (seed 000 rec. 65:
        the team decides, not whoever types it in). Uses the prefetched members when there."""
        return all(member.confirmed_at is not None for member in self.members.all())

    def awaiting(self) -> list["DecisionMember"]:
        return [member for member in self.members.all() if member.confirmed_at is None]

    def member_ids(self) -> list[int]:
        return [member.user_id for member in self.members.all()]


class DecisionMember(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    discipline = models.CharField(max_length=30, choices=Discipline.choices)
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "When this member confirmed the decision recorded in their name; the one "
            "who records it confirms by recording"
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "user"], name="one_seat_per_member"),
            models.UniqueConstraint(
                fields=["decision", "discipline"], name="one_member_per_discipline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.discipline})"


class Appeal(models.Model):
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="appeal_lodged"
    )
    lodged_on = models.DateField()
    grounds = EncryptedTextField()
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"appeal against decision #{self.decision_id}"
