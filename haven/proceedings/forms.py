"""Small forms, one per thing recorded; each fits a phone screen."""

from typing import Any

from django import forms
from django.utils import timezone

from haven.accounts.countries import country_choices
from haven.proceedings.models import (
    ChargeOutcome,
    ClaimStatus,
    PersonRole,
    ProceedingKind,
    ProceedingStatus,
    RemedyChannel,
    RemedyForm,
    ReturnKind,
)
from haven.proceedings.rules import ASSESSMENT_PARTS, BEST_INTERESTS
from haven.screening.vocabulary import vocabulary


def _date(label: str, *, required: bool = False, help_text: str = "", **kw: Any) -> Any:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        **kw,
    )


def _amount(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def data_without_version(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ProceedingForm(VersionedForm):
    kind = forms.ChoiceField(choices=ProceedingKind.choices, label="Kind of proceeding")
    person_role = forms.ChoiceField(
        choices=PersonRole.choices,
        initial=PersonRole.NONE,
        label="The person's role",
        help_text="Witness, injured party or claimant only with their informed consent to take "
        "part in proceedings. Their support never depends on it.",
    )
    status = forms.ChoiceField(choices=ProceedingStatus.choices)
    next_hearing_on = _date("Next hearing")


class KeptInformedForm(forms.Form):
    told_on = _date("Date", required=True, initial=timezone.localdate)
    what_was_told = forms.CharField(
        label="What the person was told (scope, timing, progress)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChargeForm(VersionedForm):
    offence = forms.ChoiceField(label="Offence the person is charged with")
    charged_on = _date("Charged on")
    non_punishment_requested_on = _date(
        "Non-punishment requested on",
        help_text="When the non-punishment of the person was asked for, if it was.",
    )
    outcome = forms.ChoiceField(choices=ChargeOutcome.choices, initial=ChargeOutcome.PENDING)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offences = vocabulary().offences.values()
        self.fields["offence"].choices = [(o.code, o.label) for o in offences]  # type: ignore[attr-defined]


class ClaimForm(VersionedForm):
    form = forms.ChoiceField(choices=RemedyForm.choices, label="Form of remedy")
    channel = forms.ChoiceField(choices=RemedyChannel.choices, label="Through")
    currency = forms.CharField(
        required=False,
        max_length=3,
        label="Currency",
        help_text="ISO 4217 code, e.g. EUR, GBP, USD.",
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 4}),
    )
    amount_claimed = _amount("Amount claimed")
    amount_awarded = _amount("Amount awarded")
    amount_paid = _amount("Amount paid")
    filed_on = _date("Filed on")
    limitation_on = _date(
        "Last day to file the claim",
        help_text="Goes on the rights tracker so the deadline is not missed.",
    )
    status = forms.ChoiceField(choices=ClaimStatus.choices, initial=ClaimStatus.PREPARING)

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class RiskAssessmentForm(VersionedForm):
    re_trafficking = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reprisal = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    family_situation = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    non_refoulement = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Risk of persecution, torture or other serious harm on return.",
    )
    best_interests_of_child = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    completed_on = _date(
        "Completed on",
        help_text="Leave empty to save a draft. Set it when every part is assessed.",
    )

    def __init__(self, *args: Any, child: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in ASSESSMENT_PARTS.items():
            self.fields[name].label = label[:1].upper() + label[1:]
        if not child:
            self.fields[BEST_INTERESTS].help_text = "Only needed for a child or a presumed child."

    def parts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ASSESSMENT_PARTS}


class ApprovalForm(forms.Form):
    approved_on = _date("Approved on", required=True, initial=timezone.localdate)


class ReturnForm(forms.Form):
    returned_on = _date("Date of return", required=True)
    country = forms.ChoiceField(choices=country_choices, label="Country of return")
    kind = forms.ChoiceField(
        choices=ReturnKind.choices,
        widget=forms.RadioSelect,
        label="Who organises the return?",
        help_text="The person may always leave of their own will: their own departure is "
        "recorded at once. A return the State organises or assists, voluntary or not, needs "
        "the approved individual risk assessment first.",
    )
