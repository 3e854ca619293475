"""The legal pages in the interface languages, and the translations their data files carry."""

import shutil
from pathlib import Path

import pytest
from django.utils import translation

from haven.core.i18n import TRANSLATED_LANGUAGES
from haven.law.loader import DATA_DIR, LawDataError, law, load_law, translated_labels
from haven.law.plain import plain_languages


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def test_every_label_shown_on_pages_is_translated_into_every_interface_language():
    for file, entry, field, table in translated_labels(law()):
        assert set(table) == set(TRANSLATED_LANGUAGES), f"{file}: {entry}.{field}"


def test_an_empty_translation_names_the_file_the_entry_and_the_field(data_copy):
    path = data_copy / "rights.toml"
    text = path.read_text()
    old = 'fr = "Délai de rétablissement et de réflexion"'
    assert old in text
    path.write_text(text.replace(old, 'fr = " "'))
    with pytest.raises(
        LawDataError, match=r"rights.toml: right\[reflection_period\]\.title_i18n\.fr: empty"
    ):
        load_law(data_copy)


def test_an_unknown_language_is_refused_with_its_place(data_copy):
    path = data_copy / "definition.toml"
    text = path.read_text()
    path.write_text(text.replace('fr = "Servitude"', 'fr = "Servitude", xx = "?"', 1))
    with pytest.raises(
        LawDataError,
        match=r"definition.toml: purpose\[servitude\]\.label_i18n: unknown language 'xx'",
    ):
        load_law(data_copy)


def get_in(client, language, url):
    """A page in `language`, whether the locale middleware is on (it reads Accept-Language)
    or not (the override stays active through the request)."""
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_rights_list_speaks_french(client, frontline):
    client.force_login(frontline)
    page = get_in(client, "fr", "/law/rights/")
    assert "Droits et obligations" in page
    assert "Délai de rétablissement et de réflexion" in page
    assert "Aucun de ces droits ne dépend d’une coopération avec les autorités." in page


def test_a_right_and_the_definition_speak_arabic(client, frontline):
    client.force_login(frontline)
    right = get_in(client, "ar", "/law/rights/reflection_period/")
    definition = get_in(client, "ar", "/law/definition/")
    assert "فترة التعافي والتفكير" in right and "الأساس:" in right
    assert "تعريف الاتجار" in definition and "التجنيد" in definition


def test_plural_days_follow_the_language(client, frontline, db):
    from haven.law.actions import do_load_builtin_jurisdictions

    do_load_builtin_jurisdictions()
    client.force_login(frontline)
    page = get_in(client, "ru", "/law/jurisdictions/")
    assert "45 дней" in page and "30 дней" in page


def test_a_right_title_falls_back_to_english_in_a_language_without_translation():
    from haven.law.templatetags.law import right_title

    with translation.override("de"):
        assert right_title("reflection_period") == "Recovery and reflection period"
    with translation.override("es"):
        assert right_title("reflection_period") == "Período de restablecimiento y reflexión"


def test_the_person_copy_languages_page_shows_each_file_s_review_status(client, frontline):
    client.force_login(frontline)
    page = get_in(client, "es", "/law/person-copy-languages/")
    assert "Los idiomas de la copia de sus derechos que recibe la persona" in page
    assert '<span lang="ti" dir="ltr">ትግርኛ</span> (Tigrinya)' in page
    assert '<span lang="ar" dir="rtl">العربية</span>' in page
    # English too: its plain words have not had a plain-language editor's review yet.
    assert page.count("<strong>Aún no revisado</strong>") == len(plain_languages())
