"""Role checkboxes offer only the roles the organisation's type can hold; the server refuses the
others anyway (a forged post)."""

import pytest
from django.core.exceptions import ValidationError

from haven.accounts.actions import check_roles_allowed
from haven.accounts.forms import InviteForm, RolesForm
from haven.accounts.roles import OrgType, Role
from haven.testing.fixtures import make_organisation, make_user

TYPES = [None, *OrgType]


def _offered(org_type, include_system_admin=True):
    form = RolesForm(org_type=org_type, include_system_admin=include_system_admin)
    return {value for value, _label in form.fields["roles"].choices}


def _server_accepts(role, organisation, system_admin):
    try:
        check_roles_allowed([role], organisation, system_admin)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("org_type", TYPES, ids=str)
def test_a_role_is_offered_exactly_when_the_server_would_grant_it(org_type, system_admin):
    organisation = org_type and make_organisation(f"Org {org_type}", org_type)
    offered = _offered(org_type)
    for role in Role:
        assert (role.value in offered) == _server_accepts(role, organisation, system_admin), role


def test_an_enforcement_organisation_is_offered_no_record_reading_role():
    offered = _offered(OrgType.LAW_ENFORCEMENT)
    assert Role.ENFORCEMENT_OFFICER in offered and Role.ORG_ADMIN in offered
    assert not offered & {Role.CASE_MANAGER, Role.FRONTLINE_WORKER, Role.AUDITOR}


def test_only_a_system_administrator_is_offered_the_system_administrator_role():
    assert Role.SYSTEM_ADMIN not in _offered(OrgType.NGO, include_system_admin=False)
    assert Role.SYSTEM_ADMIN in _offered(OrgType.NGO)


def test_a_forged_choice_is_refused_by_the_form(police):
    form = InviteForm({"roles": ["case_manager"]}, org_type=police.org_type)
    assert not form.is_valid() and "roles" in form.errors


def test_the_invite_page_of_a_police_organisation_has_no_case_manager_box(
    client, system_admin, police, ngo
):
    client.force_login(system_admin)
    police_page = client.get(f"/accounts/organisations/{police.pk}/invite/").content.decode()
    ngo_page = client.get(f"/accounts/organisations/{ngo.pk}/invite/").content.decode()
    assert (
        'value="case_manager"' not in police_page and 'value="enforcement_officer"' in police_page
    )
    assert 'value="case_manager"' in ngo_page


def test_the_member_page_offers_the_member_s_organisation_s_roles(client, police):
    officer = make_user(police, Role.ENFORCEMENT_OFFICER)
    police_admin = make_user(police, Role.ORG_ADMIN)
    client.force_login(police_admin)
    page = client.get(f"/accounts/members/{officer.pk}/").content.decode()
    assert 'value="supervisor"' not in page and 'value="grievance_officer"' not in page
