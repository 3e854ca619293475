"""Published yearly releases: who may publish, what the public pages show, and that a release is
a frozen snapshot that a withdrawal hides."""

import csv
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.stats import synthetic
from haven.stats.actions import do_publish_release, do_withdraw_release
from haven.stats.models import StatisticsRelease
from haven.stats.publish import published_figures, snapshot
from haven.testing.fixtures import make_user

pytestmark = pytest.mark.django_db
YEAR = 2020
PAGE = f"/stats/public/GB/{YEAR}/"
SHOWN = re.compile(r'<td class="shown">([\d\s ,.]+)</td>')


@pytest.fixture
def release(coordinator, cases):
    return do_publish_release(year=YEAR, acting_user=coordinator)


def _figures(client):
    """The page from its heading to its footer (the head carries a fresh nonce each time)."""
    page = client.get(PAGE).content.decode()
    return page[page.index("<h1") : page.index("</footer>")]


def _csv(client, url=PAGE + "release.csv"):
    return list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "who",
    [
        "frontline_worker",
        "case_manager",
        "supervisor",
        "monitoring_body",
        "enforcement_officer",
        "police_coordinator",
    ],
)
def test_publishing_is_refused_to_caseworkers_supervisors_and_enforcement(
    client, who, ngo, police, cases
):
    if who == "police_coordinator":
        user = make_user(police, Role.NATIONAL_COORDINATOR, username="policecoord")
    elif who == "enforcement_officer":
        user = make_user(ngo, Role.NATIONAL_COORDINATOR, Role.ENFORCEMENT_OFFICER, username="eo")
    else:
        user = make_user(ngo, Role(who), username=f"{who}-1")
    with pytest.raises(PermissionDenied):
        do_publish_release(year=YEAR, acting_user=user)
    client.force_login(user)
    assert client.post("/stats/releases/", {"year": YEAR}).status_code == 403
    assert not StatisticsRelease.objects.exists()
    assert not AuditEvent.objects.filter(action="stats.published").exists()


def test_a_coordinator_publishes_a_year_with_one_audit_event(client, coordinator, cases):
    client.force_login(coordinator)
    response = client.post("/stats/releases/", {"year": YEAR})
    assert response.status_code == 302 and response["Location"] == PAGE
    release = StatisticsRelease.objects.get()
    assert (release.country, release.year, release.k) == ("GB", YEAR, 11)
    event = AuditEvent.objects.get(action="stats.published")
    assert event.details == {"country": "GB", "year": YEAR, "k": 11}
    assert AuditEvent.objects.filter(action__startswith="stats.").count() == 1


def test_k_comes_from_the_settings(coordinator, cases):
    with override_settings(HAVEN_STATS_K=5):
        assert do_publish_release(year=YEAR, acting_user=coordinator).k == 5


def test_a_year_not_ended_or_already_published_is_refused(client, coordinator, release):
    client.force_login(coordinator)
    for year in (YEAR, 2999):
        page = client.post("/stats/releases/", {"year": year})
        assert page.status_code == 200 and 'class="error' in page.content.decode()
    assert StatisticsRelease.objects.count() == 1


def test_the_public_page_shows_suppressed_cells_as_such_and_no_count_below_k(client, release):
    page = client.get(PAGE).content.decode()  # no sign-in
    assert "fewer than 11" in page and "suppressed (complementary)" in page
    assert "CTDC variable gender" in page and "<svg" in page
    shown = [int(re.sub(r"\D", "", value)) for value in SHOWN.findall(page)]
    assert shown and not [n for n in shown if 0 < n < 11]
    rows = _csv(client)
    assert rows[0][:3] == ["Indicator", "Category", "Count"]
    counts = [int(row[2]) for row in rows[1:] if row[2]]
    assert not [n for n in counts if 0 < n < 11]
    assert "suppressed: complementary" in {row[4] for row in rows}


def test_the_public_page_names_no_user_or_organisation_and_is_not_audited(
    client, ministry, ngo, other_ngo, cases
):
    publisher = make_user(ministry, Role.NATIONAL_COORDINATOR, username="lena.petrova")
    do_publish_release(year=YEAR, acting_user=publisher)
    before = AuditEvent.objects.count()
    pages = [client.get(url).content.decode() for url in ("/stats/public/", PAGE)]
    pages.append(client.get(PAGE + "release.csv").content.decode("utf-8-sig"))
    for text in pages:
        assert publisher.username not in text and ministry.name not in text
        assert ngo.name not in text and other_ngo.name not in text
    assert f'href="{PAGE}"' in pages[0]
    assert AuditEvent.objects.count() == before


def test_the_snapshot_holds_no_hidden_count(release):
    cells = [
        cell
        for item in release.tables["indicators"]
        for cell in [item["records"], item["counted"], item["missing"]]
        + [row["cell"] for row in item["rows"]]
    ]
    assert {c["mark"] for c in cells} >= {"primary", "secondary"}
    assert all(c["value"] is None for c in cells if c["mark"] != "shown")


def test_a_release_does_not_change_when_cases_are_added(client, release, ngo, supervisor):
    page, rows, tables = _figures(client), _csv(client), release.tables
    synthetic.populate([ngo], supervisor, 300, seed=9)
    _, live = published_figures(country="GB", year=YEAR)
    assert snapshot(live) != tables  # the live figures moved
    release.refresh_from_db()
    assert release.tables == tables
    assert _figures(client) == page and _csv(client) == rows


def test_a_withdrawn_release_is_404_and_gone_from_the_list(client, coordinator, release):
    client.force_login(coordinator)
    response = client.post(f"/stats/releases/{release.pk}/withdraw/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="stats.withdrawn").count() == 1
    client.logout()
    assert client.get(PAGE).status_code == 404
    assert client.get(PAGE + "release.csv").status_code == 404
    assert PAGE not in client.get("/stats/public/").content.decode()
    # The year stays taken: a second release could be differenced against the first.
    client.force_login(coordinator)
    assert client.post("/stats/releases/", {"year": YEAR}).status_code == 200
    assert StatisticsRelease.objects.count() == 1


def test_another_country_s_coordinator_cannot_withdraw(client, release, supervisor):
    from haven.accounts.roles import OrgType
    from haven.testing.fixtures import make_organisation

    elsewhere = make_organisation("Ministry abroad", OrgType.CENTRAL_GOVERNMENT, "SI")
    other = make_user(elsewhere, Role.NATIONAL_COORDINATOR, username="si_coordinator")
    with pytest.raises(StatisticsRelease.DoesNotExist):
        do_withdraw_release(release, acting_user=other)
    client.force_login(other)
    assert client.post(f"/stats/releases/{release.pk}/withdraw/").status_code == 404
    client.force_login(supervisor)
    assert client.post(f"/stats/releases/{release.pk}/withdraw/").status_code == 403
    assert client.get("/stats/public/GB/1999/").status_code == 404
