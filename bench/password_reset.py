"""Password-reset timing: does the response time tell a known address from an unknown one?

    .venv/bin/python bench/password_reset.py [--requests 200] [--mail-delay-ms 200]

Uses a throwaway data directory (SQLite, or HAVEN_DATABASE_URL). Posts the reset form through the
Django test client for an address that belongs to an account and for one that does not, in
alternation, with a mail back-end that takes --mail-delay-ms per message (as a slow SMTP server
would). Prints the median and 95th percentile of each, and the ratio known / unknown: the
unknown address is the raw baseline. It asserts nothing (timings vary by machine).
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, setup  # noqa: E402


class SlowBackend:
    """A mail back-end that waits as an SMTP round trip would, then drops the message."""

    delay = 0.2

    def __init__(self, **_kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[object]) -> int:
        time.sleep(self.delay)
        return len(messages)


def time_requests(count: int) -> dict[str, list[float]]:
    from django.test import Client

    from haven.accounts import password_reset

    client = Client()
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for i in range(count):
        for kind, email in (("known", "known@bench.example"), ("unknown", f"x{i}@bench.example")):
            started = time.perf_counter()
            response = client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=None)
            timings[kind].append(time.perf_counter() - started)
            assert response.status_code == 302, response.status_code
    password_reset.wait_for_deliveries(timeout=60)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--mail-delay-ms", type=int, default=200)
    options = parser.parse_args()
    os.environ["HAVEN_PASSWORD_RESET_MAX_PER_EMAIL"] = str(10 * options.requests)
    setup()
    from django.conf import settings

    from haven.accounts.models import User

    SlowBackend.delay = options.mail_delay_ms / 1000
    settings.EMAIL_BACKEND = "__main__.SlowBackend"
    settings.ALLOWED_HOSTS = ["testserver"]
    known = User.objects.create_user(username="known", email="known@bench.example")
    known.set_password(secrets.token_urlsafe(16))
    known.save()
    timings = time_requests(options.requests)
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    for kind, values in timings.items():
        print(
            f"{kind:8} address: median {medians[kind] * 1000:7.2f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:7.2f} ms ({len(values)} requests)"
        )
    print(f"ratio known / unknown (median): {medians['known'] / medians['unknown']:.2f}")
    print(f"mail back-end delay per message: {options.mail_delay_ms} ms (after the response)")


if __name__ == "__main__":
    main()
