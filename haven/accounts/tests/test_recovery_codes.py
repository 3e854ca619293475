"""Recovery codes are stored as keyed hashes, shown once, work once, and their use is
audited (issue 16); the clear tokens django-otp's static device held are migrated."""

import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from haven.accounts.models import RecoveryCode, RecoveryCodeDevice
from haven.accounts.recovery_codes import digest, normalise
from haven.accounts.second_factor import new_recovery_codes
from haven.audit.models import AuditEvent
from haven.testing.fixtures import PASSWORD, totp_device

migration = importlib.import_module("haven.accounts.migrations.0006_hash_static_tokens")


def _password_only(client, user):
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    return client


def test_no_code_is_stored_in_clear(frontline):
    codes = new_recovery_codes(frontline)
    stored = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(stored) == 10 and not {normalise(c) for c in codes} & set(stored)
    assert {digest(c) for c in codes} == set(stored)
    assert not StaticToken.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest FROM accounts_recoverycode")
        dumped = " ".join(row[0] for row in cursor.fetchall())
    assert not any(normalise(c) in dumped for c in codes)


def test_codes_are_80_random_bits_in_four_groups(frontline):
    codes = new_recovery_codes(frontline)
    assert all(len(c) == 19 and c.count("-") == 3 for c in codes)
    assert len(set(codes)) == 10


def test_a_code_typed_in_capitals_or_without_hyphens_still_works(client, frontline):
    totp_device(frontline)
    [code, *_] = new_recovery_codes(frontline)
    _password_only(client, frontline)
    typed = code.replace("-", " ").upper()
    assert client.post("/accounts/second-factor/", {"code": typed})["Location"] == "/"


def test_using_a_code_spends_it_and_is_audited_with_what_is_left(client, frontline):
    totp_device(frontline)
    [code, *_] = new_recovery_codes(frontline)
    _password_only(client, frontline)
    client.post("/accounts/second-factor/", {"code": code})
    event = AuditEvent.objects.get(action="mfa.verified")
    assert event.details == {"method": "recovery_code", "recovery_codes_left": 9}
    assert RecoveryCode.objects.get(digest=digest(code)).used_at is not None


def test_a_rotated_secret_key_keeps_old_codes_working(settings, frontline):
    [code, *_] = new_recovery_codes(frontline)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a new secret key for this installation, long enough"
    assert RecoveryCodeDevice.objects.get(user=frontline).verify_token(code)


def test_an_overlong_or_non_text_token_is_refused_unhashed(frontline):
    new_recovery_codes(frontline)
    device = RecoveryCodeDevice.objects.get(user=frontline)
    assert not device.verify_token("a" * 10_000)
    device.throttling_failure_timestamp = None
    assert not device.verify_token(None)


@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_with_one_code_cannot_both_pass(frontline):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL (HAVEN_DATABASE_URL)")
    [code, *_] = new_recovery_codes(frontline)
    results = []

    def use() -> None:
        results.append(RecoveryCodeDevice.objects.get(user=frontline).verify_token(code))
        connection.close()

    threads = [threading.Thread(target=use) for _ in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert results.count(True) == 1


def test_the_migration_hashes_clear_static_tokens_and_deletes_them(frontline):
    old = StaticDevice.objects.create(user=frontline, name="recovery codes", confirmed=True)
    StaticToken.objects.create(device=old, token="abcdefgh")
    StaticToken.objects.create(device=old, token="ijklmnop")
    migration.hash_static_tokens(apps, None)
    assert not StaticDevice.objects.exists() and not StaticToken.objects.exists()
    device = RecoveryCodeDevice.objects.get(user=frontline)
    assert device.codes.count() == 2
    assert device.verify_token("abcdefgh")
    device.throttling_failure_timestamp = None
    assert not device.verify_token("abcdefgh")  # used once, as before
