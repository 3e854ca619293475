import pytest
from django.utils import translation

from haven.core.i18n import check_translations, localized


def test_a_translation_is_chosen_by_the_active_language() -> None:
    with translation.override("fr"):
        assert localized("Forced criminality", {"fr": "Criminalité forcée"}) == "Criminalité forcée"


def test_a_missing_translation_falls_back_to_the_english() -> None:
    english = "Forced criminality"
    assert localized(english, {"fr": "Criminalité forcée"}, "ru") == english


def test_a_regional_variant_uses_its_language() -> None:
    assert localized("Yes", {"fr": "Oui"}, "fr-ca") == "Oui"


def test_an_unknown_language_is_refused_naming_the_field() -> None:
    expected = r"rights.toml: right\[3\].title_i18n: unknown language 'xx'"
    with pytest.raises(ValueError, match=expected):
        check_translations({"xx": "?"}, where="rights.toml: right[3].title_i18n")


def test_an_empty_translation_is_refused_naming_the_language() -> None:
    with pytest.raises(ValueError, match=r"title_i18n.fr: empty translation"):
        check_translations({"fr": " "}, where="title_i18n")
