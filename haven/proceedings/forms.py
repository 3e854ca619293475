"""Small forms, one per thing recorded; each fits a phone screen."""

from typing import TYPE_CHECKING, Any, TypeAlias

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from haven.accounts.countries import country_choices
from haven.core.widgets import IsoDateInput
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

if TYPE_CHECKING:  # django-stubs' name for a lazy string; Django itself has no such class
    from django.utils.functional import _StrPromise

Label: TypeAlias = "str | _StrPromise"


def _date(label: Label, *, required: bool = False, help_text: Label = "", **kw: Any) -> Any:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=IsoDateInput(),
        **kw,
    )


class NotInTheFuture:
    """A date that records what has happened cannot lie ahead; the error names the field, so
    it reads well in the error summary too."""

    def __init__(self, label: Label) -> None:
        self.label = label

    def __call__(self, value: Any) -> None:
        if value is not None and value > timezone.localdate():
            raise ValidationError(
                _("%(field)s cannot be in the future: it records what has already happened."),
                code="future",
                params={"field": self.label},
            )


def _past_date(label: Label, *, required: bool = False, help_text: Label = "", **kw: Any) -> Any:
    """A date described as past (told on, charged on, returned on…): today at the latest."""
    validators = [NotInTheFuture(label)]
    return _date(label, required=required, help_text=help_text, validators=validators, **kw)


def _amount(label: Label) -> forms.DecimalField:
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
    kind = forms.ChoiceField(choices=ProceedingKind.choices, label=_("Kind of proceeding"))
    person_role = forms.ChoiceField(
        choices=PersonRole.choices,
        initial=PersonRole.NONE,
        label=_("The person's role"),
        help_text=_(
            "Witness, injured party or claimant only with their informed consent to take "
            "part in proceedings. Their support never depends on it."
        ),
    )
    status = forms.ChoiceField(choices=ProceedingStatus.choices, label=_("Status"))
    next_hearing_on = _date(_("Next hearing"))


class KeptInformedForm(forms.Form):
    told_on = _past_date(_("Date"), required=True, initial=timezone.localdate)
    what_was_told = forms.CharField(
        label=_("What the person was told (scope, timing, progress)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChargeForm(VersionedForm):
    offence = forms.ChoiceField(label=_("Offence the person is charged with"))
    charged_on = _past_date(_("Charged on"))
    non_punishment_requested_on = _past_date(
        _("Non-punishment requested on"),
        help_text=_("When the non-punishment of the person was asked for, if it was."),
    )
    outcome = forms.ChoiceField(
        choices=ChargeOutcome.choices, initial=ChargeOutcome.PENDING, label=_("Outcome")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offences = vocabulary().offences.values()
        self.fields["offence"].choices = [(o.code, o.label) for o in offences]  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField


class ClaimForm(VersionedForm):
    form = forms.ChoiceField(choices=RemedyForm.choices, label=_("Form of remedy"))
    channel = forms.ChoiceField(choices=RemedyChannel.choices, label=_("Through"))
    currency = forms.CharField(
        required=False,
        max_length=3,
        label=_("Currency"),
        help_text=_("ISO 4217 code, e.g. EUR, GBP, USD."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 4}),
    )
    amount_claimed = _amount(_("Amount claimed"))
    amount_awarded = _amount(_("Amount awarded"))
    amount_paid = _amount(_("Amount paid"))
    filed_on = _past_date(_("Filed on"))
    limitation_on = _date(
        _("Last day to file the claim"),
        help_text=_("Goes on the rights tracker so the deadline is not missed."),
    )
    status = forms.ChoiceField(
        choices=ClaimStatus.choices, initial=ClaimStatus.PREPARING, label=_("Status")
    )

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


def _assessment_part(help_text: Label = "") -> forms.CharField:
    return forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text
    )


class RiskAssessmentForm(VersionedForm):
    re_trafficking = _assessment_part()
    reprisal = _assessment_part()
    family_situation = _assessment_part()
    non_refoulement = _assessment_part(
        _("Risk of persecution, torture or other serious harm on return.")
    )
    best_interests_of_child = _assessment_part()
    completed_on = _past_date(
        _("Completed on"),
        help_text=_("Leave empty to save a draft. Set it when every part is assessed."),
    )

    def __init__(self, *args: Any, child: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in ASSESSMENT_PARTS.items():
            self.fields[name].label = capfirst(label)
        if not child:
            self.fields[BEST_INTERESTS].help_text = _(
                "Only needed for a child or a presumed child."
            )

    def parts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ASSESSMENT_PARTS}


class ApprovalForm(forms.Form):
    approved_on = _past_date(_("Approved on"), required=True, initial=timezone.localdate)


def _countries() -> "list[tuple[str, str | _StrPromise]]":
    """No country is preselected: the worker chooses one, or the form says it is missing."""
    return [("", _("Choose a country")), *country_choices()]


class ReturnForm(forms.Form):
    returned_on = _past_date(_("Date of return"), required=True)
    country = forms.ChoiceField(choices=_countries, label=_("Country of return"))
    kind = forms.ChoiceField(
        choices=ReturnKind.choices,
        widget=forms.RadioSelect,
        label=_("Who organises the return?"),
        help_text=_(
            "The person may always leave of their own will: their own departure is "
            "recorded at once. A return the State organises or assists, voluntary or not, "
            "needs the approved individual risk assessment first."
        ),
    )
