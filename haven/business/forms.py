"""Forms of the grievance pages: the worker's and the officer's. Labels are lazy translations,
so a form shows the language active where it is rendered: the worker's on the public pages
(see views.worker_language), the staff member's on the officer's pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation
from haven.business.actions import REFERRAL_TYPES
from haven.business.intake import indicator_choices
from haven.business.models import Category, Site, Stage
from haven.business.texts import WORKER_LANGUAGES
from haven.core.i18n import localized

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
