"""Sessions end after 30 idle minutes; activity keeps them going."""

from datetime import timedelta

from django.utils import timezone


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
