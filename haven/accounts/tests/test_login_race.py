"""The sign-in throttle under concurrency. Reproduction: 30 parallel attempts got 8 password
checks against a limit of 5. Each attempt is now counted, under a row lock, before its password
is checked."""

import threading

import pytest
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)
ATTEMPTS = 30


def _requires_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race needs a server database: run with HAVEN_DATABASE_URL=postgres://…")


def test_thirty_parallel_attempts_check_no_more_passwords_than_the_limit(
    frontline, monkeypatch, settings
):
    _requires_postgresql()
    checks, lock = [], threading.Lock()
    original = ModelBackend.authenticate

    def counted(self, request, username=None, password=None, **kwargs):
        with lock:
            checks.append(username)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counted)
    barrier, statuses = threading.Barrier(ATTEMPTS), []

    def attempt() -> None:
        barrier.wait()
        try:
            response = Client().post(
                "/accounts/login/", {"username": "frontline", "password": "wrong"}
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == ATTEMPTS
    assert len(checks) == settings.HAVEN_LOGIN_MAX_FAILURES
    assert sorted(set(statuses)) == [200, 429]
