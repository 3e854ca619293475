"""Proceedings the person takes part in, charges against the person, remedy claims, and the
pre-return risk assessment without which no return is recorded (DOMAIN.md 3).

What the person was told, and every part of the risk assessment, may identify them or their
situation, so they are encrypted at rest. Codes, dates and amounts are not personal on their own
and stay plain so that deadlines and totals can be queried.
"""

from decimal import Decimal
from typing import Any

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.accounts.countries import country_choices
from haven.cases.models import Case
from haven.crypto.fields import EncryptedTextField

# Django merges every app's catalog into one, so a bare word other apps use in another sense
# ("Pending" webhooks, "Awarded" totals) carries a context here, keeping each app's meaning.


class ProceedingKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    CIVIL = "civil", _("Civil")
    LABOUR = "labour", _("Labour")
    ADMINISTRATIVE = "administrative", _("Administrative")


class PersonRole(models.TextChoices):
    WITNESS = "witness", _("Witness")
    INJURED_PARTY = "injured_party", _("Injured party")
    CLAIMANT = "claimant", _("Claimant")
    NONE = "none", _("Not taking part")


# Roles in which the person takes part: each needs an active consent to "proceedings".
PARTICIPATING_ROLES = frozenset({PersonRole.WITNESS, PersonRole.INJURED_PARTY, PersonRole.CLAIMANT})


class ProceedingStatus(models.TextChoices):
    INVESTIGATION = "investigation", pgettext_lazy("proceeding status", "Investigation")
    PRE_TRIAL = "pre_trial", _("Pre-trial")
    TRIAL = "trial", _("Trial or hearing")
    APPEAL = "appeal", _("Appeal")
    CONCLUDED = "concluded", _("Concluded")
    DISCONTINUED = "discontinued", _("Discontinued")


OPEN_PROCEEDING_STATUSES = (
    ProceedingStatus.INVESTIGATION,
    ProceedingStatus.PRE_TRIAL,
    ProceedingStatus.TRIAL,
    ProceedingStatus.APPEAL,
)


class RecordedEdit(models.Model):
    """Who recorded it and when, and the version that guards later edits against lost updates."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class Proceeding(RecordedEdit):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(max_length=20, choices=ProceedingKind.choices)
    person_role = models.CharField(
        max_length=20, choices=PersonRole.choices, default=PersonRole.NONE
    )
    status = models.CharField(
        max_length=20, choices=ProceedingStatus.choices, default=ProceedingStatus.INVESTIGATION
    )
    next_hearing_on = models.DateField(null=True, blank=True)

    class Meta(RecordedEdit.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.kind} proceeding #{self.pk} on {self.case}"


class KeptInformed(models.Model):
    """What the person was told about a proceeding's scope, timing and progress, and when."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="informed")
    told_on = models.DateField()
    what_was_told = EncryptedTextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["told_on", "pk"]

    def __str__(self) -> str:
        return f"kept informed on {self.told_on}"


class ChargeOutcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("charge outcome", "Pending")
    NOT_PROSECUTED = "not_prosecuted", _("Not prosecuted")
    DISCONTINUED = "discontinued", _("Discontinued")
    ACQUITTED = "acquitted", _("Acquitted")
    CONVICTED_PENALTY_WAIVED = "convicted_penalty_waived", _("Convicted, penalty waived")
    CONVICTED = "convicted", _("Convicted")


class Charge(RecordedEdit):
    """An offence the person is charged with; `offence` is a screening offence code."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="charges")
    offence = models.CharField(max_length=60)
    charged_on = models.DateField(null=True, blank=True)
    non_punishment_requested_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(
        max_length=30, choices=ChargeOutcome.choices, default=ChargeOutcome.PENDING
    )

    class Meta(RecordedEdit.Meta):
        pass

    def __str__(self) -> str:
        return f"charge #{self.pk} ({self.offence}) on {self.case}"


class RemedyForm(models.TextChoices):
    RESTITUTION = "restitution", _("Restitution")
    COMPENSATION = "compensation", _("Compensation")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    SATISFACTION = "satisfaction", _("Satisfaction")
    GUARANTEES = "guarantees_of_non_repetition", _("Guarantees of non-repetition")


class RemedyChannel(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal proceedings")
    CIVIL = "civil", _("Civil proceedings")
    LABOUR = "labour", _("Labour proceedings")
    ADMINISTRATIVE = "administrative", _("Administrative proceedings")
    STATE_FUND = "state_fund", _("State compensation fund")


class ClaimStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    FILED = "filed", pgettext_lazy("claim status", "Filed")
    AWARDED = "awarded", pgettext_lazy("claim status", "Awarded")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid in full")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RemedyClaim(RecordedEdit):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="remedy_claims")
    form = models.CharField(max_length=30, choices=RemedyForm.choices)
    channel = models.CharField(max_length=20, choices=RemedyChannel.choices)
    currency = models.CharField(max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. EUR"))
    amount_claimed = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_awarded = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_paid = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    filed_on = models.DateField(null=True, blank=True)
    limitation_on = models.DateField(
        null=True, blank=True, help_text=_("The last day the claim can be filed")
    )
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.PREPARING
    )

    class Meta(RecordedEdit.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.form} claim #{self.pk} on {self.case}"

    def clean(self) -> None:
        problems: dict[str, Any] = {}
        amounts = {
            "amount_claimed": self.amount_claimed,
            "amount_awarded": self.amount_awarded,
            "amount_paid": self.amount_paid,
        }
        for name, amount in amounts.items():
            if amount is not None and amount < Decimal(0):
                problems[name] = _("An amount cannot be negative.")
        if any(a is not None for a in amounts.values()) and not self.currency:
            problems["currency"] = _("Give the currency of the amounts (ISO 4217, e.g. EUR).")
        elif self.currency and not is_currency_code(self.currency):
            problems["currency"] = _("%(code)s is not an ISO 4217 currency code.") % {
                "code": repr(self.currency)
            }
        paid, awarded = self.amount_paid, self.amount_awarded
        if paid is not None and awarded is not None and paid > awarded:
            problems["amount_paid"] = _(
                "The amount paid (%(paid)s) is more than the amount awarded (%(awarded)s). "
                "Check both: a payment cannot exceed the award."
            ) % {"paid": number_format(paid), "awarded": number_format(awarded)}
        if problems:
            raise ValidationError(problems)


def is_currency_code(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None


class RiskAssessment(models.Model):
    """The individual pre-return risk assessment. Each part is the assessor's text; `author`
    wrote it, a supervisor who is not the author approves it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_assessments")
    re_trafficking = EncryptedTextField(blank=True)
    reprisal = EncryptedTextField(blank=True)
    family_situation = EncryptedTextField(blank=True)
    non_refoulement = EncryptedTextField(blank=True)
    best_interests_of_child = EncryptedTextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"pre-return risk assessment #{self.pk} on {self.case}"


class ReturnKind(models.TextChoices):
    """Who organises the return: the person may always leave of their own will (002 L300);
    a return the State organises or assists needs the approved risk assessment first."""

    OWN_DEPARTURE = "own_departure", _("The person's own departure, by their own choice")
    STATE_ASSISTED = "state_assisted", _("A voluntary return organised or assisted by the State")
    REMOVAL = "removal", _("A removal or deportation by the State")


class ReturnRecord(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="returns")
    assessment = models.ForeignKey(
        RiskAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_on = models.DateField()
    country = models.CharField(max_length=2, choices=country_choices)
    kind = models.CharField(
        max_length=20, choices=ReturnKind.choices, default=ReturnKind.STATE_ASSISTED
    )
    voluntary = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["returned_on", "pk"]

    def __str__(self) -> str:
        return f"return on {self.returned_on} of {self.case}"
