from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core.i18n import localized as label
from haven.law.loader import law
from haven.law.models import JurisdictionProfile, NationalDefinitionProfile
from haven.law.profiles import definition_profile_choices
from haven.law.schema import PURPOSES

# Every yes/no question reads the same way round: "yes" is the protective answer, "no" a gap,
# blank not assessed. Two stored settings are asked the other way round, so the form inverts them.
INVERTED = {
    "residence_without_cooperation": "residence_conditional_on_cooperation",
    "assistance_without_cooperation": "assistance_conditional_on_cooperation",
}
QUESTIONS = {
    "residence_without_cooperation": _(
        "Residence can be granted without cooperating with the authorities"
    ),
    "assistance_without_cooperation": _(
        "Assistance is given without any cooperation with the authorities"
    ),
    "non_punishment_provision": _(
        "The law provides for not punishing victims for offences they were compelled to commit"
    ),
    "return_risk_assessment": _("An individual risk assessment comes before any return"),
    "guardian_for_children": _("A guardian is appointed for every unaccompanied child"),
    "protection_regardless_of_status": _("Victims are protected whatever their residence status"),
    "no_detention_of_victims": _("Presumed and identified victims are never detained"),
    "appeal_against_support_denial": _("A denial of early support or residence can be appealed"),
    "free_legal_aid": _("Victims without means get free legal aid"),
    "state_compensation_fund": _("A State fund compensates victims when offenders do not pay"),
    "recognition_without_proceedings": _(
        "A person is recognised as a victim without criminal proceedings against a perpetrator"
    ),
}
STORED = [name for name in QUESTIONS if name not in INVERTED]


def purpose_choices() -> list[tuple[str, str]]:
    """The purposes by their labels in the definition file, in the active language."""
    terms = {t.code: t for t in law().definition.purpose}
    return [(p, label(terms[p].label, terms[p].label_i18n)) for p in PURPOSES]


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
    definition_profile = forms.ChoiceField(
        label=_("Definition profile"), choices=definition_profile_choices
    )
    ratified = forms.MultipleChoiceField(
        choices=instrument_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Instruments ratified"),
        help_text=_("As entered by you; Haven never fetches ratification data."),
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
            *STORED,
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        notes = self.fields.pop("notes")
        for name, question in QUESTIONS.items():
            self.fields[name] = forms.NullBooleanField(
                label=question, required=False, widget=forms.NullBooleanSelect
            )
        for name, stored in INVERTED.items():
            value = getattr(self.instance, stored)
            self.initial[name] = None if value is None else not value
        self.fields["notes"] = notes

    def profile_data(self) -> dict[str, Any]:
        data = super().profile_data()
        for name, stored in INVERTED.items():
            value = data.pop(name)
            data[stored] = None if value is None else not value
        return data


class DefinitionProfileForm(VersionedForm):
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"),
        choices=purpose_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The forms of exploitation the national law names."),
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
            "protects_only_women_and_children",
            "child_age",
        ]
