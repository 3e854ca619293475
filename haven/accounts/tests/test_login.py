"""Signing in: audited, and rate-limited per username and per address."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.testing.fixtures import PASSWORD


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_correct_password_signs_in_and_is_audited(client, frontline):
    response = _login(client, "frontline", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert AuditEvent.objects.filter(action="login.succeeded", actor=frontline).exists()


def test_a_wrong_password_is_refused_and_audited_without_the_username(client, frontline):
    response = _login(client, "frontline", "wrong")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="login.failed")
    assert "frontline" not in str(event.details)


@override_settings(HAVEN_LOGIN_MAX_FAILURES=3)
def test_too_many_failures_lock_the_username_even_with_the_right_password(client, frontline):
    for _ in range(3):
        _login(client, "frontline", "wrong")
    response = _login(client, "frontline", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(HAVEN_LOGIN_MAX_FAILURES=3, HAVEN_LOGIN_WINDOW_SECONDS=60)
def test_the_lock_lifts_after_the_window(client, frontline, monkeypatch):
    for _ in range(3):
        _login(client, "frontline", "wrong")
    later = timezone.now() + timedelta(seconds=61)
    monkeypatch.setattr("haven.accounts.throttle.timezone.now", lambda: later)
    assert _login(client, "frontline", PASSWORD).status_code == 302


@override_settings(HAVEN_LOGIN_MAX_FAILURES_PER_ADDRESS=4)
def test_one_address_trying_many_usernames_is_locked(client, frontline):
    for name in ("a", "b", "c", "d"):
        _login(client, name, "wrong")
    assert _login(client, "frontline", PASSWORD).status_code == 429


def test_an_open_redirect_after_login_is_refused(client, frontline):
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "frontline", "password": PASSWORD},
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_logout_needs_a_post_and_is_audited(client, frontline):
    client.force_login(frontline)
    assert client.get("/accounts/logout/").status_code == 200
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="user.logged_out").exists()


def test_password_change_checks_the_old_password_and_is_audited(client, frontline):
    client.force_login(frontline)
    bad = client.post(
        "/accounts/password/", {"old_password": "nope", "new_password1": "x", "new_password2": "x"}
    )
    assert bad.status_code == 200
    new = "an entirely new passphrase 7"
    ok = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert ok.status_code == 302
    frontline.refresh_from_db()
    assert frontline.check_password(new)
    assert AuditEvent.objects.filter(action="user.password_changed").exists()
