"""The generated administrator password of `haven init` must be changed at first sign-in: until
then every page leads to the password change page."""

import pytest

from haven.accounts import actions
from haven.accounts.models import User
from haven.audit.models import AuditEvent
from haven.testing.fixtures import verify_second_factor

NEW_PASSWORD = "the administrator's own passphrase 5"


@pytest.fixture
def first_admin(db):
    user, password = actions.do_create_system_admin(username="admin")
    user.generated_password = password
    return user


def test_haven_init_s_administrator_must_change_the_generated_password(first_admin):
    assert User.objects.get(pk=first_admin.pk).must_change_password


@pytest.mark.parametrize(
    "url", ["/", "/accounts/organisations/", "/audit/", "/system/admin/", "/cases/"]
)
def test_every_page_leads_to_the_password_change_until_it_is_changed(client, first_admin, url):
    client.force_login(first_admin)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"


def test_the_change_page_says_why_and_the_change_lifts_the_redirect(client, first_admin):
    client.force_login(first_admin)
    assert 'id="password-change-required"' in client.get("/accounts/password/").content.decode()
    data = {
        "old_password": first_admin.generated_password,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    assert client.post("/accounts/password/", data)["Location"] == "/"
    assert not User.objects.get(pk=first_admin.pk).must_change_password
    assert client.get("/accounts/organisations/").status_code == 200
    assert AuditEvent.objects.filter(action="user.password_changed", actor=first_admin).exists()


def test_the_second_factor_and_signing_out_stay_open_first(client, first_admin):
    client.force_login(first_admin, second_factor=False)
    enrol = client.get("/accounts/second-factor/enrol/")
    assert enrol.status_code == 200
    # The change page itself asks for the second factor first.
    assert "/accounts/second-factor/" in client.get("/accounts/password/")["Location"]
    assert client.get("/accounts/logout/").status_code == 200


def test_a_real_sign_in_with_the_generated_password_leads_there_too(client, first_admin):
    client.post(
        "/accounts/login/",
        {"username": "admin", "password": first_admin.generated_password},
    )
    verify_second_factor(client, first_admin)
    assert client.get("/")["Location"] == "/accounts/password/"


def test_other_accounts_are_not_redirected(client, org_admin):
    client.force_login(org_admin)
    assert client.get("/accounts/organisation/").status_code == 302
    assert client.get("/accounts/organisation/")["Location"] != "/accounts/password/"
