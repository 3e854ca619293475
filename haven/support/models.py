"""A person's support plan: their own goals, the services they choose, and milestones toward
long-term inclusion (DOMAIN.md §3: agency, 000 paras 23-24; inclusion, 000 paras 21-22).

HTCDS entity Support Plan (spl_): spl_Objectives holds the person's goals in their own words,
spl_Type the plan's types (value names), spl_PlannedEndDate and spl_ActualEndDate its dates.

Support is never conditional on cooperation with the authorities (000 L86-88): no field here
records it, and a test keeps it that way.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation
from haven.cases.models import Case
from haven.crypto.fields import EncryptedTextField
from haven.htcds import catalogue


def plan_type_choices() -> list[tuple[str, str]]:
    """HTCDS spl_Type, by its value names."""
    return [(value, catalogue.label("spl_Type", value)) for value in catalogue.picklist("spl_Type")]


class SupportPlan(models.Model):
    """One per case. It follows the person's own choices and life project."""

    HTCDS_FIELDS = {
        "spl_Objectives": "goals",
        "spl_Type": "types",
        "spl_PlannedEndDate": "planned_end_date",
        "spl_ActualEndDate": "actual_end_date",
    }

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="support_plan")
    goals = EncryptedTextField(
        help_text=_("HTCDS spl_Objectives: the person's goals, in their words")
    )
    types = models.JSONField(default=list, blank=True, help_text=_("HTCDS spl_Type value names"))
    planned_end_date = models.DateField(
        null=True, blank=True, help_text=_("HTCDS spl_PlannedEndDate")
    )
    actual_end_date = models.DateField(
        null=True, blank=True, help_text=_("HTCDS spl_ActualEndDate")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"support plan of {self.case}"

    def clean(self) -> None:
        problem = types_problem(self.types)
        if problem:
            raise ValidationError({"types": problem})

    def type_labels(self) -> list[str]:
        labels = dict(plan_type_choices())
        return [labels.get(value, value) for value in self.types]


def types_problem(values: object) -> str | None:
    """What is wrong with a list of spl_Type value names, if anything."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return str(_("spl_Type takes a list of value names."))
    unknown = sorted(set(values) - set(catalogue.picklist("spl_Type")))
    if unknown:
        return str(_("Not HTCDS spl_Type values: %(values)s") % {"values": ", ".join(unknown)})
    if len(set(values)) != len(values):
        return str(_("Each spl_Type value may appear once."))
    return None


class ServiceKind(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_COUNSELLING = "legal_counselling", _("Legal counselling")
    LEGAL_REPRESENTATION = "legal_representation", _("Legal representation")
    INTERPRETATION = "interpretation", _("Interpretation")
    EDUCATION = "education", _("Education")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    EMPLOYMENT = "employment", _("Employment")
    FINANCIAL = "financial", _("Financial support")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    GUARDIAN = "guardian", _("Guardian")


class ServiceStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DECLINED_BY_PERSON = "declined_by_person", _("Declined by the person")
    ENDED = "ended", _("Ended")


# A service leaves "proposed" for any of these only once the person has consented to it.
# Declining never needs consent: the person may refuse any service.
NEEDS_CONSENT = frozenset(
    {
        ServiceStatus.AGREED,
        ServiceStatus.IN_PROGRESS,
        ServiceStatus.COMPLETED,
        ServiceStatus.ENDED,
    }
)


class Service(models.Model):
    """One service the person may receive, with their own consent to it."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="services")
    # The case's organisation (set by do_propose_service), kept here so that the badge of
    # services awaiting consent is one index range, not a walk through every case (haven.inbox).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", editable=False
    )
    kind = models.CharField(max_length=30, choices=ServiceKind.choices)
    provider_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_name = models.CharField(
        max_length=200, blank=True, help_text=_("A provider that does not use Haven")
    )
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.PROPOSED
    )
    consent_given_on = models.DateField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "pk"]
        # The badge of services awaiting consent (haven.inbox) reads only these.
        indexes = [
            models.Index(
                fields=["organisation", "created_at"],
                condition=models.Q(status=ServiceStatus.PROPOSED, consent_given_on__isnull=True),
                name="service_awaiting_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} service #{self.pk}"

    @property
    def consented(self) -> bool:
        return self.consent_given_on is not None

    @property
    def provider(self) -> str:
        if self.provider_organisation is not None:
            return self.provider_organisation.name
        return self.provider_name


class MilestoneKind(models.TextChoices):
    RESIDENCE_STATUS_GRANTED = "residence_status_granted", _("Residence status granted")
    SAFE_HOUSING = "safe_housing", _("Safe housing")
    EDUCATION = "education", _("Education")
    WORK_OR_BUSINESS = "work_or_business", _("Work or own business")
    FINANCIAL_INDEPENDENCE = "financial_independence", _("Financial independence")
    PROTECTION_FROM_RETRAFFICKING = (
        "protection_from_retrafficking",
        _("Protection from re-trafficking"),
    )
    OTHER = "other", _("Other")


class Milestone(models.Model):
    """A step toward long-term inclusion: the full restoration of the person's rights."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=40, choices=MilestoneKind.choices)
    target_date = models.DateField(null=True, blank=True)
    achieved_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target_date", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} milestone #{self.pk}"
