import pytest


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_for_signed_in_users_are_never_cached(client, frontline):
    client.force_login(frontline)
    assert client.get("/")["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_health_check_answers_without_signing_in(client):
    assert client.get("/health/").json() == {"status": "ok"}
