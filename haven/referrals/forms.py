"""The referral form: organisations beyond the firewall are not offered, nothing is pre-ticked,
and each organisation is labelled with whether the person's consent to sharing with it is on
record (no script needed)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation
from haven.accounts.roles import ENFORCEMENT_ORG_TYPES
from haven.cases.models import Case, htcds_choices
from haven.core.text import RefuseControlCharacters
from haven.referrals.actions import PersonGiven, sharing_consent
from haven.referrals.models import Referral, Section


def recipients(case: Case) -> Any:
    """Organisations a case may be referred to: not enforcement, not the case's own."""
    return Organisation.objects.exclude(org_type__in=ENFORCEMENT_ORG_TYPES).exclude(
        pk=case.organisation_id
    )


class OrganisationChoice(forms.ModelChoiceField):
    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        consent = sharing_consent(self.case, obj)
        on_record = (
            _("consent to sharing on record") if consent else _("no consent to sharing on record")
        )
        if obj.country != self.case.organisation.country:
            return str(
                _("%(name)s (other country): %(consent)s")
                % {"name": obj.name, "consent": on_record}
            )
        return str(_("%(name)s: %(consent)s") % {"name": obj.name, "consent": on_record})


class ReferForm(RefuseControlCharacters, forms.Form):
    reason = forms.ChoiceField(label=_("Reason for the referral (HTCDS)"))
    sections = forms.MultipleChoiceField(
        label=_("Share only these sections"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the minimum the receiving organisation needs to help the person."),
    )
    details = forms.CharField(
        label=_("Referral details"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("HTCDS cas_OutgoingReferralDetails. Write only what the receiver needs."),
    )

    def __init__(self, *args: Any, case: Case, supervisor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "to_organisation": OrganisationChoice(
                queryset=recipients(case),
                case=case,
                label=_("Refer to"),
                empty_label=_("Choose an organisation"),
            ),
            **self.fields,
        }
        reason = self.fields["reason"]
        assert isinstance(reason, forms.ChoiceField)
        reason.choices = [
            ("", _("Choose a reason")),
            *htcds_choices("cas_ReasonForOutgoingReferral"),
        ]
        if supervisor:
            self.fields["override_reason"] = forms.CharField(
                label=_("Consent override: reason (supervisors only)"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "Only when no consent to sharing with this organisation is on record. "
                    "The override and its reason are written to the audit trail."
                ),
            )


class ReasonForm(RefuseControlCharacters, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(RefuseControlCharacters, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OpenCaseForm(RefuseControlCharacters, forms.Form):
    """Opening the receiver's own case. When the referral shared the person's identifiers they
    are carried over and nothing is asked; otherwise the name the person gave the receiving
    worker is, and nothing more."""

    first_name = forms.CharField(label=_("First name, as the person gave it"), max_length=200)
    second_name = forms.CharField(label=_("Second name"), max_length=200, required=False)

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if Section.PERSON in referral.sections:
            self.fields = {}

    def given(self) -> PersonGiven:
        data = self.cleaned_data
        return PersonGiven(data.get("first_name", ""), data.get("second_name", ""))
