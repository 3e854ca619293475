"""The only writer of language preferences: one transaction, one audit event naming the code."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.audit.action import action
from haven.audit.log import record
from haven.languages.models import LanguagePreference


def checked_language(code: str) -> str:
    """The code if it is one of the interface languages; otherwise a ValidationError naming it."""
    if code not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("%(code)s is not an interface language."), params={"code": code}, code="language"
        )
    return code


@action()
def do_set_language(*, user: User, language: str) -> LanguagePreference:
    """Remember `user`'s interface language for every later sign-in."""
    code = checked_language(language)
    preference, _created = LanguagePreference.objects.update_or_create(
        user=user, defaults={"language": code}
    )
    record(actor=user, action="language.preference_set", target=user, details={"language": code})
    return preference
