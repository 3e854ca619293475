from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.accounts.countries import country_choices
from haven.accounts.models import Organisation, User
from haven.audit.purposes import READING_PURPOSES, Purpose
from haven.cases import names
from haven.cases.models import (
    CaseStatus,
    ConsentPurpose,
    Gender,
    PerpetratorContext,
    TraffickingEvent,
    VictimContext,
    htcds_choices,
)
from haven.core.i18n import localized
from haven.core.text import RefuseControlCharacters
from haven.core.widgets import IsoDateInput
from haven.htcds import catalogue
from haven.htcds import vulnerabilities as htcds_vulnerabilities
from haven.screening.vocabulary import vocabulary

PURPOSES = [("", _("Choose a purpose")), *((p.value, p.label) for p in READING_PURPOSES)]


class OpenCaseForm(RefuseControlCharacters, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=200)
    middle_name = forms.CharField(label=_("Middle name"), max_length=200, required=False)
    second_name = forms.CharField(label=_("Second (family) name"), max_length=200, required=False)
    birthdate = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Leave empty if unknown."),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.NON_SPECIFIED_UNKNOWN
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"),
        choices=lambda: [("", _("Unknown")), *country_choices()],
        required=False,
    )


class NoteForm(RefuseControlCharacters, forms.Form):
    text = forms.CharField(label=_("New note"), widget=forms.Textarea(attrs={"rows": 4}))


class StatedPurposeForm(RefuseControlCharacters, forms.Form):
    purpose = forms.ChoiceField(label=_("Why are you opening this record?"), choices=PURPOSES)

    def stated_purpose(self) -> Purpose:
        """The purpose code; an explanation, if any, is stored with the case."""
        return Purpose(self.cleaned_data["purpose"])


class PurposeForm(StatedPurposeForm):
    explanation = forms.CharField(
        label=_("Details (optional)"),
        max_length=300,
        required=False,
        help_text=_("Kept encrypted with the case, not in the audit trail."),
    )


class PersonSearchForm(StatedPurposeForm):
    """A search has no record to keep an explanation with: it states a purpose code only."""

    name = forms.CharField(
        label=_("Name, or any part of it"),
        max_length=400,
        required=False,
        help_text=_(
            "Any name parts in any order: first, middle or family name. Spelling variants "
            "(Mohammed, Muhammad; Nguyen, Nguyễn; Tesfay, Tesfaye) are found too."
        ),
    )
    birthdate = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=IsoDateInput(),
    )
    field_order = ["name", "birthdate", "purpose"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not names.units(data.get("name") or "") and data.get("birthdate") is None:
            raise forms.ValidationError(
                _("Give a name, a part of one, or a date of birth."), code="nothing_to_find"
            )
        return data


class CaseUpdateForm(RefuseControlCharacters, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)
    assigned_to = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Assigned to"))
    closure_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Reason for closing (HTCDS cas_ReasonForCaseClosure)"),
        help_text=_("Needed to close the case."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assigned_to"]).queryset = workers

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ConsentForm(RefuseControlCharacters, forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Organisation"),
        help_text=_("Only for consent to sharing: the one organisation it names."),
    )
    given_on = forms.DateField(
        label=_("Given on"),
        widget=IsoDateInput(),
        initial=timezone.localdate,
    )
    notes = forms.CharField(
        required=False, max_length=500, label=_("How the person gave it (optional)")
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations


class RetentionForm(RefuseControlCharacters, forms.Form):
    months_after_closure = forms.IntegerField(
        min_value=1,
        max_value=1200,
        label=_("Months to keep personal data after a case closes"),
        help_text=_(
            "Then `haven retention apply` erases names, dates of birth, notes and interview "
            "records, keeping only what anonymous statistics count."
        ),
    )


# The HTCDS fields' own names, in the reader's language (the standard's English otherwise).
FIELD_LABELS = {
    "vic_MethodOfRecruitment": _("Method of recruitment"),
    "vic_MethodsOfControl": _("Methods of control"),
    "vic_TypeOfExploitation": _("Type of exploitation"),
    "vic_TypeOfSexExploitation": _("Type of sexual exploitation"),
    "per_RoleInProcess": _("Role in the trafficking process"),
}


def _multi(name: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=htcds_choices(name),
        label=FIELD_LABELS.get(name) or catalogue.field(name).label,
    )


def _vocabulary_choices() -> list[tuple[str, str]]:
    table = htcds_vulnerabilities.mapping()
    return [
        (
            code,
            gettext("%(label)s (HTCDS: %(names)s)")
            % {"label": localized(item.label, item.label_i18n), "names": ", ".join(table[code])},
        )
        for code, item in vocabulary().vulnerabilities.items()
    ]


class VictimContextForm(RefuseControlCharacters, forms.ModelForm):
    """HTCDS Person - Victim Context, every picklist by the standard's own value names; the
    vulnerabilities by Haven's one vocabulary (the interview's), mapped to HTCDS names."""

    methods_of_recruitment = _multi("vic_MethodOfRecruitment")
    methods_of_control = _multi("vic_MethodsOfControl")
    types_of_exploitation = _multi("vic_TypeOfExploitation")
    types_of_sex_exploitation = _multi("vic_TypeOfSexExploitation")
    vulnerability_codes = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=_vocabulary_choices,
        label=_("Vulnerabilities (the interview's vocabulary; HTCDS vic_Vulnerabilities)"),
    )
    vulnerabilities = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Other HTCDS vulnerabilities, not in the interview's vocabulary"),
    )
    agreement_to_manage_personal_data = forms.NullBooleanField(
        required=False,
        widget=forms.NullBooleanSelect,
        label=_("Agreement to manage personal data"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = VictimContext
        # The shared vocabulary's codes come where HTCDS puts vic_Vulnerabilities.
        fields = [
            name
            for attribute in VictimContext.HTCDS_FIELDS.values()
            for name in (
                ("vulnerability_codes", attribute)
                if attribute == "vulnerabilities"
                else (attribute,)
            )
        ]
        labels = {
            "trafficking_status": _("Trafficking status"),
            "status_decided_by": _("Organisation that decided the trafficking status"),
            "relationship_to_trafficker": _("Relationship to the trafficker"),
            "age_when_trafficked": _("Age when trafficked"),
            "recruitment_country": _("Country of recruitment"),
            "forced_labour_industry": _("Forced labour industry"),
            "exploitation_country": _("Country of exploitation"),
            "vulnerability_details": _("Details of vulnerabilities"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        given = instance.vulnerabilities if instance.pk else self.initial.get("vulnerabilities")
        codes = instance.vulnerability_codes if instance.pk else []
        derived = set(htcds_vulnerabilities.htcds_names(codes))
        direct = [name for name in given or [] if name not in derived]
        offered = [*htcds_vulnerabilities.unreachable(), *direct]
        field = cast(forms.MultipleChoiceField, self.fields["vulnerabilities"])
        field.choices = [c for c in htcds_choices("vic_Vulnerabilities") if c[0] in offered]
        self.initial["vulnerabilities"] = direct
        self.order_fields(self.Meta.fields)

    def data_to_save(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class TraffickingEventForm(RefuseControlCharacters, forms.ModelForm):
    class Meta:
        model = TraffickingEvent
        fields = ["event_type", "country", "city", "date", "description"]
        labels = {
            "event_type": _("Type of event"),
            "country": _("Country"),
            "city": _("City"),
            "date": _("Date"),
            "description": _("Description"),
        }
        widgets = {
            "date": IsoDateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class PerpetratorForm(RefuseControlCharacters, forms.ModelForm):
    roles = _multi("per_RoleInProcess")

    class Meta:
        model = PerpetratorContext
        fields = ["roles", "role_details"]
        labels = {"role_details": _("Details of the role")}
        widgets = {"role_details": forms.Textarea(attrs={"rows": 2})}
