"""Forms of the grievance pages: the worker's and the officer's. Labels are lazy translations,
so a form shows the language active where it is rendered: the worker's on the public pages
(see views.worker_language), the staff member's on the officer's pages."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from haven.accounts.countries import country_choices
from haven.accounts.models import Organisation
from haven.business.actions import REFERRAL_TYPES
from haven.business.companyedit import Figure, SiteFields, SupplierFields
from haven.business.impactschema import Metric, metrics_data, risk_data
from haven.business.intake import indicator_choices
from haven.business.models import Category, Recruiter, Site, SiteMetric, Stage, Supplier
from haven.business.texts import WORKER_LANGUAGES
from haven.core.i18n import localized
from haven.core.widgets import IsoDateInput

LONG = 4000


class FileForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of your report and of our answers"),
        choices=list(WORKER_LANGUAGES.items()),
        required=False,  # the page's language when left out
    )
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What happened?"), max_length=LONG, widget=forms.Textarea(attrs={"rows": 5})
    )
    where = forms.CharField(
        label=_("Where (site, town) — optional"), max_length=200, required=False
    )
    contact = forms.CharField(
        label=_("How we can reach you — optional"),
        help_text=_(
            "Leave this empty to stay anonymous. You can follow your report with your code."
        ),
        max_length=200,
        required=False,
    )
    referral_consent = forms.BooleanField(
        label=_("If it helps, you may pass my report to a support organisation"), required=False
    )


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class UpdateForm(FollowForm):
    message = forms.CharField(
        label=_("Add information"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    retaliation = forms.BooleanField(
        label=_("I have been punished or threatened for reporting"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget = forms.HiddenInput()


class StepForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[
            (s.value, s.label) for s in (Stage.TRIAGE, Stage.INVESTIGATION, Stage.ACTION_PLAN)
        ],
    )
    note = forms.CharField(
        label=_("Internal note"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label=_("Message to the worker (shown with their code)"),
        help_text=_("Write it in the worker's language: they chose it when filing."),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    trafficking_indicators = forms.BooleanField(
        label=_("Shows indicators of trafficking or forced labour"), required=False
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators seen (ILO indicators, as the screening interview asks them)"),
        help_text=_(
            "Tick only what the worker's report shows. If the grievance is referred and the "
            "support organisation opens a case, these start its screening."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    site = forms.ModelChoiceField(
        label=_("Site it concerns"), queryset=Site.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = indicator_choices()  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
        sites = Site.objects.filter(company__organisation_id=organisation_id or 0).order_by("name")
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField


class RetaliationForm(forms.Form):
    note = forms.CharField(label=_("What was reported (internal)"), max_length=LONG, required=False)


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("Outcome (internal)"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label=_("Message to the worker"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    wages_recovered = forms.DecimalField(
        label=_("Wages recovered"),
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=14,
        help_text=_("Leave empty if not known: it is reported as missing, not as zero."),
    )
    wages_currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("wages_recovered") is not None and len(data.get("wages_currency", "")) != 3:
            self.add_error("wages_currency", _("Give the three-letter currency code."))
        return data


class ReferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Support organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(org_type__in=REFERRAL_TYPES).order_by("name")  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField


class OpenCaseForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name the worker gave you"),
        help_text=_(
            "The grievance holds no name: ask the worker, who may give one they choose. "
            "Nothing else is taken from the grievance but their own words and the indicators."
        ),
        max_length=200,
    )
    second_name = forms.CharField(label=_("Second name (optional)"), max_length=200, required=False)


class ChannelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=60,
        help_text=_("The address of the public page: letters, digits, dashes."),
    )
    escalation_days = forms.IntegerField(
        label=_("Days before escalation"), min_value=1, max_value=365, initial=30
    )
    independent_body = forms.ModelChoiceField(
        label=_("Independent body"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, exclude: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = Organisation.objects.exclude(org_type__in=["LawEnforcement", "ImmigrationService"])
        if exclude is not None:
            bodies = bodies.exclude(pk=exclude)
        self.fields["independent_body"].queryset = bodies.order_by("name")  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField


class TenderForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200)
    requirements = forms.MultipleChoiceField(
        label=_("Requirements"), widget=forms.CheckboxSelectMultiple
    )
    evidence_tier = forms.IntegerField(
        label=_("Evidence tier"),
        min_value=1,
        max_value=10,
        initial=2,
        help_text=_("Evidence must reach suppliers down to this tier."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from haven.business.impactschema import requirements_data

        super().__init__(*args, **kwargs)
        choices = [(r.code, localized(r.label, r.label_i18n)) for r in requirements_data().values()]
        self.fields["requirements"].choices = choices  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField


# The company officer's forms (docs/business.md, "Keeping the data from the page"). Their
# fields mirror the company-data file's; the actions check again with the file's own models.

UPLOAD_LIMIT = 5 * 1024 * 1024
EVIDENCE_KINDS = [
    ("documents", _("Documents")),
    ("worker_interviews", _("Worker interviews")),
    ("audit", _("Audit")),
    ("payroll", _("Payroll")),
    ("grievances", _("Grievances")),
]
ISIC = RegexValidator(r"^\d{2,4}$", _("Give an ISIC Rev.4 code of 2 to 4 digits."))
CURRENCY = RegexValidator(r"^[A-Za-z]{3}$", _("Give the three-letter currency code."))
MAX_COUNT = 2_147_483_647


class CompanyFileForm(forms.Form):
    data_file = forms.FileField(
        label=_("Company data file (JSON)"),
        help_text=_(
            "The same file as for “haven business load”. It replaces all your company's "
            "data: sites, suppliers, recruiters, figures and claims."
        ),
    )

    def clean_data_file(self) -> Any:
        upload = self.cleaned_data["data_file"]
        if upload.size > UPLOAD_LIMIT:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def _company_rows(model: type, company_id: int) -> Any:
    return model.objects.filter(company_id=company_id).order_by("name")  # type: ignore[attr-defined]  # a model class passed in


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    isic = forms.CharField(
        label=_("Sector (ISIC Rev.4 code)"),
        max_length=4,
        validators=[ISIC],
        help_text=_("A division (2 digits, e.g. 01 for crops) or a class (4 digits)."),
    )
    workforce = forms.IntegerField(
        label=_("Workforce"), min_value=0, max_value=MAX_COUNT, required=False
    )
    migrant_share = forms.DecimalField(
        label=_("Share of migrant workers"),
        min_value=0,
        max_value=1,
        max_digits=5,
        decimal_places=4,
        required=False,
        help_text=_(
            "From 0 to 1 (0.25 is a quarter). Leave empty if not known: it counts as a risk."
        ),
    )
    recruitment_channel = forms.ChoiceField(label=_("Recruitment channel"))
    recruiter = forms.ModelChoiceField(
        label=_("Recruiter"), queryset=Recruiter.objects.none(), required=False
    )
    supplier = forms.ModelChoiceField(
        label=_("Supplier it belongs to"),
        queryset=Supplier.objects.none(),
        required=False,
        help_text=_("Leave empty for the company's own site."),
    )

    def __init__(self, *args: Any, company_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channels = [(c.code, localized(c.label, c.label_i18n)) for c in risk_data().channel]
        self.fields["recruitment_channel"].choices = channels  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
        self.fields["recruiter"].queryset = _company_rows(Recruiter, company_id)  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField
        self.fields["supplier"].queryset = _company_rows(Supplier, company_id)  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField

    def to_fields(self) -> SiteFields:
        return SiteFields(**self.cleaned_data)


def site_initial(site: Site) -> dict[str, Any]:
    return model_to_dict(site, fields=list(SiteForm.base_fields))


class SupplierForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    tier = forms.IntegerField(
        label=_("Tier"),
        min_value=1,
        max_value=20,
        initial=1,
        help_text=_("1 supplies the company directly; 2 supplies a tier-1 supplier, and so on."),
    )
    supplies = forms.ModelChoiceField(
        label=_("Supplier it supplies (optional)"),
        queryset=Supplier.objects.none(),
        required=False,
    )
    isic = forms.CharField(
        label=_("Sector (ISIC Rev.4 code, optional)"),
        max_length=4,
        validators=[ISIC],
        required=False,
    )

    def __init__(
        self, *args: Any, company_id: int, exclude: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        others = _company_rows(Supplier, company_id).exclude(pk=exclude or 0)
        self.fields["supplies"].queryset = others  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField

    def to_fields(self) -> SupplierFields:
        return SupplierFields(**self.cleaned_data)


def supplier_initial(supplier: Supplier) -> dict[str, Any]:
    return model_to_dict(supplier, fields=list(SupplierForm.base_fields))


UNIT_HELP = {
    "share": _("A share from 0 to 1 (0.25 is a quarter)."),
    "money": _("An amount, with its currency."),
    "ratio": _("A ratio (1 is equal, 1.2 is a fifth above)."),
    "count": _("A whole number."),
    "days": _("A number of days."),
}
YES_NO = [("", _("missing (not recorded)")), ("1", _("yes")), ("0", _("no"))]


class MetricsForm(forms.Form):
    """A site's figures for one period: for each metric of data/metrics.toml, its figure (empty
    is "missing", never zero), its currency for an amount, its evidence and a reference."""

    period_start = forms.DateField(label=_("Period from"), widget=IsoDateInput())
    period_end = forms.DateField(label=_("Period to"), widget=IsoDateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, metric in metrics_data().items():
            self._add_metric(code, metric)

    def _add_metric(self, code: str, metric: Metric) -> None:
        label = localized(metric.label, metric.label_i18n)
        said = {"metric": label}
        if metric.unit == "yes_no":
            value: forms.Field = forms.TypedChoiceField(
                label=_("%(metric)s: figure") % said,
                choices=YES_NO,
                coerce=Decimal,
                empty_value=None,
                required=False,
            )
        else:
            value = forms.DecimalField(
                label=_("%(metric)s: figure") % said,
                min_value=0,
                max_digits=18,
                decimal_places=4,
                max_value=1 if metric.unit == "share" else Decimal(10) ** 14 - 1,
                required=False,
                help_text=_("%(unit)s Leave empty if not known: it shows as missing, not zero.")
                % {"unit": UNIT_HELP[metric.unit]},
            )
        self.fields[f"{code}-value"] = value
        if metric.unit == "money":
            self.fields[f"{code}-currency"] = forms.CharField(
                label=_("%(metric)s: currency (ISO 4217)") % said,
                max_length=3,
                validators=[CURRENCY],
                required=False,
            )
        self.fields[f"{code}-evidence"] = forms.MultipleChoiceField(
            label=_("%(metric)s: evidence") % said,
            choices=EVIDENCE_KINDS,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields[f"{code}-evidence_ref"] = forms.CharField(
            label=_("%(metric)s: reference of the evidence") % said,
            max_length=200,
            required=False,
            help_text=_("Which documents, audit or interviews (no worker's name)."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        for code, metric in metrics_data().items():
            given = data.get(f"{code}-value")
            if metric.unit == "money" and given is not None and not data.get(f"{code}-currency"):
                self.add_error(f"{code}-currency", _("Give the three-letter currency code."))
            if given is None and (data.get(f"{code}-evidence") or data.get(f"{code}-evidence_ref")):
                self.add_error(
                    f"{code}-value",
                    _(
                        "Evidence is given for a figure left missing: give the figure, or "
                        "clear its evidence."
                    ),
                )
            if metric.unit == "count" and given is not None and given != given.to_integral_value():
                self.add_error(f"{code}-value", _("A count is a whole number."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        return self.cleaned_data["period_start"], self.cleaned_data["period_end"]

    def figures(self) -> list[Figure]:
        data = self.cleaned_data
        return [
            Figure(
                code=code,
                value=data.get(f"{code}-value"),
                currency=(data.get(f"{code}-currency") or "").upper(),
                evidence=tuple(data.get(f"{code}-evidence") or ()),
                evidence_ref=data.get(f"{code}-evidence_ref") or "",
            )
            for code in metrics_data()
        ]


def metrics_initial(site: Site, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the site holds for this period, to change it."""
    initial: dict[str, Any] = {"period_start": start, "period_end": end}
    for m in SiteMetric.objects.filter(site=site, period_start=start, period_end=end):
        # Plain digits (42000, not 4.2E+4): the number input shows what was entered.
        value = None if m.value is None else format(m.value.normalize(), "f")
        unit = metrics_data()[m.code].unit if m.code in metrics_data() else ""
        initial[f"{m.code}-value"] = (
            str(int(Decimal(value))) if unit == "yes_no" and value is not None else value
        )
        initial[f"{m.code}-currency"] = m.currency
        initial[f"{m.code}-evidence"] = m.evidence
        initial[f"{m.code}-evidence_ref"] = m.evidence_ref
    return initial
