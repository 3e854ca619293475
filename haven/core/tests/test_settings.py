"""Deployed settings: secure by default; a bad environment stops start-up with a clear error."""

import os
import subprocess
import sys

from django.conf import settings


def test_security_defaults_are_on():
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "haven.core.middleware.IdleTimeoutMiddleware" in settings.MIDDLEWARE
    assert "default-src 'self'" in settings.CONTENT_SECURITY_POLICY


def _start(env_changes: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env_changes}
    return subprocess.run(
        [sys.executable, "-m", "haven", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_bad_setting_stops_haven_and_names_the_variable():
    result = _start({"HAVEN_DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "HAVEN_DEBUG" in result.stderr


def test_a_bad_database_url_names_the_variable():
    result = _start({"HAVEN_DATABASE_URL": "nosuchdb://x"})
    assert result.returncode != 0
    assert "HAVEN_DATABASE_URL" in result.stderr


def test_without_a_secret_haven_refuses_to_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "HAVEN_SECRET_KEY"}
    env["HAVEN_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "haven", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "No secret key" in result.stderr
