from django import forms
from django.contrib.auth.forms import SetPasswordForm

from haven.accounts.models import Organisation
from haven.accounts.roles import ROLE_LABELS, Role


def role_choices(*, include_system_admin: bool) -> list[tuple[str, str]]:
    return [
        (role.value, label)
        for role, label in ROLE_LABELS.items()
        if include_system_admin or role is not Role.SYSTEM_ADMIN
    ]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class RolesForm(forms.Form):
    roles = RolesField(choices=[])

    def __init__(self, *args: object, include_system_admin: bool = False, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = role_choices(include_system_admin=include_system_admin)
        self.fields["roles"].choices = choices  # type: ignore[attr-defined]


class InviteForm(RolesForm):
    """No username field: Haven chooses one, so no refusal can tell which usernames exist."""

    email = forms.EmailField(
        required=False, help_text="The invitation link is sent here, never shown to you."
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    field_order = ["email", "first_name", "last_name", "roles"]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "org_type", "country"]


class AcceptInvitationForm(SetPasswordForm):
    """Choose a password; validated by the project's password validators."""


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The six digits your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
