"""Schema-driven fuzzing (schemathesis over haven/api/openapi.json): every operation, with
generated valid and invalid requests, as a client holding every scope. No request may cause a
server error, and every response must match the schema (status code, content type, body).
(`negative_data_rejection` is left out: it also wants unknown query parameters refused, which
HTTP APIs, this one included, ignore; it is run by hand, see docs/api.md.)
Figures: docs/api.md."""

from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from haven.accounts.roles import Role
from haven.api.models import ApiClient
from haven.api.tokens import SCOPES
from haven.cases.actions import do_open_case
from haven.support.actions import do_create_plan
from haven.testing.fixtures import make_user

from .conftest import issue_token

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = 15
FIGURES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def figures():
    """Print the requests sent and the statuses seen (`pytest -s` shows them)."""
    yield FIGURES
    print(f"\nfuzz: {sum(FIGURES.values())} requests, statuses {sorted(FIGURES.items())}")


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Called as a WSGI app, Django would close the connection after each request, as Django's
    own test client prevents: inside the test's transaction PostgreSQL would then lose it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(org_admin, ngo, jurisdictions, plan):
    # A worker who also manages the State's plan and views aggregates, so that every operation
    # is reached beyond its capability check.
    roles = (Role.FRONTLINE_WORKER, Role.PLAN_MANAGER, Role.SUPERVISOR)
    worker = make_user(ngo, *roles, username="fuzzed")
    case = do_open_case(first_name="Lan", acting_user=worker)
    do_create_plan(case=case, goals="Safe work", acting_user=worker)
    client, token = issue_token(org_admin, worker, list(SCOPES))
    # The rate limit is tested on its own; here it would answer most requests with 429.
    ApiClient.objects.filter(pk=client.pk).update(rate_per_minute=1_000_000)
    return token


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_breaks_the_api_or_its_schema(case, token, settings):
    settings.ALLOWED_HOSTS = ["*"]
    response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
    FIGURES[str(response.status_code)] += 1
