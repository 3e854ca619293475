"""The rate is one count per client and minute that every worker process shares: in the
database by default, in Redis when HAVEN_REDIS_URL is set. Two processes counting at once see
one sequence 1, 2, 3 … between them, never the same number twice, so N gunicorn workers allow
the rate once, not N times."""

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from haven.api import ratelimit
from haven.api.models import ApiClient, RateWindow

from .conftest import bearer, issue_token

CALLS_EACH = 25
# A worker process of its own: configures Django from the environment and counts.
CHILD = """
import sys, django
django.setup()
from haven.api import ratelimit
store, key, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
for _ in range(calls):
    if store == "redis":
        print(ratelimit.redis_hit(key))
    else:
        print(ratelimit.database_hit(int(key), 1))
"""


def two_processes(store: str, key: str, env: dict[str, str]) -> list[int]:
    """Start two counting processes at once; every count either of them saw."""
    command = [sys.executable, "-c", CHILD, store, key, str(CALLS_EACH)]
    children = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in "ab"]
    outputs = [child.communicate(timeout=120)[0] for child in children]
    assert all(child.returncode == 0 for child in children)
    return [int(line) for out in outputs for line in out.split()]


def child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "haven.settings", **extra}


def redis_reachable(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 1).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db
def test_two_api_clients_share_one_count_kept_in_the_database(client, org_admin, frontline):
    """Two separate HTTP clients (as two workers would serve them) with the same token."""
    registered, token = issue_token(org_admin, frontline, ["law:read"])
    ApiClient.objects.filter(pk=registered.pk).update(rate_per_minute=3)
    other = type(client)()
    statuses = [
        c.get("/api/v1/law/jurisdictions", **bearer(token)).status_code
        for c in (client, other, client, other)
    ]
    assert statuses == [200, 200, 200, 429]
    assert RateWindow.objects.get(client=registered).calls == 4


@pytest.mark.django_db
def test_a_new_minute_starts_a_new_count_and_drops_the_old(org_admin, frontline):
    registered, _ = issue_token(org_admin, frontline, ["law:read"])
    assert [ratelimit.hit(registered, window=7) for _ in "ab"] == [1, 2]
    assert ratelimit.hit(registered, window=8) == 1
    assert list(RateWindow.objects.values_list("window", flat=True)) == [8]


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_count_in_the_database(org_admin, frontline):
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database lives in this process's memory only")
    registered, _ = issue_token(org_admin, frontline, ["law:read"])
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    seen = two_processes("database", str(registered.pk), child_env(HAVEN_DATABASE_URL=url))
    assert sorted(seen) == list(range(1, 2 * CALLS_EACH + 1))


def test_two_processes_share_one_count_in_redis(settings):
    if not redis_reachable(settings.HAVEN_REDIS_URL):
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Redis at {settings.HAVEN_REDIS_URL}")
        pytest.skip(f"no Redis at {settings.HAVEN_REDIS_URL}")
    key = f"haven:test:rate:{uuid.uuid4().hex}"
    seen = two_processes("redis", key, child_env(HAVEN_REDIS_URL=settings.HAVEN_REDIS_URL))
    assert sorted(seen) == list(range(1, 2 * CALLS_EACH + 1))


@pytest.mark.django_db
def test_with_redis_set_the_api_counts_there(client, org_admin, frontline, settings):
    if not redis_reachable(settings.HAVEN_REDIS_URL):
        pytest.skip(f"no Redis at {settings.HAVEN_REDIS_URL}")
    settings.HAVEN_API_RATE_STORE = "redis"
    registered, token = issue_token(org_admin, frontline, ["law:read"])
    ApiClient.objects.filter(pk=registered.pk).update(rate_per_minute=1)
    statuses = [client.get("/api/v1/law/jurisdictions", **bearer(token)).status_code for _ in "ab"]
    assert statuses == [200, 429] and not RateWindow.objects.exists()
