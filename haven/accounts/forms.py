from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation
from haven.accounts.roles import ROLE_LABELS, Role, roles_open_to


def role_choices(*, include_system_admin: bool, org_type: str | None) -> list[tuple[str, str]]:
    """The roles to offer: only those an account in this type of organisation (None: no
    organisation) can hold, and the system administrator role only to a system administrator."""
    open_roles = roles_open_to(org_type)
    return [
        (role.value, str(label))
        for role, label in ROLE_LABELS.items()
        if role in open_roles and (include_system_admin or role is not Role.SYSTEM_ADMIN)
    ]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class RolesForm(forms.Form):
    roles = RolesField(label=_("Roles"), choices=[])

    def __init__(
        self,
        *args: object,
        org_type: str | None,
        include_system_admin: bool = False,
        **kwargs: object,
    ):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own loose signature
        choices = role_choices(include_system_admin=include_system_admin, org_type=org_type)
        self.fields["roles"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField


class InviteForm(RolesForm):
    """No username field: Haven chooses one, so no refusal can tell which usernames exist."""

    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("The invitation link is sent here, never shown to you."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    field_order = ["email", "first_name", "last_name", "roles"]


class AuditorInviteForm(forms.Form):
    """An auditor belongs to no organisation; the role is the only one the form gives."""

    email = forms.EmailField(
        label=_("Email"),
        help_text=_(
            "The invitation link is sent here once a second administrator confirms it, "
            "never shown to you."
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "org_type", "country"]
        labels = {"name": _("Name"), "org_type": _("Type"), "country": _("Country")}


class AcceptInvitationForm(SetPasswordForm):
    """Choose a password; validated by the project's password validators."""


class ResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address your Haven account uses."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class ResetPasswordForm(SetPasswordForm):
    """Choose the new password; the project's password validators apply."""


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,  # a recovery code is 19 characters with its hyphens
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
