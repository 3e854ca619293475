"""The signed-in user is read with their organisation, and a deactivated user is signed out."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.accounts.backends import UserWithOrganisationBackend


def test_the_signed_in_user_comes_with_their_organisation_in_one_query(frontline):
    expected = frontline.organisation.name
    with CaptureQueriesContext(connection) as queries:
        user = UserWithOrganisationBackend().get_user(frontline.pk)
        assert user is not None and user.organisation.name == expected
    assert len(queries) == 1


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
