"""The firewall: no one in an enforcement or immigration organisation, and no one holding the
enforcement role, can read support records, whatever else they are granted (DOMAIN.md 3)."""

import pytest

from haven.accounts.models import Organisation
from haven.accounts.roles import OrgType, Role
from haven.cases import access
from haven.cases.actions import do_open_case
from haven.cases.models import Case, Person
from haven.testing.fixtures import make_organisation, make_user

ENFORCEMENT_TYPES = [OrgType.LAW_ENFORCEMENT, OrgType.IMMIGRATION_SERVICE]
ROLE_SETS = [(role,) for role in Role] + [tuple(Role)]
SUPPORT_URLS = [
    "/cases/",
    "/cases/{case}/",
    "/cases/new/",
    "/cases/search/?name=Amara&purpose=safeguarding",
]
SECRET_NAME = "Amara"


@pytest.fixture
def support_case(ngo: Organisation) -> Case:
    worker = make_user(ngo, Role.FRONTLINE_WORKER, username="worker")
    return do_open_case(first_name=SECRET_NAME, second_name="Okafor", acting_user=worker)


def _enforcement_user(org_type: OrgType, roles: tuple[Role, ...]):
    organisation = make_organisation(f"Enforcement {org_type}", org_type)
    return make_user(organisation, *roles)


@pytest.mark.parametrize("url", SUPPORT_URLS)
@pytest.mark.parametrize(
    "roles", ROLE_SETS, ids=lambda roles: "+".join(roles) if len(roles) < 3 else "all-roles"
)
@pytest.mark.parametrize("org_type", ENFORCEMENT_TYPES)
def test_enforcement_organisations_never_reach_support_records(
    client, support_case, org_type, roles, url
):
    client.force_login(_enforcement_user(org_type, roles))
    response = client.get(url.format(case=support_case.pk))
    assert response.status_code in (403, 404)
    assert SECRET_NAME not in response.content.decode()


@pytest.mark.parametrize(
    "roles", ROLE_SETS, ids=lambda roles: "+".join(roles) if len(roles) < 3 else "all-roles"
)
@pytest.mark.parametrize("org_type", ENFORCEMENT_TYPES)
def test_access_functions_give_enforcement_nothing(support_case, org_type, roles):
    user = _enforcement_user(org_type, roles)
    assert not access.cases_visible_to(user).exists()
    with pytest.raises(Exception, match="No such case"):
        access.access_case_by_id(user, support_case.pk)


def test_the_enforcement_role_closes_support_records_even_inside_an_ngo(client, ngo, support_case):
    officer = make_user(ngo, Role.CASE_MANAGER, Role.ENFORCEMENT_OFFICER)
    client.force_login(officer)
    assert client.get(f"/cases/{support_case.pk}/").status_code in (403, 404)
    assert not access.cases_visible_to(officer).exists()


def test_enforcement_sees_nothing_even_of_records_filed_under_its_own_organisation(client, police):
    # Records can never be created there; if one were (say, by a bad import), it stays closed.
    person = Person.objects.create(organisation=police, first_name=SECRET_NAME)
    worker = make_user(police, *Role)
    case = Case.objects.create(
        organisation=police, person=person, opened_by=worker, assigned_to=worker
    )
    client.force_login(worker)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code in (403, 404)
    assert SECRET_NAME not in response.content.decode()
