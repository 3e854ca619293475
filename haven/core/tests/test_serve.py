"""`haven serve`: several worker processes, graceful restart on SIGHUP, clean stop on SIGTERM."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from haven.core.management.commands.serve import gunicorn_options
from haven.crypto.keys import new_keyring_json

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn is Linux")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.add(int(status.parent.name))
    return found


def _wait_healthy(url: str, deadline: float = 30) -> None:
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def _wait_for(condition, deadline: float = 30) -> None:
    stop = time.monotonic() + deadline
    while time.monotonic() < stop and not condition():
        time.sleep(0.2)
    assert condition()


@pytest.fixture
def server(tmp_path):
    (tmp_path / "keys.json").write_text(new_keyring_json(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env |= {"HAVEN_DATA_DIR": str(tmp_path), "HAVEN_SECRET_KEY": "serve-test-only-secret"}
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "haven", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process, f"http://127.0.0.1:{port}/health/"
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def test_serve_runs_the_workers_asked_for_and_restarts_them_gracefully(server):
    process, url = server
    _wait_healthy(url)
    _wait_for(lambda: len(_children(process.pid)) == 2)
    before = _children(process.pid)
    process.send_signal(signal.SIGHUP)
    _wait_for(lambda: len(_children(process.pid) - before) == 2)
    _wait_healthy(url)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=40) == 0


def test_workers_are_threaded_and_import_haven_themselves():
    options = gunicorn_options(host="127.0.0.1", port=8000, workers=3, threads=4)
    assert options["bind"] == "127.0.0.1:8000"
    assert (options["workers"], options["threads"], options["worker_class"]) == (3, 4, "gthread")
    assert options["preload_app"] is False


def test_the_documented_production_settings_pass_the_deploy_check(tmp_path):
    """docs/deploy.md lists these; `haven check --deploy` must then report nothing."""
    (tmp_path / "keys.json").write_text(new_keyring_json(), encoding="utf-8")
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HAVEN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env |= {
        "HAVEN_DATA_DIR": str(tmp_path),
        "HAVEN_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "HAVEN_ALLOWED_HOSTS": "haven.example.org",
        "HAVEN_BEHIND_TLS_PROXY": "true",
        "HAVEN_SSL_REDIRECT": "true",
        "HAVEN_HSTS_PRELOAD": "true",
    }
    check = subprocess.run(
        [sys.executable, "-m", "haven", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
