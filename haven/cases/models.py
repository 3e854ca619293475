"""Persons supported and their cases: the support records behind the firewall.

Field names follow HTCDS where it has them (prs_FirstName, prs_SecondName, prs_Birthdate,
prs_Gender, cas_Status); identifying fields are encrypted at rest and found by blind index.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.accounts.countries import country_choices
from haven.accounts.models import Organisation
from haven.crypto.fields import BlindIndexField, EncryptedDateField, EncryptedTextField
from haven.htcds import catalogue, vocabulary_label, vulnerabilities


class Gender(models.TextChoices):
    """HTCDS prs_Gender picklist."""

    FEMININE = "Feminine", _("Feminine")
    MASCULINE = "Masculine", _("Masculine")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender feminine")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender masculine")
    NON_CONFORMING = "NonConforming", _("Non-conforming")
    NON_SPECIFIED_UNKNOWN = "NonSpecifiedUnknown", _("Not specified / unknown")


class CaseStatus(models.TextChoices):
    """HTCDS cas_Status picklist."""

    # A context keeps these apart from the same English words elsewhere ("Active" account).
    ACTIVE = "Active", pgettext_lazy("case status", "Active")
    FOLLOW_UP = "FollowUp", pgettext_lazy("case status", "Follow-up")
    CLOSED = "Closed", pgettext_lazy("case status", "Closed")
    CLOSED_REFERRED = "ClosedReferred", pgettext_lazy("case status", "Closed (referred)")


def case_reference(pk: int) -> str:
    return f"C-{pk:06d}"


def display_name(*parts: str) -> str:
    """A person's name parts as one, leaving out those not known."""
    return " ".join(part for part in parts if part)


class Person(models.Model):
    """A person supported. Registered by an organisation, which is the record's controller."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    first_name = EncryptedTextField(help_text=_("HTCDS prs_FirstName"))
    middle_name = EncryptedTextField(blank=True, help_text=_("HTCDS prs_MiddleName"))
    second_name = EncryptedTextField(blank=True, help_text=_("HTCDS prs_SecondName"))
    birthdate = EncryptedDateField(null=True, blank=True, help_text=_("HTCDS prs_Birthdate"))
    gender = models.CharField(
        max_length=30, choices=Gender.choices, default=Gender.NON_SPECIFIED_UNKNOWN
    )
    nationality = models.CharField(max_length=2, blank=True, choices=country_choices)
    name_index = BlindIndexField(source=("first_name", "second_name"))
    birthdate_index = BlindIndexField(source=("birthdate",))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"person #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saving a person re-derives their name-part keys, whoever saves them (a case opened,
        an HTCDS import, a referral's receiving organisation), so no path leaves them stale."""
        from haven.cases.search import index_names

        super().save(*args, **kwargs)
        index_names(self)

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.middle_name, self.second_name)


class PersonNameKey(models.Model):
    """One blind index of one name part of a person: a keyed HMAC of its normalised spelling or
    of one of its phonetic codes (the HMAC context tells which). Never a name in clear."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="one_name_key_per_person")
        ]

    def __str__(self) -> str:
        return f"name key of {self.person}"


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
    closure_reason = EncryptedTextField(blank=True, help_text=_("HTCDS cas_ReasonForCaseClosure"))
    closed_on = models.DateField(null=True, blank=True)
    erased_on = models.DateField(
        null=True, blank=True, help_text=_("Personal data erased (retention)")
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["organisation", "-opened_at", "-id"], name="case_list_order")
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return case_reference(self.pk)


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


def htcds_choices(name: str) -> list[tuple[str, Any]]:
    """The HTCDS picklist `name`, by its value names, for a model field's choices. The labels
    are lazy: choices are built once, at import, and shown in each reader's language."""
    return [(value, _htcds_label(name, value)) for value in catalogue.picklist(name)]


_htcds_label = lazy(vocabulary_label, str)


class VictimContext(models.Model):
    """HTCDS entity Person - Victim Context, for one case. Multi-select picklists are JSON lists
    of HTCDS value names, checked against the standard's catalogue."""

    HTCDS_FIELDS = {
        "vic_TraffickingStatus": "trafficking_status",
        "vic_TraffickingStatusDecisionMakingOrg": "status_decided_by",
        "vic_RelationshipToTrafficker": "relationship_to_trafficker",
        "vic_AgeWhenTrafficked": "age_when_trafficked",
        "vic_MethodOfRecruitment": "methods_of_recruitment",
        "vic_LocationOfRecruitment": "recruitment_country",
        "vic_MethodsOfControl": "methods_of_control",
        "vic_TypeOfExploitation": "types_of_exploitation",
        "vic_ForcedLabourIndustry": "forced_labour_industry",
        "vic_TypeOfSexExploitation": "types_of_sex_exploitation",
        "vic_LocationOfExploitation": "exploitation_country",
        "vic_Vulnerabilities": "vulnerabilities",
        "vic_DetailsOfVulnerabilities": "vulnerability_details",
        "vic_AgreementToManagePersonalData": "agreement_to_manage_personal_data",
    }
    MULTI = (
        "methods_of_recruitment",
        "methods_of_control",
        "types_of_exploitation",
        "types_of_sex_exploitation",
        "vulnerabilities",
    )

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="victim_context")
    trafficking_status = models.CharField(
        max_length=40, blank=True, choices=htcds_choices("vic_TraffickingStatus")
    )
    status_decided_by = models.CharField(
        max_length=40, blank=True, choices=htcds_choices("vic_TraffickingStatusDecisionMakingOrg")
    )
    relationship_to_trafficker = models.CharField(
        max_length=20, blank=True, choices=htcds_choices("vic_RelationshipToTrafficker")
    )
    age_when_trafficked = models.PositiveSmallIntegerField(null=True, blank=True)
    methods_of_recruitment = models.JSONField(default=list, blank=True)
    recruitment_country = models.CharField(max_length=2, blank=True, choices=country_choices)
    methods_of_control = models.JSONField(default=list, blank=True)
    types_of_exploitation = models.JSONField(default=list, blank=True)
    forced_labour_industry = models.CharField(
        max_length=60, blank=True, choices=htcds_choices("vic_ForcedLabourIndustry")
    )
    types_of_sex_exploitation = models.JSONField(default=list, blank=True)
    exploitation_country = models.CharField(max_length=2, blank=True, choices=country_choices)
    vulnerabilities = models.JSONField(default=list, blank=True)
    # Haven's one vulnerability vocabulary (the interview's codes); `vulnerabilities` holds the
    # HTCDS names derived from them (haven.htcds.vulnerabilities) plus any given directly.
    vulnerability_codes = models.JSONField(default=list, blank=True)
    vulnerability_details = EncryptedTextField(blank=True)
    agreement_to_manage_personal_data = models.BooleanField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"victim context of {self.case}"

    def clean(self) -> None:
        problems = {}
        for name, attribute in self.HTCDS_FIELDS.items():
            if attribute in self.MULTI:
                problem = _multi_problem(name, getattr(self, attribute))
                if problem:
                    problems[attribute] = problem
        unknown = [c for c in self.vulnerability_codes or [] if c not in vulnerabilities.mapping()]
        if not isinstance(self.vulnerability_codes, list) or unknown:
            problems["vulnerability_codes"] = f"unknown vulnerability code(s) {', '.join(unknown)}"
        if problems:
            raise ValidationError(problems)


def _multi_problem(name: str, values: object) -> str | None:
    try:
        catalogue.validate(name, values)
    except (ValueError, TypeError) as error:
        return str(error)
    return None


class PerpetratorContext(models.Model):
    """HTCDS entity Person - Perpetrator Context: a person's role in the trafficking process.
    Who they are is not recorded here; only their role, for the case's history."""

    HTCDS_FIELDS = {"per_RoleInProcess": "roles", "per_RoleDetails": "role_details"}

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    roles = models.JSONField(default=list)
    role_details = EncryptedTextField(blank=True)

    def __str__(self) -> str:
        return f"perpetrator context on {self.case}"

    def clean(self) -> None:
        problem = _multi_problem("per_RoleInProcess", self.roles)
        if problem:
            raise ValidationError({"roles": problem})


class TraffickingEvent(models.Model):
    """HTCDS entity Historic Trafficking Events: where and when recruitment, transit and
    exploitation happened."""

    HTCDS_FIELDS = {
        "hte_Type": "event_type",
        "hte_Country": "country",
        "hte_City": "city",
        "hte_Date": "date",
        "hte_Description": "description",
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(max_length=20, choices=htcds_choices("hte_Type"))
    country = models.CharField(max_length=2, blank=True, choices=country_choices)
    city = EncryptedTextField(
        blank=True, help_text=_("HTCDS hte_City; encrypted: a town can identify")
    )
    date = models.DateField(null=True, blank=True)
    description = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.event_type} on {self.case}"


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("Receiving services")
    SHARING = "sharing", _("Sharing with a named organisation")
    STATISTICS = "statistics", _("Anonymised statistics")
    RESEARCH = "research", _("Research")
    PROCEEDINGS = "proceedings", _("Taking part in proceedings")


class Consent(models.Model):
    """A person's consent for one purpose (and, for sharing, one organisation); withdrawable.
    A withdrawn consent stays on record, with when it was withdrawn."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    given_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"consent to {self.purpose} by {self.person}"

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class DuplicateReason(models.TextChoices):
    SAME_NAME_AND_BIRTHDATE = "same name and date of birth", _("same name and date of birth")
    SAME_NAME = "same name", _("same name")
    SIMILAR_NAME_AND_BIRTHDATE = (
        "similar name and date of birth",
        _("similar spelling of the name, same date of birth"),
    )
    SIMILAR_NAME = "similar name", _("similar spelling of the name")

    @classmethod
    def of(cls, *, same_name: bool, same_birthdate: bool) -> "DuplicateReason":
        if same_name:
            return cls.SAME_NAME_AND_BIRTHDATE if same_birthdate else cls.SAME_NAME
        return cls.SIMILAR_NAME_AND_BIRTHDATE if same_birthdate else cls.SIMILAR_NAME


class PossibleDuplicate(models.Model):
    """A new person whose name (and date of birth, where both are known) matches a person the
    same organisation already holds, as spelled or as a spelling variant (name-part keys).
    Found by blind index; resolved by a person, never merged automatically."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duplicate_flags")
    matches = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=60, choices=DuplicateReason.choices)
    resolved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.person} may be {self.matches}"


class Deadline(models.Model):
    """A right or procedure with a date: reflection period end, appeal deadline, claim
    limitation. Created from a screening's rights and a decision's appeal date, or by hand."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    # The case's, kept here so that the open deadlines of an organisation are one index range:
    # reached through the case, SQLite read every case of the organisation to count them.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", editable=False
    )
    code = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    basis = models.TextField(blank=True, help_text=_("The citations the deadline rests on"))
    source = models.CharField(max_length=40, help_text=_("screening, decision or manual"))
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "code", "due_on"], name="one_deadline_per_date")
        ]
        # Every page's badge counts the organisation's open ones (haven.inbox).
        indexes = [
            models.Index(
                fields=["organisation", "due_on"],
                condition=models.Q(done_on__isnull=True),
                name="deadline_open_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} by {self.due_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.organisation_id = self.case.organisation_id
        super().save(*args, **kwargs)


class RetentionPolicy(models.Model):
    """How long an organisation keeps personal data after a case closes. Without a policy,
    nothing is erased automatically."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="retention_policy"
    )
    months_after_closure = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.organisation}: {self.months_after_closure} months after closure"


class ReadExplanation(models.Model):
    """What a reader who is not the case's worker wrote about why they open it. Kept with the
    case (encrypted, erased by retention), never in the audit trail, whose `case.read_explained`
    event refers to it by id."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="read_explanations")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=40)
    text = EncryptedTextField()
    written_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"read explanation #{self.pk} on {self.case}"
