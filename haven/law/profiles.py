"""Finding definition and jurisdiction profiles, built in or entered by users."""

from django.http import Http404

from haven.core.i18n import localized
from haven.law.definition import DefinitionProfile
from haven.law.gaps import JurisdictionSettings
from haven.law.loader import law
from haven.law.models import JurisdictionProfile, NationalDefinitionProfile


class UnknownProfile(LookupError):
    """No profile has that code; the message names it."""


def definition_profile(code: str) -> DefinitionProfile:
    builtin = law().profiles.get(code)
    if builtin is not None:
        return DefinitionProfile.from_data(builtin)
    national = NationalDefinitionProfile.objects.filter(code=code).first()
    if national is None:
        raise UnknownProfile(f"no definition profile {code!r}")
    return national.as_profile()


def definition_profile_choices() -> list[tuple[str, str]]:
    builtin = [(p.code, localized(p.name, p.name_i18n)) for p in law().profiles.values()]
    national = list(NationalDefinitionProfile.objects.values_list("code", "name"))
    return builtin + national


def profile_name(code: str) -> str:
    """A profile's name in the active language (a built-in one's translation, a national one's
    name as its editor wrote it); raises UnknownProfile."""
    builtin = law().profiles.get(code)
    if builtin is not None:
        return localized(builtin.name, builtin.name_i18n)
    return definition_profile(code).name


def jurisdiction(code: str) -> JurisdictionProfile:
    found = JurisdictionProfile.objects.filter(code=code.upper()).first()
    if found is None:
        known = ", ".join(JurisdictionProfile.objects.values_list("code", flat=True))
        raise UnknownProfile(f"no jurisdiction profile {code!r} (known: {known or 'none'})")
    return found


def jurisdiction_or_404(code: str) -> JurisdictionProfile:
    try:
        return jurisdiction(code)
    except UnknownProfile:
        raise Http404("No such jurisdiction") from None


def jurisdiction_settings(profile: JurisdictionProfile) -> JurisdictionSettings:
    return profile.settings(definition_profile(profile.definition_profile))
