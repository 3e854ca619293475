"""The grievance rate limits under concurrency. Reproduction (before): the view counted the
address's attempts, then the action inserted one, in separate transactions, so requests from
one address arriving together all saw the same count and all passed. Now the check and the
insert share the action's transaction, serialised per address (throttle.hold)."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from haven.business import actions, throttle
from haven.business.models import ChannelAttempt, Grievance

pytestmark = pytest.mark.django_db(transaction=True)
REQUESTS = 10
LIMIT = 3
FORM = {"category": "wages", "description": "Boss keeps our passports", "lang": "fr"}


def _requires_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "the race needs a server database (SQLite's IMMEDIATE transactions already "
            "serialise writers): run with HAVEN_DATABASE_URL=postgres://…"
        )


@pytest.fixture
def slow_count(monkeypatch):
    """Widen the window between the count and the insert, so an unserialised check loses."""
    original = throttle.is_limited

    def counted_slowly(*args, **kwargs):
        answer = original(*args, **kwargs)
        time.sleep(0.05)
        return answer

    monkeypatch.setattr(throttle, "is_limited", counted_slowly)


def _together(path: str, form: dict[str, str]) -> list[tuple[int, str]]:
    """POST the same form from one address in REQUESTS threads released at once."""
    barrier, lock, answers = threading.Barrier(REQUESTS), threading.Lock(), []

    def post() -> None:
        barrier.wait()
        try:
            response = Client(REMOTE_ADDR="203.0.113.7").post(path, form)
            with lock:
                answers.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == REQUESTS
    return answers


def test_filings_arriving_together_from_one_address_admit_exactly_the_limit(
    channel, settings, slow_count
):
    _requires_postgresql()
    settings.HAVEN_GRIEVANCE_LIMITS = {"file": LIMIT}
    answers = _together("/business/report/harvest/", FORM)
    assert sorted(status for status, _ in answers) == [200] * LIMIT + [429] * (REQUESTS - LIMIT)
    assert Grievance.objects.count() == LIMIT
    assert ChannelAttempt.objects.filter(kind="file").count() == LIMIT
    refused = [page for status, page in answers if status == 429]
    assert all("Trop d&#x27;essais" in page for page in refused)  # the worker's language


def test_wrong_codes_guessed_together_from_one_address_are_compared_only_up_to_the_limit(
    channel, settings, slow_count
):
    _requires_postgresql()
    settings.HAVEN_GRIEVANCE_LIMITS = {"lookup": LIMIT}
    answers = _together("/business/follow/", {"code": "0000-0000-0000-0000", "lang": "fr"})
    compared = [page for _, page in answers if "Aucun signalement ne correspond" in page]
    refused = [page for _, page in answers if "Trop d&#x27;essais" in page]
    assert len(compared) == LIMIT and len(refused) == REQUESTS - LIMIT
    assert ChannelAttempt.objects.filter(kind="lookup").count() == LIMIT


def test_the_filing_action_itself_refuses_an_address_at_its_limit(channel, settings):
    """Whoever calls it (not only the page, which also answers early): nothing is written."""
    settings.HAVEN_GRIEVANCE_LIMITS = {"file": 1}
    filing = {"channel": channel, "category": "wages", "description": "x", "address": "10.9.9.9"}
    actions.do_file_grievance(**filing)
    with pytest.raises(throttle.TooManyAttempts):
        actions.do_file_grievance(**filing)
    assert Grievance.objects.count() == 1 and ChannelAttempt.objects.count() == 1
    actions.do_file_grievance(**{**filing, "address": "10.9.9.10"})  # another address files


def test_the_lock_is_taken_only_inside_a_transaction(channel):
    with pytest.raises(RuntimeError, match="needs a transaction"):
        throttle.hold("file", "10.9.9.9")
