"""Two real `haven serve` instances on one PostgreSQL database, each with its own index
directory (issue 17, item 4): after an ingest, a re-ingest and a removal through instance A,
instance B's search page lists the same paragraphs in the same order; a process of B killed
with SIGKILL while applying leaves an index that catches up when B starts again."""

# ruff: noqa: S310  (the URLs are the test's own loopback servers)
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from haven.accounts.roles import Role
from haven.core.middleware import SIGNED_IN_AT
from haven.corpus.tests.conftest import FIXTURES
from haven.crypto.keys import new_keyring_json
from haven.testing.fixtures import make_user

pytestmark = pytest.mark.django_db(transaction=True)
# A hit links to the reader page holding the paragraph: /corpus/documents/ID/?at=para-N#para-N.
HIT = re.compile(r'<li><a href="/corpus/documents/(\d+)/\?at=[^"#]*#([^"]+)">')
# A process of instance B that dies (SIGKILL, as `kill -9`) half-way through applying a change.
DIES_WHILE_APPLYING = """
import os, signal, django
django.setup()
from haven.corpus import index_outbox, search
entries = search._entries
def dying(document):
    for n, entry in enumerate(entries(document)):
        if n == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        yield entry
search._entries = dying
index_outbox.catch_up()
"""


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "two servers need a database both can reach while the test runs: run with "
            "HAVEN_DATABASE_URL=postgres://… (SQLite's test database lives in memory)"
        )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """Keys and collected static files, shared by both instances (as a deployment shares keys)."""
    directory = tmp_path_factory.mktemp("data")
    (directory / "keys.json").write_text(new_keyring_json(), encoding="utf-8")
    env = {**os.environ, "HAVEN_DATA_DIR": str(directory), "HAVEN_SECRET_KEY": "x"}
    _haven(env, "collectstatic", "--noinput", "-v0")
    return directory


def _env(index: Path, data: Path) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "haven.settings",
        "HAVEN_DATABASE_URL": url,
        "HAVEN_SECRET_KEY": settings.SECRET_KEY,
        "HAVEN_CORPUS_INDEX_DIR": str(index),
        "HAVEN_DATA_DIR": str(data),
        "HAVEN_CORPUS_CATCH_UP_MS": "0",  # look before every search: no waiting in the test
    }


def _haven(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "haven", *args], check=False, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class Instance:
    def __init__(self, index: Path, data: Path, session: str) -> None:
        self.env, self.session, self.log = _env(index, data), session, index.with_suffix(".log")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> "Instance":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, "-m", "haven", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--workers", "2", "--threads", "2"],
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url("/health/"), timeout=2)
                return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, query: str) -> list[tuple[int, str]]:
        request = urllib.request.Request(self.url(f"/corpus/search/?q={query}"))
        request.add_header("Cookie", f"{settings.SESSION_COOKIE_NAME}={self.session}")
        response = urllib.request.urlopen(request, timeout=30)
        assert response.geturl() == self.url(f"/corpus/search/?q={query}")  # signed in
        page = response.read().decode()
        return [(int(doc), anchor) for doc, anchor in HIT.findall(page)]

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture
def instances(tmp_path, data_dir, on_postgresql):
    reader = make_user(None, Role.FRONTLINE_WORKER, username="reader")
    client = Client()
    client.force_login(reader)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time())
    session.save()
    started = [Instance(tmp_path / name, data_dir, session.session_key) for name in ("a", "b")]
    yield started
    for instance in started:
        instance.stop()


def test_two_servers_answer_the_same_search_after_an_ingest_a_re_ingest_and_a_removal(
    instances,
):
    a, b = (instance.start() for instance in instances)
    assert a.hits("States") == b.hits("States") == []
    _haven(a.env, "ingest", str(FIXTURES / "page_break_footnotes.txt"), "--symbol", "Z/1/1")
    _haven(a.env, "ingest", str(FIXTURES / "reference_table.txt"))
    first = a.hits("States")
    assert len(first) >= 3 and b.hits("States") == first
    replaced = _haven(
        a.env, "ingest", str(FIXTURES / "speeches.txt"), "--symbol", "Z/1/1", "--json"
    )
    again = a.hits("States")
    assert again != first and b.hits("States") == again
    assert b.hits("victims") == a.hits("victims")
    _haven(a.env, "ingest", "--remove", "Z/1/1")
    removed = a.hits("States")
    assert b.hits("States") == removed
    assert json.loads(replaced)["id"] not in {doc for doc, _ in removed}


def test_an_instance_killed_while_applying_catches_up_when_it_starts_again(instances):
    a, b = instances
    a.start()
    _haven(b.env, "search", "--catch-up")  # B is in step with the empty corpus
    _haven(a.env, "ingest", str(FIXTURES / "page_break_footnotes.txt"), "--symbol", "Z/1/1")
    dying = subprocess.run([sys.executable, "-c", DIES_WHILE_APPLYING], check=False, env=b.env)
    assert dying.returncode == -signal.SIGKILL
    state = Path(b.env["HAVEN_CORPUS_INDEX_DIR"]) / "v2" / "outbox-applied.json"
    assert '"seq": 0' in state.read_text()  # nothing recorded as applied
    b.start()
    assert b.hits("States") == a.hits("States") != []
    assert "in step" in _haven(b.env, "search", "--check")
