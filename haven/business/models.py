"""Grievances workers file without an account, and the channels that receive them.

A grievance's words, where it happened and any contact a worker chooses to leave are encrypted
at rest. The follow-up code is never stored: only its keyed hash, so the table cannot be read
back into codes. Grievance data are support data: behind the enforcement firewall.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.accounts.models import Organisation
from haven.crypto.fields import EncryptedTextField


class Category(models.TextChoices):
    WAGES = "wages", pgettext_lazy("grievance category", "Wages unpaid, late or too low")
    FEES = "recruitment_fees", pgettext_lazy("grievance category", "Recruitment fees or debts")
    DOCUMENTS = "documents", pgettext_lazy("grievance category", "Passport or documents kept")
    HOURS = "hours", pgettext_lazy("grievance category", "Overtime or working hours")
    SAFETY = "safety", pgettext_lazy("grievance category", "Health and safety")
    HARASSMENT = (
        "harassment",
        pgettext_lazy("grievance category", "Harassment, threats or violence"),
    )
    ASSOCIATION = (
        "association",
        pgettext_lazy("grievance category", "Joining a union or speaking up"),
    )
    HOUSING = "housing", pgettext_lazy("grievance category", "Housing or living conditions")
    OTHER = "other", pgettext_lazy("grievance category", "Something else")


class Status(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("grievance status", "Received")
    TRIAGED = "triaged", pgettext_lazy("grievance status", "Triaged")
    INVESTIGATING = "investigating", pgettext_lazy("grievance status", "Under investigation")
    ACTION_PLAN = "action_plan", pgettext_lazy("grievance status", "Corrective action agreed")
    ESCALATED = "escalated", pgettext_lazy("grievance status", "Escalated to an independent body")
    RESOLVED = "resolved", pgettext_lazy("grievance status", "Resolved")


OPEN_STATUSES = frozenset(
    {Status.RECEIVED, Status.TRIAGED, Status.INVESTIGATING, Status.ACTION_PLAN, Status.ESCALATED}
)


class Stage(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    TRIAGE = "triage", _("Triage")
    INVESTIGATION = "investigation", _("Investigation")
    ACTION_PLAN = "action_plan", _("Corrective action plan")
    RESOLUTION = "resolution", _("Resolution")
    ESCALATION = "escalation", _("Escalation")
    RETALIATION = "retaliation", _("Retaliation reported")
    REFERRAL = "referral", _("Referral")


class GrievanceChannel(models.Model):
    """A company's or programme's grievance line, with the independent body it escalates to."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(unique=True, max_length=60)
    name = models.CharField(max_length=120)
    escalation_days = models.PositiveIntegerField(default=30)
    independent_body = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Grievance(models.Model):
    channel = models.ForeignKey(
        GrievanceChannel, on_delete=models.PROTECT, related_name="grievances"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    # The worker's language (texts.WORKER_LANGUAGES): every message to them is written in it.
    language = models.CharField(max_length=8, default="en")
    category = models.CharField(max_length=30, choices=Category.choices)
    description = EncryptedTextField()
    where = EncryptedTextField(blank=True)
    contact = EncryptedTextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    trafficking_indicators = models.BooleanField(default=False)
    # Which indicators the officer saw, as codes of the screening vocabulary
    # (haven/screening/data/indicators.toml): they become the receiving organisation's
    # screening draft when a case is opened from a referral.
    indicator_codes = models.JSONField(default=list, blank=True)
    retaliation = models.BooleanField(default=False)
    filed_at = models.DateTimeField()
    deadline = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    wages_recovered = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    wages_currency = models.CharField(max_length=3, blank=True)
    referral_consent = models.BooleanField(default=False)
    referred_to = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(null=True, blank=True)
    # The case the receiving organisation opened from the referral (its own case, seen only
    # by it): a second "open a case" answers with this one instead of opening another.
    support_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    site = models.ForeignKey(
        "Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="grievances"
    )

    class Meta:
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"grievance #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def days_to_remedy(self) -> int | None:
        if self.resolved_at is None:
            return None
        return (self.resolved_at - self.filed_at).days


class GrievanceStep(models.Model):
    """One step of handling: the officer's note (internal) and what the worker is told."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    note = EncryptedTextField(blank=True)
    message = EncryptedTextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.stage} on grievance #{self.grievance_id}"


class ChannelAttempt(models.Model):
    """A filing or a failed code look-up, by keyed hash of the address: the rate limit's memory."""

    kind = models.CharField(max_length=10, choices=[("file", _("file")), ("lookup", _("lookup"))])
    address_key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "address_key", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} attempt"


class Company(models.Model):
    """A business (an organisation of type CorporateBusiness), its place in a group, and the
    figures that decide which laws reach it."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subsidiaries"
    )
    isic_sectors = models.JSONField(default=list, help_text=_("ISIC Rev.4 division or class codes"))
    countries = models.JSONField(default=list, help_text=_("ISO 3166-1 countries of operation"))
    employees_in_country = models.PositiveIntegerField(null=True, blank=True)
    employees_worldwide = models.PositiveIntegerField(null=True, blank=True)
    turnover_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    turnover_currency = models.CharField(max_length=3, blank=True)

    def __str__(self) -> str:
        return self.organisation.name


class LicenceStatus(models.TextChoices):
    LICENSED = "licensed", _("Licensed")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    UNLICENSED = "unlicensed", _("Unlicensed")
    UNKNOWN = "unknown", _("Unknown")


class RevokedLicence(models.Model):
    """A public register of recruitment licences revoked for bad practice (003 L623-625,
    L4198-4201): checked against every recruiter a company uses."""

    country = models.CharField(max_length=2)
    licence_number = models.CharField(max_length=60)
    agency_name = models.CharField(max_length=200)
    revoked_on = models.DateField()
    authority = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "licence_number"], name="one_revocation")
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.licence_number}"


class Recruiter(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="recruiters")
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2)
    licence_number = models.CharField(max_length=60, blank=True)
    licence_status = models.CharField(
        max_length=12, choices=LicenceStatus.choices, default=LicenceStatus.UNKNOWN
    )

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="suppliers")
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2)
    tier = models.PositiveSmallIntegerField(default=1)
    supplies = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subsuppliers"
    )
    isic = models.CharField(max_length=4, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    exit_remedies = models.JSONField(default=list, help_text=_("what was done for its workers"))

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="sites")
    supplier = models.ForeignKey(
        Supplier, null=True, blank=True, on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2)
    isic = models.CharField(max_length=4)
    workforce = models.PositiveIntegerField(null=True, blank=True)
    migrant_share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    recruitment_channel = models.CharField(max_length=20, default="unknown")
    recruiter = models.ForeignKey(
        Recruiter, null=True, blank=True, on_delete=models.SET_NULL, related_name="sites"
    )

    def __str__(self) -> str:
        return self.name


class SiteMetric(models.Model):
    """One impact figure for a site and period. No row, or a null value, is "missing": never 0."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="metrics")
    period_start = models.DateField()
    period_end = models.DateField()
    code = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    evidence = models.JSONField(
        default=list, help_text=_("evidence kinds: documents, interviews...")
    )
    evidence_ref = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "period_start", "period_end", "code"], name="one_metric_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} at {self.site_id}"


class Claim(models.Model):
    """What the company says about a statement criterion, with or without evidence behind it."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="claims")
    criterion = models.CharField(max_length=40)
    text = models.CharField(max_length=600)
    evidence_ref = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"claim on {self.criterion}"


class Tender(models.Model):
    """A public buyer's call, with the labour-rights requirements bidders must show they meet."""

    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    requirements = models.JSONField(default=list)
    evidence_tier = models.PositiveSmallIntegerField(default=2)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.reference


class Bid(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="bids")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="bids")
    submitted_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, default="pending")
    reasons = models.JSONField(default=list)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tender", "company"], name="one_bid")]

    def __str__(self) -> str:
        return f"bid {self.pk}"
