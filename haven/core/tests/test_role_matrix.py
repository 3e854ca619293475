"""Which role reaches which page. 200: allowed; 403: the role does not give it; 404: a personal
record the user may not see (missing and forbidden look the same)."""

import pytest

from haven.accounts.roles import Role
from haven.cases.actions import do_open_case
from haven.testing.fixtures import make_user

R = Role
PAGES = {
    "home": "/",
    "cases": "/cases/",
    "open_case": "/cases/new/",
    "search": "/cases/search/",
    "case_of_colleague": "/cases/{case}/",
    "my_organisation": "/accounts/organisation/",
    "organisations": "/accounts/organisations/",
    "audit": "/audit/",
    "django_admin": "/system/admin/",
}
ALLOWED = {
    R.FRONTLINE_WORKER: {"home", "cases", "open_case", "search"},
    R.CASE_MANAGER: {"home", "cases", "open_case", "search", "case_of_colleague"},
    R.SUPERVISOR: {"home", "cases", "open_case", "search", "case_of_colleague"},
    R.DECISION_TEAM: {"home", "cases", "case_of_colleague"},
    R.ORG_ADMIN: {"home", "my_organisation"},
    R.NATIONAL_COORDINATOR: {"home"},
    R.ENFORCEMENT_OFFICER: {"home"},
    R.AUDITOR: {"home", "audit"},
    R.SYSTEM_ADMIN: {"home", "organisations", "my_organisation", "django_admin"},
    R.GRIEVANCE_OFFICER: {"home"},
    R.COMPANY_OFFICER: {"home"},
    R.PROCUREMENT_OFFICER: {"home"},
    R.MONITORING_BODY: {"home"},
    R.GOVERNMENT_FOCAL_POINT: {"home"},
    R.PLAN_MANAGER: {"home"},
}


def _expected(role: Role, page: str) -> set[int]:
    if page in ALLOWED[role]:
        return {200, 302} if page == "my_organisation" else {200}
    if page == "case_of_colleague" and role is R.FRONTLINE_WORKER:
        return {404}  # a worker may read cases but not this one: it must look missing
    if page == "django_admin":
        return {302}  # Django's admin sends those it refuses to its own login page
    return {403}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_role_reaches_exactly_its_pages(client, ngo, role, page):
    colleague = make_user(ngo, R.FRONTLINE_WORKER, username="colleague")
    case = do_open_case(first_name="Lin", acting_user=colleague)
    organisation = None if role is R.SYSTEM_ADMIN else ngo
    client.force_login(make_user(organisation, role))
    # Reading a colleague's case first asks for a purpose; give one so the read itself is tested.
    session = client.session
    session[f"purpose:case:{case.pk}"] = "supervision"
    session.save()
    response = client.get(PAGES[page].format(case=case.pk))
    assert response.status_code in _expected(role, page)


@pytest.mark.parametrize("url", list(PAGES.values()))
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url.format(case=1))
    assert response.status_code == 302
    assert "login" in response["Location"]
