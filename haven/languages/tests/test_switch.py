"""The language switch in every page's header: anyone may choose; the cookie remembers it for
everyone, the database for a signed-in user, whose choice returns at their next sign-in."""

import pytest
from django.conf import settings

from haven.audit.models import AuditEvent
from haven.languages.models import LanguagePreference
from haven.testing.fixtures import PASSWORD

COOKIE = settings.LANGUAGE_COOKIE_NAME


def _switch(client, language, next_url="/accounts/login/"):
    return client.post("/languages/set/", {"language": language, "next": next_url})


@pytest.mark.django_db
def test_a_visitor_signed_out_chooses_french_and_the_cookie_keeps_it():
    from django.test import Client

    client = Client()
    response = _switch(client, "fr")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert response.cookies[COOKIE].value == "fr"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert LanguagePreference.objects.count() == 0


@pytest.mark.django_db
def test_arabic_pages_are_right_to_left(client):
    _switch(client, "ar")
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_the_switch_lists_the_six_languages_by_their_own_names(client, db):
    page = client.get("/accounts/login/").content.decode()
    for name in ("العربية", "中文", "English", "Français", "Русский", "Español"):
        assert f">{name}</button>" in page
    assert 'value="en" lang="en" class="link" aria-current="true"' in page


def test_a_signed_in_users_choice_is_stored_and_audited(client, frontline):
    client.force_login(frontline)
    response = _switch(client, "es", "/")
    assert response["Location"] == "/"
    assert LanguagePreference.objects.get(user=frontline).language == "es"
    event = AuditEvent.objects.get(action="language.preference_set")
    assert event.actor == frontline and event.details == {"language": "es"}
    assert '<html lang="es"' in client.get("/").content.decode()


def test_the_stored_choice_returns_at_sign_in_on_a_new_browser(client, frontline):
    from django.test import Client

    client.force_login(frontline)
    _switch(client, "ru", "/")
    fresh = Client()  # another device: no cookie, no session
    response = fresh.post("/accounts/login/", {"username": "frontline", "password": PASSWORD})
    assert response.cookies[COOKIE].value == "ru"
    second_factor = fresh.get(response["Location"], follow=True).content.decode()
    assert '<html lang="ru"' in second_factor


def test_the_users_choice_wins_over_the_browsers_accept_language(client, frontline):
    client.force_login(frontline)
    _switch(client, "zh-hans", "/")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="zh-hans"' in page


def test_an_unknown_language_is_refused_and_nothing_is_stored(client, frontline):
    client.force_login(frontline)
    response = _switch(client, "xx")
    assert response.status_code == 400
    assert "xx is not an interface language" in response.content.decode()
    assert not LanguagePreference.objects.exists()
    assert not AuditEvent.objects.filter(action="language.preference_set").exists()


def test_the_switch_does_not_redirect_to_another_site(client, db):
    response = _switch(client, "fr", "https://evil.example/")
    assert response["Location"] == "/"


def test_the_switch_takes_only_post(client, db):
    assert client.get("/languages/set/?language=fr").status_code == 405


def test_the_switch_languages_are_the_data_file_languages_and_english():
    from haven.core.i18n import TRANSLATED_LANGUAGES

    assert {code for code, _name in settings.LANGUAGES} == {*TRANSLATED_LANGUAGES, "en"}
    assert settings.LANGUAGE_CODE == "en"


def test_the_switch_returns_to_the_page_without_echoing_its_query(client, frontline):
    client.force_login(frontline)
    page = client.get("/cases/search/?first_name=Zainab").content.decode()
    assert 'name="next" value="/cases/search/"' in page
    assert "Zainab" not in page
