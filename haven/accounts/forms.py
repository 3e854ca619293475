from django import forms
from django.contrib.auth.forms import SetPasswordForm

from haven.accounts.models import Organisation, User
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
    username = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    field_order = ["username", "email", "first_name", "last_name", "roles"]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "org_type", "country"]


class AcceptInvitationForm(SetPasswordForm):
    """Choose a password; validated by the project's password validators."""
