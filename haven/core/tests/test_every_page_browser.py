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
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from haven.cases.models import Case
from haven.core.permissions import PUBLIC
from haven.testing import pages_seed
from haven.testing.fixtures import verify_second_factor
from haven.testing.layout import axe_violations, broken_references, page_overflow
from haven.testing.routes import named_routes

# The mark makes pytest-django create the test database; the seed and sessions are made
# before, outside each test's transaction (see `site`).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PHONE = {"width": 375, "height": 740}
FAST_HASH = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_FILES = "django.contrib.staticfiles.storage.StaticFilesStorage"
MACHINE_ONLY = "api_token"  # the REST and OpenRosa APIs: JSON and XML for other systems
# Routes that answer a GET with something other than a page even for a persona allowed to use
# them, and so never reach the content-type check below.
NOT_PAGES = {
    "drafts:load": "JSON for the draft-keeping script (it asks with the form's key)",
    "jobs:output": "the finished job's file: a download",
}


ROUTES = named_routes()  # Django's own admin is left out: restyled by no one here


@dataclass
class Visit:
    """How the test reaches one route: its URL and the session of a persona it answers, or why
    it is skipped, or why no persona could see it."""

    url: str = ""
    session: str | None = None
    skip: str = ""
    refused: str = ""


@pytest.fixture(scope="module")
def site(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[dict[str, Visit], str]]:
    """The seed, made once, each route's visitor, chosen once, and a live server for the module
    (pytest-django's own would empty the database after every page). All of it is committed
    before any test opens its transaction, so the server sees it on PostgreSQL too, and no test
    holds a lock the server's requests would wait for."""
    from pytest_django.live_server_helper import LiveServer

    # What haven.testing.fixtures' per-test settings give every test, for the module's set-up.
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_FILES}}
    quick = override_settings(PASSWORD_HASHERS=FAST_HASH, STORAGES=storages)
    with django_db_blocker.unblock(), quick:
        # Flushed even when the seed fails half-way: what it committed would break every later test.
        try:
            seeded = pages_seed.seed()
            clients = {
                None: Client(),
                **{u.username: _client_for(u) for u in seeded.personas.values()},
            }
            visits = {
                name: _visit(seeded, clients, name, args, perm) for name, args, perm in ROUTES
            }
            server = LiveServer("localhost:0")
            server._live_server_modified_settings.enable()
            try:
                yield visits, server.url
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0)


def _client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    session = client.session
    for pk in Case.objects.values_list("pk", flat=True):
        session[f"purpose:case:{pk}"] = "supervision"  # reading a case asks why
    session.save()
    return client


def _visit(seeded: Any, clients: dict[Any, Client], name: str, arguments: list, permission: str):
    if permission == MACHINE_ONLY:
        return Visit(skip="API for other systems (bearer token): JSON or XML, not a page")
    if name in NOT_PAGES:
        return Visit(skip=NOT_PAGES[name])
    url = reverse(name, kwargs=pages_seed.url_kwargs(seeded, name, arguments))
    candidates = [None, *seeded.personas] if permission == PUBLIC else list(seeded.personas)
    answers = {}
    for username in candidates:
        response = clients[username].get(url)
        answers[username or "anonymous"] = response.status_code
        found = _answer(url, response, clients[username])
        if found is not None:
            return found
    return Visit(url=url, refused=f"no persona of the seed may see {url}: {answers}")


def _answer(url: str, response: Any, client: Client) -> Visit | None:
    """The visit this answer allows, or None to try the next persona."""
    session = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    if response.status_code == 405:
        return Visit(skip="POST-only action: its form is checked on the page that holds it")
    if response.status_code == 302 and "/login/" not in response["Location"]:
        return Visit(url=url, session=session)  # the page sends them on (their organisation)
    if response.status_code != 200:
        return None
    kind = response.get("Content-Type", "")
    if not kind.startswith("text/html"):
        return Visit(skip=f"not an HTML page ({kind.split(';')[0]})")
    return Visit(url=url, session=session)


@pytest.mark.parametrize("name", [name for name, _, _ in ROUTES])
def test_the_page_fits_a_phone_and_passes_the_accessibility_checks(browser, site, name):
    visits, base = site
    visit = visits[name]
    if visit.skip:
        pytest.skip(visit.skip)
    assert not visit.refused, visit.refused
    context = browser.new_context(viewport=PHONE)
    try:
        if visit.session:
            context.add_cookies([{"name": "sessionid", "value": visit.session, "url": base}])
        page = context.new_page()
        response = page.goto(base + visit.url)
        assert response.ok, f"{visit.url} answered {response.status}"
        signed_out = visit.session and "/accounts/login/" in page.url
        assert not signed_out, f"{visit.url} sent the persona to sign in: {page.url}"
        problems = page_overflow(page) + broken_references(page) + axe_violations(page)
        assert problems == [], f"{visit.url} at 375 px:\n" + "\n".join(problems)
    finally:
        context.close()
