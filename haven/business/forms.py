"""Forms of the grievance pages: the worker's (labels in their language) and the officer's."""

from typing import Any

from django import forms

from haven.accounts.models import Organisation
from haven.business.actions import REFERRAL_TYPES
from haven.business.models import Site, Stage
from haven.business.texts import CATEGORIES, TEXTS

LONG = 4000


class FileForm(forms.Form):
    category = forms.ChoiceField(widget=forms.RadioSelect)
    description = forms.CharField(max_length=LONG, widget=forms.Textarea(attrs={"rows": 5}))
    where = forms.CharField(max_length=200, required=False)
    contact = forms.CharField(max_length=200, required=False)
    referral_consent = forms.BooleanField(required=False)

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        words = TEXTS[lang]
        self.fields["category"].choices = list(CATEGORIES[lang].items())  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
        for name, key in (
            ("category", "category"),
            ("description", "description"),
            ("where", "where"),
            ("contact", "contact"),
            ("referral_consent", "consent"),
        ):
            self.fields[name].label = words[key]
        self.fields["contact"].help_text = words["contact_help"]


class FollowForm(forms.Form):
    code = forms.CharField(max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = TEXTS[lang]["code"]


class UpdateForm(FollowForm):
    message = forms.CharField(
        max_length=LONG, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    retaliation = forms.BooleanField(required=False)

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, lang=lang, **kwargs)
        self.fields["code"].widget = forms.HiddenInput()
        self.fields["message"].label = TEXTS[lang]["add"]
        self.fields["retaliation"].label = TEXTS[lang]["retaliation"]


class StepForm(forms.Form):
    stage = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (Stage.TRIAGE, Stage.INVESTIGATION, Stage.ACTION_PLAN)]
    )
    note = forms.CharField(
        label="Internal note",
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label="Message to the worker (shown with their code)",
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    trafficking_indicators = forms.BooleanField(
        label="Shows indicators of trafficking or forced labour", required=False
    )
    site = forms.ModelChoiceField(
        label="Site it concerns", queryset=Site.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = Site.objects.filter(company__organisation_id=organisation_id or 0).order_by("name")
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField


class RetaliationForm(forms.Form):
    note = forms.CharField(label="What was reported (internal)", max_length=LONG, required=False)


class ResolveForm(forms.Form):
    note = forms.CharField(
        label="Outcome (internal)",
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label="Message to the worker",
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    wages_recovered = forms.DecimalField(
        label="Wages recovered",
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=14,
        help_text="Leave empty if not known: it is reported as missing, not as zero.",
    )
    wages_currency = forms.CharField(label="Currency (ISO 4217)", max_length=3, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("wages_recovered") is not None and len(data.get("wages_currency", "")) != 3:
            self.add_error("wages_currency", "Give the three-letter currency code.")
        return data


class ReferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Support organisation", queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(org_type__in=REFERRAL_TYPES).order_by("name")  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField


class ChannelForm(forms.Form):
    name = forms.CharField(max_length=120)
    slug = forms.SlugField(
        max_length=60, help_text="The address of the public page: letters, digits, dashes."
    )
    escalation_days = forms.IntegerField(min_value=1, max_value=365, initial=30)
    independent_body = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(self, *args: Any, exclude: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = Organisation.objects.exclude(org_type__in=["LawEnforcement", "ImmigrationService"])
        if exclude is not None:
            bodies = bodies.exclude(pk=exclude)
        self.fields["independent_body"].queryset = bodies.order_by("name")  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField


class TenderForm(forms.Form):
    reference = forms.CharField(max_length=60)
    title = forms.CharField(max_length=200)
    requirements = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    evidence_tier = forms.IntegerField(
        min_value=1,
        max_value=10,
        initial=2,
        help_text="Evidence must reach suppliers down to this tier.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from haven.business.impactschema import requirements_data

        super().__init__(*args, **kwargs)
        choices = [(r.code, r.label) for r in requirements_data().values()]
        self.fields["requirements"].choices = choices  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
