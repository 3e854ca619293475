"""What users add to the legal knowledge base: national definition profiles and jurisdiction
profiles. The built-in law (instruments, rights, baseline profiles) lives in data files."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.law.definition import DefinitionProfile
from haven.law.gaps import JurisdictionSettings
from haven.law.schema import PURPOSES

code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    _("Use lower-case letters, digits and underscores, starting with a letter."),
)
jurisdiction_code_validator = RegexValidator(
    r"^(INTL|[A-Z]{2})$", _("Use INTL or an ISO 3166-1 alpha-2 country code.")
)


class NationalDefinitionProfile(models.Model):
    """A State's own definition of trafficking, entered by a user, so that gaps can be shown."""

    audit_name = "definition_profile"

    code = models.CharField(_("code"), max_length=60, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=2, blank=True)
    legal_reference = models.CharField(
        _("legal reference"),
        max_length=200,
        help_text=_("The national law defining trafficking, e.g. its code and article."),
    )
    summary = models.TextField(_("summary"), blank=True)
    purposes = models.JSONField(_("purposes"), default=list)
    open_purposes = models.BooleanField(
        _("open list of purposes"),
        default=False,
        help_text=_("The law lists forms of exploitation as a minimum, not exhaustively."),
    )
    means_required_for_children = models.BooleanField(
        _("means required for children"), default=False
    )
    requires_transnational = models.BooleanField(
        _("requires a transnational element"), default=False
    )
    requires_organised_crime = models.BooleanField(
        _("requires an organised criminal group"), default=False
    )
    requires_border_crossing = models.BooleanField(_("requires a border crossing"), default=False)
    protects_only_women_and_children = models.BooleanField(
        default=False, verbose_name=_("The law protects only women and children")
    )
    child_age = models.PositiveSmallIntegerField(_("child age"), default=18)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = set(self.purposes) - set(PURPOSES)
        if not self.purposes or unknown:
            raise ValidationError(
                {
                    "purposes": gettext("Choose forms of exploitation from: %(purposes)s")
                    % {"purposes": ", ".join(PURPOSES)}
                }
            )

    def as_profile(self) -> DefinitionProfile:
        return DefinitionProfile(
            code=self.code,
            name=self.name,
            purposes=frozenset(self.purposes),
            open_purposes=self.open_purposes,
            means_required_for_children=self.means_required_for_children,
            requires_transnational=self.requires_transnational,
            requires_organised_crime=self.requires_organised_crime,
            requires_border_crossing=self.requires_border_crossing,
            protects_only_women_and_children=self.protects_only_women_and_children,
            child_age=self.child_age,
            citation=self.legal_reference,
        )


class JurisdictionProfile(models.Model):
    """The law as it applies in one country (or the INTL baseline). Settings left empty (None)
    are reported as not assessed rather than assumed."""

    audit_name = "jurisdiction"

    code = models.CharField(
        _("code"), max_length=4, unique=True, validators=[jurisdiction_code_validator]
    )
    name = models.CharField(_("name"), max_length=120)
    definition_profile = models.CharField(_("definition profile"), max_length=60)
    reflection_days = models.PositiveIntegerField(_("reflection days"))
    appeal_days = models.PositiveIntegerField(_("appeal days"), null=True, blank=True)
    ratified = models.JSONField(_("instruments ratified"), default=list, blank=True)
    residence_conditional_on_cooperation = models.BooleanField(null=True, blank=True)
    assistance_conditional_on_cooperation = models.BooleanField(null=True, blank=True)
    non_punishment_provision = models.BooleanField(null=True, blank=True)
    return_risk_assessment = models.BooleanField(null=True, blank=True)
    guardian_for_children = models.BooleanField(null=True, blank=True)
    protection_regardless_of_status = models.BooleanField(
        null=True,
        blank=True,
        verbose_name=_("Victims are protected whatever their residence status"),
    )
    no_detention_of_victims = models.BooleanField(
        null=True, blank=True, verbose_name=_("Presumed and identified victims are never detained")
    )
    appeal_against_support_denial = models.BooleanField(
        null=True,
        blank=True,
        verbose_name=_("A denial of early support or residence can be appealed"),
    )
    free_legal_aid = models.BooleanField(
        null=True, blank=True, verbose_name=_("Victims without means get free legal aid")
    )
    state_compensation_fund = models.BooleanField(
        null=True, blank=True, verbose_name=_("A State fund compensates victims")
    )
    recognition_without_proceedings = models.BooleanField(
        null=True,
        blank=True,
        verbose_name=_("A person is recognised as a victim without criminal proceedings"),
    )
    notes = models.TextField(_("notes"), blank=True)
    builtin = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def settings(self, definition: DefinitionProfile) -> JurisdictionSettings:
        return JurisdictionSettings(
            code=self.code,
            name=self.name,
            definition=definition,
            reflection_days=self.reflection_days,
            appeal_days=self.appeal_days,
            ratified=frozenset(self.ratified),
            residence_conditional_on_cooperation=self.residence_conditional_on_cooperation,
            assistance_conditional_on_cooperation=self.assistance_conditional_on_cooperation,
            non_punishment_provision=self.non_punishment_provision,
            return_risk_assessment=self.return_risk_assessment,
            guardian_for_children=self.guardian_for_children,
            protection_regardless_of_status=self.protection_regardless_of_status,
            no_detention_of_victims=self.no_detention_of_victims,
            appeal_against_support_denial=self.appeal_against_support_denial,
            free_legal_aid=self.free_legal_aid,
            state_compensation_fund=self.state_compensation_fund,
            recognition_without_proceedings=self.recognition_without_proceedings,
        )
