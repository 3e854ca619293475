"""Published statistics through the API: the country's disclosure-controlled figures only.
Even a client acting for a supervisor, who sees their organisation's exact figures on the
dashboard, gets no cell below the threshold; behind the firewall, nothing at all."""

import pytest

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.stats import synthetic
from haven.stats.access import stats_scope_for
from haven.stats.dashboard import figures_for
from haven.testing.fixtures import make_user

from .conftest import bearer, issue_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/statistics/published"


@pytest.fixture
def supervisor(ngo):
    return make_user(ngo, Role.SUPERVISOR, username="supervisor")


@pytest.fixture
def cases(ngo, supervisor):
    synthetic.populate([ngo], supervisor, 40, seed=1)


def counts(body):
    """Every cell of the published tables: the categories, the records without a value and the
    total. (`with_value` is no cell of its own: it is the total less those without a value,
    both published, as the dashboard shows it too.)"""
    for indicator in body["indicators"]:
        for cell in (indicator["records"], indicator["without_value"]):
            yield cell["count"]
        for row in indicator["rows"]:
            yield row["count"]


def exact_counts(user):
    for shown in figures_for(stats_scope_for(user)):
        yield from (row.cell.value for row in shown.rows)


def test_no_published_cell_counts_fewer_persons_than_the_threshold(
    client, cases, org_admin, supervisor
):
    _, token = issue_token(org_admin, supervisor, ["statistics:read"])
    body = client.get(URL, **bearer(token)).json()
    k = body["k"]
    assert body["country"] == "GB" and k > 1
    shown = list(counts(body))
    assert all(count is None or count == 0 or count >= k for count in shown)
    assert None in shown  # something was suppressed ...
    assert any(0 < value < k for value in exact_counts(supervisor))  # ... that the page shows


def test_a_suppressed_cell_says_why(client, cases, org_admin, supervisor):
    _, token = issue_token(org_admin, supervisor, ["statistics:read"])
    body = client.get(URL, **bearer(token)).json()
    rows = [row for indicator in body["indicators"] for row in indicator["rows"]]
    assert all((row["count"] is None) == (row["suppressed"] is not None) for row in rows)


def test_a_read_is_audited_as_the_pages_are(client, cases, org_admin, supervisor):
    _, token = issue_token(org_admin, supervisor, ["statistics:read"])
    client.get(f"{URL}?year=2024", **bearer(token))
    event = AuditEvent.objects.get(action="stats.viewed")
    assert event.actor == supervisor
    assert event.details == {"page": "api", "exact": False, "year": 2024}


def test_a_country_code_must_be_iso_alpha_2(client, org_admin, supervisor):
    _, token = issue_token(org_admin, supervisor, ["statistics:read"])
    assert client.get(f"{URL}?country=gbr", **bearer(token)).status_code == 400


def test_a_worker_without_aggregates_is_refused(client, org_admin, frontline):
    _, token = issue_token(org_admin, frontline, ["statistics:read"])
    assert client.get(URL, **bearer(token)).status_code == 403


def test_an_enforcement_officer_is_refused_even_published_figures_through_the_api(client, police):
    admin = make_user(police, Role.ORG_ADMIN, username="police-admin")
    officer = make_user(police, Role.NATIONAL_COORDINATOR, username="police-coordinator")
    _, token = issue_token(admin, officer, ["statistics:read"])
    assert client.get(URL, **bearer(token)).status_code == 403
