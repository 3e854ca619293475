import pytest

from haven.accounts.roles import OrgType, Role
from haven.cases.models import Case, CaseStatus, Person
from haven.cases.stats import case_counts_for
from haven.testing.fixtures import make_organisation, make_user


def _cases(organisation, worker, count, status=CaseStatus.ACTIVE):
    for _ in range(count):
        person = Person.objects.create(organisation=organisation, first_name="P")
        Case.objects.create(
            organisation=organisation,
            person=person,
            opened_by=worker,
            assigned_to=worker,
            status=status,
        )


@pytest.mark.django_db
def test_a_national_coordinator_sees_country_counts_with_small_numbers_suppressed():
    gb_ngo = make_organisation("GB NGO", OrgType.NGO, "GB")
    fr_ngo = make_organisation("FR NGO", OrgType.NGO, "FR")
    ministry = make_organisation("Home Office", OrgType.CENTRAL_GOVERNMENT, "GB")
    worker = make_user(gb_ngo, Role.FRONTLINE_WORKER)
    _cases(gb_ngo, worker, 12)
    _cases(gb_ngo, worker, 3, CaseStatus.CLOSED)
    _cases(fr_ngo, worker, 20)
    coordinator = make_user(ministry, Role.NATIONAL_COORDINATOR)
    figures = {f.label: f.shown for f in case_counts_for(coordinator)["figures"]}
    assert figures["Active"] == "12"
    assert figures["Closed"] == "fewer than 11"


@pytest.mark.django_db
def test_roles_without_aggregates_get_no_figures(frontline):
    assert case_counts_for(frontline) is None


def test_the_coordinator_never_reaches_a_record(client, ngo, db):
    coordinator = make_user(
        make_organisation("Ministry", OrgType.CENTRAL_GOVERNMENT), Role.NATIONAL_COORDINATOR
    )
    client.force_login(coordinator)
    assert client.get("/cases/").status_code == 403
