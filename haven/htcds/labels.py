"""HTCDS picklist labels in the interface languages, for pages.

Records, exports and the API carry the standard's value names ("TransgenderFeminine"); a page
shows ``vocabulary_label("prs_Gender", "TransgenderFeminine")``: "Transgenre féminin" under
French, the standard's English label "Transgender Feminine" where no translation exists, and
the code itself when it is not a value of that picklist (so a page never breaks on old data).

The translations live in data/labels.toml beside the standard's English label, which must stay
equal to the catalogue's; every table is checked when loaded (haven.core.i18n) and a bad one
fails naming the file and the field. Plain Python: Django is asked for the active language only.
"""

import gettext
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from haven.core.i18n import check_translations, localized
from haven.htcds import catalogue

LABELS_FILE = Path(__file__).resolve().parent / "data" / "labels.toml"
# pycountry ships the ISO 3166 names translated (from Debian's iso-codes); its locale for
# Simplified Chinese is zh_CN.
ISO_LOCALES = {"zh-hans": "zh_CN"}


class LabelsError(ValueError):
    """A labels file that names an unknown field or value, or whose English has drifted."""


@dataclass(frozen=True)
class Translated:
    english: str
    translations: Mapping[str, str]


def load_labels(data: Mapping[str, object], *, where: str) -> dict[tuple[str, str], Translated]:
    """Check parsed labels TOML against the catalogue; ``where`` names the file in errors."""
    labels: dict[tuple[str, str], Translated] = {}
    for field, values in data.items():
        if field == "schema_version":
            continue
        if not isinstance(values, Mapping):
            raise LabelsError(f"{where}: {field}: expected a table of values")
        for value, entry in values.items():
            labels[(field, value)] = _entry(field, value, entry, where=where)
    return labels


def _entry(field: str, value: str, entry: object, *, where: str) -> Translated:
    place = f"{where}: {field}.{value}"
    try:
        english = catalogue.label(field, value)
    except catalogue.CatalogueError as error:
        raise LabelsError(f"{place}: {error}") from None
    if not isinstance(entry, Mapping) or entry.get("label") != english:
        found = entry.get("label") if isinstance(entry, Mapping) else entry
        raise LabelsError(f"{place}.label: {found!r} is not the standard's label {english!r}")
    table = check_translations(entry.get("label_i18n", {}), where=f"{place}.label_i18n")
    return Translated(english, table)


@cache
def labels() -> dict[tuple[str, str], Translated]:
    with LABELS_FILE.open("rb") as handle:
        return load_labels(tomllib.load(handle), where=LABELS_FILE.name)


def vocabulary_label(vocabulary: str, code: str, language: str | None = None) -> str:
    """The label of ``code`` in the HTCDS picklist ``vocabulary`` (a field name such as
    "prs_Gender"), in the active language or ``language``."""
    found = labels().get((vocabulary, code))
    if found is not None:
        return localized(found.english, found.translations, language)
    try:
        spec = catalogue.field(vocabulary)
        if spec.code_list == "ISO 3166":
            return country_name(code, language)
        return catalogue.label(vocabulary, code)
    except catalogue.CatalogueError:
        return code


def country_name(code: str, language: str | None = None) -> str:
    """An ISO 3166 alpha-2 or alpha-3 code as the country's name in the active language (or
    ``language``); an unknown code stays as it is."""
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    country = country or (pycountry.countries.get(alpha_3=code) if len(code) == 3 else None)
    if country is None:
        return code
    return _iso_catalogue(_language(language)).gettext(country.name)


def _language(language: str | None) -> str:
    if language is None:
        from django.utils.translation import get_language

        language = get_language() or "en"
    return language.lower()


@cache
def _iso_catalogue(language: str) -> gettext.NullTranslations:
    locale = ISO_LOCALES.get(language, language.split("-", maxsplit=1)[0])
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
    )
