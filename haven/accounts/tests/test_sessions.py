"""Sessions end after 30 idle minutes (activity keeps them going), and at an absolute
lifetime after sign-in however active they are."""

from datetime import timedelta

from django.utils import timezone

from haven.core.middleware import SIGNED_IN_AT
from haven.testing.fixtures import PASSWORD, verify_second_factor


def _at(monkeypatch, moment):
    monkeypatch.setattr("django.contrib.sessions.backends.db.timezone.now", lambda: moment)
    monkeypatch.setattr("django.contrib.sessions.backends.base.timezone.now", lambda: moment)


def test_activity_keeps_a_session_alive_and_thirty_idle_minutes_end_it(
    client, frontline, monkeypatch
):
    start = timezone.now()
    client.force_login(frontline)
    _at(monkeypatch, start + timedelta(minutes=29))
    assert client.get("/").status_code == 200
    _at(monkeypatch, start + timedelta(minutes=58))
    assert client.get("/").status_code == 200  # 58 minutes signed in, never 30 idle
    _at(monkeypatch, start + timedelta(minutes=89))
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_active_session_still_ends_at_its_absolute_lifetime(client, frontline, settings):
    # Reproduction: with activity every few minutes a session used to live for ever.
    settings.HAVEN_SESSION_ABSOLUTE_SECONDS = 3600
    client.post("/accounts/login/", {"username": "frontline", "password": PASSWORD})
    verify_second_factor(client, frontline)
    assert client.get("/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] -= 3601
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_signing_in_again_restarts_the_absolute_lifetime(client, frontline):
    client.post("/accounts/login/", {"username": "frontline", "password": PASSWORD})
    session = client.session
    session[SIGNED_IN_AT] = 0
    session.save()
    assert "/accounts/login/" in client.get("/")["Location"]  # expired: signed out
    client.post("/accounts/login/", {"username": "frontline", "password": PASSWORD})
    assert client.session[SIGNED_IN_AT] > 0


def _session_row(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key)


def test_a_page_within_a_minute_of_the_last_renewal_writes_no_session(
    client, frontline, monkeypatch
):
    # Reproduction: every page view was a write transaction (SESSION_SAVE_EVERY_REQUEST).
    start = timezone.now()
    _at(monkeypatch, start)
    client.force_login(frontline)
    assert client.get("/").status_code == 200
    written = _session_row(client).expire_date
    _at(monkeypatch, start + timedelta(seconds=50))
    assert client.get("/").status_code == 200
    assert _session_row(client).expire_date == written
    _at(monkeypatch, start + timedelta(seconds=70))
    assert client.get("/").status_code == 200
    assert _session_row(client).expire_date == written + timedelta(seconds=70)


def test_the_keepalive_renews_the_session_at_once_and_says_the_full_idle_time(
    client, frontline, monkeypatch
):
    start = timezone.now()
    _at(monkeypatch, start)
    client.force_login(frontline)
    client.get("/")
    _at(monkeypatch, start + timedelta(seconds=20))
    answer = client.post("/drafts/keepalive/").json()
    assert answer["expires_in"] == 30 * 60
    assert _session_row(client).expire_date == start + timedelta(seconds=20, minutes=30)
