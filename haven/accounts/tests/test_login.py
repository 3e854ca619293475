"""Signing in: audited, and rate-limited per username and per address."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from haven.accounts.models import LoginThrottle
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


@override_settings(HAVEN_LOGIN_MAX_FAILURES=3, HAVEN_LOGIN_BACKOFF_SECONDS=30)
def test_the_lock_lifts_after_the_back_off(client, frontline, monkeypatch):
    for _ in range(3):
        _login(client, "frontline", "wrong")
    later = timezone.now() + timedelta(seconds=31)
    monkeypatch.setattr("haven.accounts.actions.timezone.now", lambda: later)
    assert _login(client, "frontline", PASSWORD).status_code == 302


@override_settings(HAVEN_LOGIN_MAX_FAILURES=2, HAVEN_LOGIN_BACKOFF_SECONDS=10)
def test_the_back_off_doubles_with_each_further_failure(client, frontline, monkeypatch):
    now = timezone.now()
    monkeypatch.setattr("haven.accounts.actions.timezone.now", lambda: now)
    waits = []
    for _ in range(4):
        _login(client, "frontline", "wrong")
        row = LoginThrottle.objects.get(key__startswith="pair:")
        waits.append(round((row.locked_until - now).total_seconds()) if row.locked_until else 0)
        # The next attempt comes a second after it may (the lambda above reads `now`).
        now = (row.locked_until or now) + timedelta(seconds=1)
    assert waits == [0, 10, 20, 40]


@override_settings(HAVEN_LOGIN_MAX_FAILURES=3)
def test_an_attacker_elsewhere_does_not_lock_the_owner_out(client, frontline):
    # Reproduction: five wrong passwords used to lock any account for 15 minutes.
    for attempt in range(10):
        client.post(
            "/accounts/login/",
            {"username": "frontline", "password": "wrong"},
            REMOTE_ADDR=f"203.0.113.{attempt}",
        )
    response = client.post(
        "/accounts/login/", {"username": "frontline", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302


@override_settings(HAVEN_LOGIN_ACCOUNT_FAILURES=4, HAVEN_LOGIN_ACCOUNT_MAX_DELAY_SECONDS=60)
def test_a_spread_out_attack_on_one_account_is_slowed_with_a_low_cap(client, frontline):
    for attempt in range(12):
        client.post(
            "/accounts/login/",
            {"username": "frontline", "password": "wrong"},
            REMOTE_ADDR=f"198.51.100.{attempt}",
        )
    row = LoginThrottle.objects.get(key__startswith="account:")
    assert row.locked_until is not None
    assert (row.locked_until - timezone.now()).total_seconds() <= 60


def _page(response, username):
    text = response.content.decode().replace(username, "X")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_unknown_and_real_usernames_are_refused_alike(client, frontline):
    real = _page(_login(client, "frontline", "wrong"), "frontline")
    unknown = _page(_login(client, "nobody-at-all", "wrong"), "nobody-at-all")
    assert real == unknown


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
