import re

from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.testing.fixtures import make_user


def test_an_org_admin_invites_a_user_a_second_admin_confirms_and_the_link_works_once(
    client, org_admin, system_admin, ngo
):
    client.force_login(org_admin)
    response = client.post(
        f"/accounts/organisations/{ngo.pk}/invite/",
        {"email": "", "first_name": "Ana", "last_name": "B", "roles": ["frontline_worker"]},
    )
    assert "invitation-link" not in response.content.decode()  # never shown to the inviter
    ana = User.objects.get(first_name="Ana")
    assert client.post(f"/accounts/members/{ana.pk}/confirm/").status_code == 302
    assert ana.invitation.__class__.objects.get(user=ana).awaits_confirmation  # refused: inviter
    client.force_login(system_admin)
    response = client.post(f"/accounts/members/{ana.pk}/confirm/")
    link = re.search(r'id="invitation-link">([^<]+)<', response.content.decode()).group(1)
    client.logout()
    path = link.split("testserver", 1)[1]
    password = "a fine long passphrase 3"
    assert (
        client.post(path, {"new_password1": password, "new_password2": password}).status_code == 302
    )
    assert User.objects.get(pk=ana.pk).is_active
    assert client.get(path).status_code == 404


def test_an_org_admin_cannot_see_another_organisation_s_users(client, org_admin, other_ngo):
    stranger = make_user(other_ngo, Role.FRONTLINE_WORKER)
    client.force_login(org_admin)
    assert client.get(f"/accounts/organisations/{other_ngo.pk}/").status_code == 404
    assert client.get(f"/accounts/members/{stranger.pk}/").status_code == 404


def test_an_org_admin_changes_a_member_s_roles(client, org_admin, ngo):
    member = make_user(ngo, Role.FRONTLINE_WORKER)
    client.force_login(org_admin)
    client.post(f"/accounts/members/{member.pk}/", {"roles": ["case_manager", "supervisor"]})
    assert User.objects.get(pk=member.pk).role_names == {"case_manager", "supervisor"}


def test_a_refused_role_change_shows_why(client, system_admin, police):
    officer = make_user(police, Role.ENFORCEMENT_OFFICER)
    client.force_login(system_admin)
    # The form no longer offers the role, so a forged post is refused as an unknown choice.
    response = client.post(f"/accounts/members/{officer.pk}/", {"roles": ["case_manager"]})
    assert "not one of the available choices" in response.content.decode()
    assert User.objects.get(pk=officer.pk).role_names == {"enforcement_officer"}


def test_a_system_administrator_creates_an_organisation(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        "/accounts/organisations/", {"name": "Hope", "org_type": "NGO", "country": "IT"}
    )
    assert response.status_code == 302


def test_a_frontline_worker_is_refused_the_admin_pages(client, frontline, ngo):
    client.force_login(frontline)
    assert client.get(f"/accounts/organisations/{ngo.pk}/invite/").status_code == 403
