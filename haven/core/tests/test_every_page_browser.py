"""Every page of the URLconf in Debian's chromium at 375 px, visited by a persona allowed to see
it: nothing scrolls sideways (wide tables scroll inside their own container), every
aria-describedby / aria-labelledby / label `for` names an element that exists, and axe-core
finds no serious or critical violation.

The pages come from the URL patterns themselves, so a new page is checked without anyone adding
it here; the objects they show come from one seed (haven.testing.pages_seed), made once for the
module and served by one live server. A route whose answer is not an HTML page (an API for
machines, a download, a JSON endpoint for the page's scripts, a POST-only action) is skipped
with that reason.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from haven.cases.models import Case
from haven.core.permissions import PUBLIC, declared_permission
from haven.testing import pages_seed
from haven.testing.layout import axe_violations, broken_references, page_overflow

# Each page's own writes (audit events, sessions) roll back after it; the seed stays.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PHONE = {"width": 375, "height": 740}
FAST_HASH = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MACHINE_ONLY = "api_token"  # the REST and OpenRosa APIs: JSON and XML for other systems
# Routes that answer a GET with something other than a page even for a persona allowed to use
# them, and so never reach the content-type check below.
NOT_PAGES = {
    "drafts:load": "JSON for the draft-keeping script (it asks with the form's key)",
    "jobs:output": "the finished job's file: a download",
}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}", prefix + str(entry.pattern), entry


def _routes() -> list[tuple[str, list[str], str]]:
    return [
        (name, list(pattern.pattern.converters), declared_permission(pattern.callback) or "")
        for name, _route, pattern in _walk(get_resolver().url_patterns)
        if not name.startswith("admin:")  # Django's own admin, restyled by no one here
    ]


ROUTES = _routes()


@pytest.fixture(scope="module")
def site(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[Any, str]]:
    """The seed, made once, and a live server for the module (pytest-django's own would empty
    the database after every page)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASH):
        seeded = pages_seed.seed()
        server = LiveServer("localhost:0")
        server._live_server_modified_settings.enable()
        try:
            yield seeded, server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


def _client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # with the second factor (haven.testing.fixtures)
        session = client.session
        for pk in Case.objects.values_list("pk", flat=True):
            session[f"purpose:case:{pk}"] = "supervision"  # reading a case asks why
        session.save()
    return client


def _candidates(seeded: Any, permission: str) -> list[Any]:
    personas = list(seeded.personas.values())
    return [None, *personas] if permission == PUBLIC else personas


def _allowed_visitor(seeded: Any, url: str, permission: str) -> tuple[Client, Any]:
    """The first persona the page answers with HTML; skips a page that is not one."""
    answers = {}
    for user in _candidates(seeded, permission):
        client = _client_for(user)
        response = client.get(url)
        answers[getattr(user, "username", "anonymous")] = response.status_code
        if response.status_code == 405:
            pytest.skip("POST-only action: its form is checked on the page that holds it")
        if response.status_code == 302 and "/login/" not in response["Location"]:
            return client, user  # the page sends this persona on (their own organisation)
        if response.status_code == 200:
            kind = response.get("Content-Type", "")
            if not kind.startswith("text/html"):
                pytest.skip(f"not an HTML page ({kind.split(';')[0]})")
            return client, user
    raise AssertionError(f"no persona of the seed may see {url}: {answers}")


@pytest.mark.parametrize(
    ("name", "arguments", "permission"), ROUTES, ids=[name for name, _, _ in ROUTES]
)
def test_the_page_fits_a_phone_and_passes_the_accessibility_checks(
    browser, site, name, arguments, permission
):
    if permission == MACHINE_ONLY:
        pytest.skip("API for other systems (bearer token): JSON or XML, not a page")
    if name in NOT_PAGES:
        pytest.skip(NOT_PAGES[name])
    seeded, base = site
    url = reverse(name, kwargs=pages_seed.url_kwargs(seeded, name, arguments))
    client, _user = _allowed_visitor(seeded, url, permission)
    context = browser.new_context(viewport=PHONE)
    try:
        if "sessionid" in client.cookies:
            cookie = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": base}])
        page = context.new_page()
        response = page.goto(base + url)
        assert response.ok, f"{url} answered {response.status}"
        problems = page_overflow(page) + broken_references(page) + axe_violations(page)
        assert problems == [], f"{url} at 375 px:\n" + "\n".join(problems)
    finally:
        context.close()
