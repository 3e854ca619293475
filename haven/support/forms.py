"""The plan editor's forms, usable on a phone. No field asks about cooperating with the
authorities: support never depends on it (a test checks)."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation
from haven.core.text import RefuseControlCharacters
from haven.core.widgets import IsoDateInput
from haven.support.models import MilestoneKind, ServiceKind, ServiceStatus, plan_type_choices

DATE = IsoDateInput()


class VersionedForm(RefuseControlCharacters, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, initial=0)

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PlanForm(VersionedForm):
    goals = forms.CharField(
        label=_("The person's goals, in their own words"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Write what the person says they want, as they say it (HTCDS spl_Objectives)."),
    )
    types = forms.MultipleChoiceField(
        label=_("Kinds of support (HTCDS spl_Type)"),
        required=False,
        choices=plan_type_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_end_date = forms.DateField(label=_("Planned end date"), required=False, widget=DATE)
    actual_end_date = forms.DateField(label=_("Actual end date"), required=False, widget=DATE)


class ServiceForm(RefuseControlCharacters, forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    provider_organisation = forms.ModelChoiceField(
        label=_("Provider using Haven"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    provider_name = forms.CharField(
        label=_("Or another provider"),
        max_length=200,
        required=False,
        help_text=_("Leave both empty if the provider is not known yet."),
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["provider_organisation"]).queryset = providers


class ServiceUpdateForm(VersionedForm, ServiceForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ServiceStatus.choices,
        help_text=_("The person may decline any service at any time."),
    )
    field_order = ["status", "provider_organisation", "provider_name", "start_date", "end_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class ServiceConsentForm(RefuseControlCharacters, forms.Form):
    given_on = forms.DateField(
        label=_("The person consented on"), widget=DATE, initial=timezone.localdate
    )


class MilestoneForm(RefuseControlCharacters, forms.Form):
    kind = forms.ChoiceField(label=_("Milestone"), choices=MilestoneKind.choices)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AchieveForm(RefuseControlCharacters, forms.Form):
    achieved_on = forms.DateField(label=_("Achieved on"), widget=DATE, initial=timezone.localdate)
