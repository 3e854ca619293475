"""The referral form: organisations beyond the firewall are not offered, nothing is pre-ticked,
and each organisation is labelled with whether the person's consent to sharing with it is on
record (no script needed)."""

from typing import Any

from django import forms

from haven.accounts.models import Organisation
from haven.accounts.roles import ENFORCEMENT_ORG_TYPES
from haven.cases.models import Case, htcds_choices
from haven.core.text import RefuseControlCharacters
from haven.referrals.actions import sharing_consent
from haven.referrals.models import Section


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
        on_record = "consent to sharing on record" if consent else "no consent to sharing on record"
        border = " (other country)" if obj.country != self.case.organisation.country else ""
        return f"{obj.name}{border}: {on_record}"


class ReferForm(RefuseControlCharacters, forms.Form):
    reason = forms.ChoiceField(label="Reason for the referral (HTCDS)")
    sections = forms.MultipleChoiceField(
        label="Share only these sections",
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick the minimum the receiving organisation needs to help the person.",
    )
    details = forms.CharField(
        label="Referral details",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="HTCDS cas_OutgoingReferralDetails. Write only what the receiver needs.",
    )

    def __init__(self, *args: Any, case: Case, supervisor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "to_organisation": OrganisationChoice(
                queryset=recipients(case),
                case=case,
                label="Refer to",
                empty_label="Choose an organisation",
            ),
            **self.fields,
        }
        reason = self.fields["reason"]
        assert isinstance(reason, forms.ChoiceField)
        reason.choices = [("", "Choose a reason"), *htcds_choices("cas_ReasonForOutgoingReferral")]
        if supervisor:
            self.fields["override_reason"] = forms.CharField(
                label="Consent override: reason (supervisors only)",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=(
                    "Only when no consent to sharing with this organisation is on record. "
                    "The override and its reason are written to the audit trail."
                ),
            )


class ReasonForm(RefuseControlCharacters, forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(RefuseControlCharacters, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
