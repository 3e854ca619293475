"""Honest status: each language's page says whether a fluent reviewer has checked it, from the
catalogs' own headers; the notice in the header appears where they have not."""

import pytest
from django.utils import translation

from haven.languages import catalogs

HEADER = """# comment
msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"X-Haven-Translated-By: LLM draft (Claude), 2026-12-02\\n"
"X-Haven-Reviewed-By: {reviewer}\\n"

msgid "Yes"
msgstr "{yes}"

msgid "No"
msgstr "Non"
"""


def _catalog(root, app, folder, reviewer="", yes="Oui"):
    path = root / app / "locale" / folder / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER.format(reviewer=reviewer, yes=yes), encoding="utf-8")
    return path


def test_the_header_reader_finds_the_haven_fields(tmp_path):
    header = catalogs.read_header(_catalog(tmp_path, "cases", "fr", reviewer="A. Martin"))
    assert header["X-Haven-Reviewed-By"] == "A. Martin"
    assert header["X-Haven-Translated-By"] == "LLM draft (Claude), 2026-12-02"
    assert header["Language"] == "fr"


def test_a_language_is_reviewed_only_when_every_catalog_names_a_reviewer(tmp_path):
    _catalog(tmp_path, "cases", "fr", reviewer="A. Martin")
    _catalog(tmp_path, "law", "fr", yes="")
    _catalog(tmp_path, "law", "es", reviewer="B. Ruiz")
    statuses = {s.code: s for s in catalogs.language_statuses(tmp_path)}
    assert not statuses["fr"].reviewed and statuses["fr"].reviewed_by == ["A. Martin"]
    assert statuses["fr"].translated == 3 and statuses["fr"].total == 4
    assert statuses["fr"].percent == 75
    # Spanish has no cases catalog: none of it counts as done, nor as reviewed.
    assert statuses["es"].percent == 50 and not statuses["es"].reviewed
    _catalog(tmp_path, "cases", "es", reviewer="B. Ruiz")
    assert catalogs.reviewed("es", tmp_path) and not catalogs.reviewed("fr", tmp_path)
    assert not statuses["ar"].reviewed and statuses["ar"].percent == 0
    assert statuses["en"].reviewed and statuses["en"].percent == 100


def test_the_shipped_drafts_are_shown_as_not_yet_reviewed(client, db):
    catalogs.is_reviewed.cache_clear()
    with translation.override("fr"):
        page = client.get("/languages/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Langues de l’interface" in page
    assert "Pas encore relu" in page
    assert "LLM draft (Claude), 2026-12-02" in page
    assert "Traduction pas encore relue." in page  # the notice in the header


def test_the_arabic_status_page_is_translated(client, db):
    client.cookies["django_language"] = "ar"
    page = client.get("/languages/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page and "لغات الواجهة" in page
    assert "لم تُراجَع الترجمة بعد." in page


@pytest.mark.parametrize("language", ["en"])
def test_english_is_the_source_and_shows_no_notice(client, db, language):
    page = client.get("/languages/").content.decode()
    assert "Translation not yet reviewed" not in page
    assert "Source language" in page
