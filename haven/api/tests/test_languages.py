"""The API's pages (connected systems, webhooks, field drafts) in the interface languages; the
JSON API and its OpenAPI document do not change with the language."""

import pytest
from django.utils import translation

from haven.api.tests.conftest import issue_token

pytestmark = pytest.mark.django_db


def _get(client, url, language):
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def test_the_connected_systems_page_in_french(client, org_admin, frontline):
    issue_token(org_admin, frontline, ["law:read"])
    client.force_login(org_admin)
    page = _get(client, "/integrations/clients/", "fr").content.decode()
    assert "Systèmes connectés" in page and "Enregistrer un système" in page
    assert "Nom du système" in page and "en service" in page and "Révoquer" in page


def test_the_webhooks_page_in_arabic(client, org_admin):
    client.force_login(org_admin)
    page = _get(client, "/integrations/webhooks/", "ar").content.decode()
    assert "عمليات التسليم الأخيرة" in page and "لم يُرسل شيء بعد." in page
    assert "X-Haven-Signature" in page  # the header's name is a contract, never translated


def test_a_refusal_from_an_action_is_shown_in_the_page_s_language(client, org_admin, frontline):
    client.force_login(org_admin)
    form = {"name": "Hotline", "acting_user": frontline.pk, "scopes": ["law:read"], "days": 30}
    client.post("/integrations/clients/register/", form)
    with translation.override("es"):
        page = client.post("/integrations/clients/register/", form, HTTP_ACCEPT_LANGUAGE="es")
    assert "Su organización ya tiene un cliente llamado Hotline." in page.content.decode()


def test_the_json_api_and_its_schema_do_not_change_with_the_language(
    client, org_admin, frontline, jurisdictions
):
    token = issue_token(org_admin, frontline, ["law:read"])[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for url in ("/api/v1/law/rights", "/api/v1/openapi.json"):
        english = client.get(url, **auth).content
        for language in ("fr", "ar", "zh-hans"):
            assert _get_with(client, url, language, auth).content == english, (url, language)


def _get_with(client, url, language, headers):
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language, **headers)
