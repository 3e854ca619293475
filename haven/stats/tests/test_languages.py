"""Statistics pages in the interface languages: indicator texts and categories translated,
figures formatted by locale; downloads identical in every language; bad translation tables in
the indicators file refused naming the file and the field."""

import csv
import io
import re
import tomllib

import pytest
from django.utils import translation

from haven.core.i18n import TRANSLATED_LANGUAGES
from haven.stats import indicators as indicators_module
from haven.stats.indicators import TRANSLATED, indicators, parse_indicators

pytestmark = pytest.mark.django_db


def _get(client, url, language):
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def _entries():
    with indicators_module.DATA.open("rb") as handle:
        return tomllib.load(handle)["indicator"]


def test_the_dashboard_in_french_names_indicators_categories_and_formats_shares(
    client, supervisor, cases
):
    client.force_login(supervisor)
    page = _get(client, "/stats/", "fr").content.decode()
    assert "Statistiques" in page and "Types d’exploitation" in page
    assert "Chiffres exacts" in page and "Enregistrements avec une valeur" in page
    assert "Travail forcé" in page  # an HTCDS category, by its French label
    assert '<th scope="row">Oui</th>' in page or '<th scope="row">Non</th>' in page
    # Shares with a decimal comma, e.g. "37,5 %", never "37.5%".
    assert " %</td>" in page and not any(f".{d}%</td>" in page for d in range(10))


def test_the_dashboard_in_arabic_shows_arabic_text(client, coordinator, cases):
    client.force_login(coordinator)
    page = _get(client, "/stats/", "ar").content.decode()
    assert "الإحصاءات" in page and "جميع المنظمات في GB" in page and "أقل من 11" in page


def test_the_yearly_report_is_in_the_reader_s_language(client, coordinator, cases):
    client.force_login(coordinator)
    page = _get(client, "/stats/report/?year=2024", "es").content.decode()
    assert 'lang="es"' in page and "Informe sobre la trata de personas, 2024" in page


def test_downloads_do_not_change_with_the_language(client, coordinator, cases):
    client.force_login(coordinator)
    english = client.get("/stats/download.csv").content
    for language in TRANSLATED_LANGUAGES:
        assert _get(client, "/stats/download.csv", language).content == english
    rows = list(csv.reader(io.StringIO(english.decode("utf-8-sig"))))
    assert any(row[0] == "Types of exploitation" and row[1] == "ForcedLabour" for row in rows)


def test_every_indicator_text_shown_on_pages_has_every_interface_language():
    for indicator in indicators():
        for name in TRANSLATED:
            if name == "basis" and not re.search(r"\b[a-z]{3,}\b", _words(indicator.basis)):
                continue  # only citations ("000 paras 13-16, rec. 65"): the same in every language
            assert sorted(indicator.translations[name]) == sorted(TRANSLATED_LANGUAGES), (
                indicator.id,
                name,
            )


def _words(basis):
    """The basis without its citations' own words (paras, rec., art., sections)."""
    return re.sub(r"\b(paras?|rec|art|sections?)\b", "", basis)


def test_a_translation_in_an_unknown_language_is_refused_naming_file_and_field():
    entries = _entries()
    entries[1]["definition_i18n"] = {"de": "Fälle nach Geschlecht"}
    with pytest.raises(
        ValueError, match=r"indicators.toml: indicator gender: definition_i18n.*'de'"
    ):
        parse_indicators(entries)


def test_an_empty_translation_is_refused_naming_file_and_field():
    entries = _entries()
    entries[0]["name_i18n"]["zh-hans"] = ""
    with pytest.raises(
        ValueError, match=r"indicators.toml: indicator year_of_registration: name_i18n.zh-hans"
    ):
        parse_indicators(entries)
