"""Translations that live in data files, beside the English they translate.

A vocabulary or a legal data file keeps its English ``label`` and, next to it, a table of
translations keyed by Django language code (``label_i18n = { fr = "…", ar = "…" }``). Gettext
catalogs cannot hold them because the English changes with the data, not with the code; keeping
them in the same file means one review covers both. Pure: no Django import at module level, so
the rules engines can validate their data without settings.
"""

from __future__ import annotations

from collections.abc import Mapping

# The interface languages (the six UN languages); English is the source and needs no entry.
TRANSLATED_LANGUAGES = ("ar", "es", "fr", "ru", "zh-hans")


def check_translations(translations: object, *, where: str) -> dict[str, str]:
    """Validate one ``*_i18n`` table; the error names the file and field (``where``)."""
    if not isinstance(translations, Mapping):
        raise ValueError(f"{where}: expected a table of language = text")
    checked: dict[str, str] = {}
    for code, text in translations.items():
        if code not in TRANSLATED_LANGUAGES:
            known = ", ".join(TRANSLATED_LANGUAGES)
            raise ValueError(f"{where}: unknown language {code!r}; use one of {known}")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}.{code}: empty translation")
        checked[str(code)] = text
    return checked


def localized(english: str, translations: Mapping[str, str], language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), falling back to the English."""
    if language is None:
        from django.utils.translation import get_language

        language = get_language() or "en"
    code = language.lower()
    return translations.get(code) or translations.get(code.split("-")[0]) or english
