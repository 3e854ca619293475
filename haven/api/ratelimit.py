"""Each client's rate, counted where every worker process sees the same number (docs/api.md):
in Redis when HAVEN_REDIS_URL is set (HAVEN_API_RATE_STORE=redis), otherwise in the database.
A count per process (Django's local-memory cache) would let N gunicorn workers allow N times
the rate; Django's database cache would not do either, since its `incr` reads and then writes,
so two workers racing both write n + 1."""

import functools

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from haven.api.models import ApiClient, RateWindow

WINDOW_SECONDS = 60


def current_window() -> int:
    return int(timezone.now().timestamp()) // WINDOW_SECONDS


def hit(client: ApiClient, window: int | None = None) -> int:
    """Count one call of the client in this minute; the calls counted so far, this one included."""
    window = current_window() if window is None else window
    if settings.HAVEN_API_RATE_STORE == "redis":
        return redis_hit(f"haven:api:rate:{client.token_prefix}:{window}")
    return database_hit(client.pk, window)


@functools.cache
def _redis(url: str):  # type: ignore[no-untyped-def]  # redis-py ships no types for from_url
    import redis

    return redis.Redis.from_url(url)


def redis_hit(key: str) -> int:
    """INCR is atomic in Redis; the key outlives its minute by one, then expires."""
    pipe = _redis(settings.HAVEN_REDIS_URL).pipeline()
    pipe.incr(key)
    pipe.expire(key, WINDOW_SECONDS * 2)
    calls, _ = pipe.execute()
    return int(calls)


def database_hit(client_id: int, window: int) -> int:
    """One atomic UPDATE, read back in its own transaction (the row stays locked until then, so
    no two calls read the same number); the minute's first call makes the row and drops the
    client's older ones."""
    rows = RateWindow.objects.filter(client_id=client_id, window=window)
    with transaction.atomic():
        if rows.update(calls=F("calls") + 1):
            return rows.values_list("calls", flat=True).get()
    try:
        with transaction.atomic():
            RateWindow.objects.create(client_id=client_id, window=window, calls=1)
    except IntegrityError:  # another worker made it first: count on it
        return database_hit(client_id, window)
    RateWindow.objects.filter(client_id=client_id, window__lt=window).delete()
    return 1
