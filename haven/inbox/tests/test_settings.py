import os
import subprocess
import sys

from django.conf import settings


def test_notifications_link_to_an_http_address_and_every_page_gets_the_counts():
    assert settings.HAVEN_EMAIL_SITE_URL.startswith(("http://", "https://"))
    assert "haven.inbox.context_processors.waiting" in str(settings.TEMPLATES)


def test_a_site_address_that_is_not_http_stops_haven_and_names_the_variable():
    result = subprocess.run(
        [sys.executable, "-m", "haven", "check"],
        env={**os.environ, "HAVEN_EMAIL_SITE_URL": "haven.example.org"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "HAVEN_EMAIL_SITE_URL" in result.stderr
