"""The corpus pages in the interface languages; the vocabulary's translations are checked when
loaded and exports stay the same in every language."""

import tomllib

import pytest
from django.utils import translation

from haven.core.i18n import TRANSLATED_LANGUAGES
from haven.corpus import classify
from haven.corpus.classify import load_vocabulary, vocabulary
from haven.corpus.models import Guidance

pytestmark = pytest.mark.django_db


def _get(client, url, language):
    # The header is for the locale middleware; override() covers a request handled without it.
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def _data():
    with classify.DATA.open("rb") as handle:
        return tomllib.load(handle)


def test_the_guidance_page_in_french_shows_translated_text_and_vocabulary(
    client, frontline, ingest
):
    ingest("reference_table.txt")
    strength = Guidance.objects.first().strength
    client.force_login(frontline)
    page = _get(client, "/corpus/guidance/", "fr")
    assert "Orientations" in page and "Tous les acteurs" in page and "Thème" in page
    assert vocabulary().localized_label(strength, "fr") in page
    assert "Filter</button>" not in page


def test_the_documents_page_in_arabic_shows_translated_text(client, frontline, ingest):
    ingest("page_break_footnotes.txt")
    client.force_login(frontline)
    page = _get(client, "/corpus/", "ar")
    assert "البحث في الوثائق" in page and "وثيقة" in page


def test_every_term_of_the_vocabulary_has_every_interface_language():
    for term in (*vocabulary().strengths, *vocabulary().addressees, *vocabulary().topics):
        assert sorted(term.label_i18n) == sorted(TRANSLATED_LANGUAGES), term.code
    assert vocabulary().localized_label("gcm_10", "es").endswith("la trata de personas")


def test_a_translation_in_an_unknown_language_is_refused_naming_file_and_field():
    data = _data()
    data["topic"][0]["label_i18n"] = {"xx": "?"}
    code = data["topic"][0]["code"]
    with pytest.raises(ValueError, match=rf"vocabulary.toml: topic\[{code}\].label_i18n.*'xx'"):
        load_vocabulary(data)


def test_an_empty_translation_is_refused_naming_file_and_field():
    data = _data()
    data["strength"][1]["label_i18n"]["fr"] = " "
    with pytest.raises(ValueError, match=r"vocabulary.toml: strength\[should\].label_i18n.fr"):
        load_vocabulary(data)


def test_csv_and_xlsx_exports_do_not_change_with_the_language(client, frontline, ingest):
    ingest("reference_table.txt")
    strength = vocabulary().label(Guidance.objects.first().strength)
    client.force_login(frontline)
    for fmt in ("csv", "xlsx"):
        english = client.get(f"/corpus/guidance/export.{fmt}").content
        with translation.override("fr"):
            french = client.get(f"/corpus/guidance/export.{fmt}", HTTP_ACCEPT_LANGUAGE="fr")
        if fmt == "csv":
            assert french.content == english and strength.encode() in english
        else:  # XLSX files carry their creation time; compare the cells
            assert _cells(french.content) == _cells(english)


def test_the_printable_page_is_in_the_reader_s_language(client, frontline, ingest):
    ingest("reference_table.txt")
    client.force_login(frontline)
    page = _get(client, "/corpus/guidance/export.html", "ru")
    strength = Guidance.objects.first().strength
    assert 'lang="ru"' in page and "Справочный инструмент" in page
    assert vocabulary().localized_label(strength, "ru") in page


def _cells(content):
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_mandate_names_are_shown_in_the_reader_s_language_and_checked_when_loaded():
    from haven.corpus.sources import load_mandates, mandate_label

    name = "Special Rapporteur on trafficking in persons, especially women and children"
    assert mandate_label(name, "es").startswith("Relator Especial sobre la trata de personas")
    assert mandate_label("Government of Slovenia", "fr") == "Government of Slovenia"
    with classify_mandates().open("rb") as handle:
        data = tomllib.load(handle)
    data["mandate"][1]["name_i18n"]["ar"] = ""
    with pytest.raises(
        ValueError, match=r"mandates.toml: Special Rapporteur on traff.*name_i18n.ar"
    ):
        load_mandates(data)


def classify_mandates():
    from haven.corpus import sources

    return sources.DATA
