from typing import Any

from django import forms

from haven.law.loader import law
from haven.law.models import JurisdictionProfile, NationalDefinitionProfile
from haven.law.profiles import definition_profile_choices
from haven.law.schema import PURPOSES

SETTINGS = [
    "residence_conditional_on_cooperation",
    "assistance_conditional_on_cooperation",
    "non_punishment_provision",
    "return_risk_assessment",
    "guardian_for_children",
]


def instrument_choices() -> list[tuple[str, str]]:
    return [(i.id, f"{i.short_name} ({i.year})") for i in law().instruments.values()]


class VersionedForm(forms.ModelForm):
    """Editing keeps the code fixed and carries the version the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["version"].initial = self.instance.version

    def profile_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if self.instance.pk:
            data.pop("code")
        return data


class JurisdictionForm(VersionedForm):
    definition_profile = forms.ChoiceField(choices=definition_profile_choices)
    ratified = forms.MultipleChoiceField(
        choices=instrument_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="As entered by you; Haven never fetches ratification data.",
    )

    class Meta:
        model = JurisdictionProfile
        fields = [
            "code",
            "name",
            "definition_profile",
            "reflection_days",
            "appeal_days",
            "ratified",
            *SETTINGS,
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SETTINGS:
            self.fields[name] = forms.NullBooleanField(
                label=self.fields[name].label,
                required=False,
                widget=forms.NullBooleanSelect,
            )


class DefinitionProfileForm(VersionedForm):
    purposes = forms.MultipleChoiceField(
        choices=[(p, p.replace("_", " ")) for p in PURPOSES],
        widget=forms.CheckboxSelectMultiple,
        help_text="The forms of exploitation the national law names.",
    )

    class Meta:
        model = NationalDefinitionProfile
        fields = [
            "code",
            "name",
            "country",
            "legal_reference",
            "summary",
            "purposes",
            "open_purposes",
            "means_required_for_children",
            "requires_transnational",
            "requires_organised_crime",
            "requires_border_crossing",
            "child_age",
        ]
