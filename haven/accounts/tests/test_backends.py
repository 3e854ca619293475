"""The signed-in user is read with their organisation and roles, and a deactivated user is
signed out."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.accounts.actions import do_set_roles
from haven.accounts.backends import UserWithOrganisationBackend
from haven.accounts.roles import Capability, Role
from haven.testing.fixtures import make_user


def test_the_signed_in_user_comes_with_their_organisation_and_roles_in_one_query(ngo):
    worker = make_user(ngo, Role.FRONTLINE_WORKER, Role.SUPERVISOR, username="two_roles")
    with CaptureQueriesContext(connection) as queries:
        user = UserWithOrganisationBackend().get_user(worker.pk)
        assert user is not None and user.organisation.name == ngo.name
        assert user.role_names == {Role.FRONTLINE_WORKER, Role.SUPERVISOR}
        assert user.can(Capability.CREATE_SUPPORT_RECORDS)
    assert len(queries) == 1


def test_a_user_without_roles_has_none_and_may_do_nothing(ngo):
    nobody = make_user(ngo, username="no_roles")
    user = UserWithOrganisationBackend().get_user(nobody.pk)
    assert user is not None and user.role_names == frozenset() and not user.capabilities


def test_a_role_taken_away_is_gone_on_the_next_request(client, frontline, org_admin):
    client.force_login(frontline)
    assert client.get("/cases/").status_code == 200
    do_set_roles(user=frontline, roles=[], acting_user=org_admin)
    assert client.get("/cases/").status_code in (302, 403)


def test_a_deactivated_or_missing_user_is_no_one(frontline):
    frontline.is_active = False
    frontline.save()
    assert UserWithOrganisationBackend().get_user(frontline.pk) is None
    assert UserWithOrganisationBackend().get_user(frontline.pk + 1000) is None


def test_every_page_request_reads_the_organisation_with_the_user(client, frontline):
    client.force_login(frontline)
    with CaptureQueriesContext(connection) as queries:
        client.get("/law/")
    assert not [q for q in queries if q["sql"].startswith('SELECT "accounts_organisation"')]
