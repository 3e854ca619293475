"""Persons supported and their cases: the support records behind the firewall.

Field names follow HTCDS where it has them (prs_FirstName, prs_SecondName, prs_Birthdate,
prs_Gender, cas_Status); identifying fields are encrypted at rest and found by blind index.
"""

from django.conf import settings
from django.db import models

from haven.accounts.countries import country_choices
from haven.accounts.models import Organisation
from haven.crypto.fields import BlindIndexField, EncryptedDateField, EncryptedTextField


class Gender(models.TextChoices):
    """HTCDS prs_Gender picklist."""

    FEMININE = "Feminine", "Feminine"
    MASCULINE = "Masculine", "Masculine"
    TRANSGENDER_FEMININE = "TransgenderFeminine", "Transgender feminine"
    TRANSGENDER_MASCULINE = "TransgenderMasculine", "Transgender masculine"
    NON_CONFORMING = "NonConforming", "Non-conforming"
    NON_SPECIFIED_UNKNOWN = "NonSpecifiedUnknown", "Not specified / unknown"


class CaseStatus(models.TextChoices):
    """HTCDS cas_Status picklist."""

    ACTIVE = "Active", "Active"
    FOLLOW_UP = "FollowUp", "Follow-up"
    CLOSED = "Closed", "Closed"
    CLOSED_REFERRED = "ClosedReferred", "Closed (referred)"


class Person(models.Model):
    """A person supported. Registered by an organisation, which is the record's controller."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    first_name = EncryptedTextField(help_text="HTCDS prs_FirstName")
    middle_name = EncryptedTextField(blank=True, help_text="HTCDS prs_MiddleName")
    second_name = EncryptedTextField(blank=True, help_text="HTCDS prs_SecondName")
    birthdate = EncryptedDateField(null=True, blank=True, help_text="HTCDS prs_Birthdate")
    gender = models.CharField(
        max_length=30, choices=Gender.choices, default=Gender.NON_SPECIFIED_UNKNOWN
    )
    nationality = models.CharField(max_length=2, blank=True, choices=country_choices)
    name_index = BlindIndexField(source=("first_name", "second_name"))
    birthdate_index = BlindIndexField(source=("birthdate",))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"person #{self.pk}"

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.second_name) if p)


class Case(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACTIVE)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assigned_cases"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C-{self.pk:06d}"


class SupportNote(models.Model):
    """A dated note on the support given, encrypted because it may identify the person."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_at"]

    def __str__(self) -> str:
        return f"note #{self.pk} on {self.case}"
