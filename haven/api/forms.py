from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.api.actions import EVENTS, MAX_DAYS
from haven.api.tokens import SCOPES


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name of the system"), max_length=100)
    acting_user = forms.ModelChoiceField(
        label=_("Acts for"),
        queryset=User.objects.none(),
        help_text=_("That user's own roles decide what the system may do; they must approve it."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(s, s) for s in SCOPES],
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(label=_("Expires after (days)"), min_value=1, max_value=MAX_DAYS)

    def __init__(self, *args: Any, organisation_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(organisation_id=organisation_id or 0, is_active=True)
        self.fields["acting_user"].queryset = members  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField


class SubscriptionForm(forms.Form):
    url = forms.URLField(label=_("URL (https)"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=[(e, e) for e in EVENTS], widget=forms.CheckboxSelectMultiple
    )


class ConfirmForm(forms.Form):
    case: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Case the interview belongs to"), queryset=None
    )

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField


class HtcdsConfirmForm(ConfirmForm):
    """An HTCDS case form goes into a new case (no case chosen) or onto one of the worker's."""

    case: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Case the form belongs to"),
        queryset=None,
        required=False,
        empty_label=_("A new case"),
    )
