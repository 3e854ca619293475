"""An auditor, who belongs to no organisation, is invited from the pages by a system
administrator; like every invitation giving a sensitive role, a second administrator confirms
it and the link never reaches the inviter (F1)."""

import pytest
from django.core import mail

from haven.accounts.models import Invitation, User
from haven.accounts.roles import Role
from haven.testing.fixtures import make_user

INVITE = "/accounts/auditors/invite/"
DATA = {"email": "aud@rapporteur.example", "first_name": "Aud", "last_name": "Itor"}


def _invite(client, inviter):
    client.force_login(inviter)
    return client.post(INVITE, DATA)


def test_a_system_administrator_invites_an_auditor_without_an_organisation(client, system_admin):
    page = _invite(client, system_admin).content.decode()
    auditor = User.objects.get(first_name="Aud")
    assert auditor.organisation is None and auditor.role_names == {"auditor"}
    assert not auditor.is_active
    assert "/accounts/invitation/" not in page and mail.outbox == []
    assert Invitation.objects.get(user=auditor).awaits_confirmation


def test_the_inviter_cannot_confirm_a_second_administrator_does_and_it_is_e_mailed(
    client, system_admin
):
    _invite(client, system_admin)
    auditor = User.objects.get(first_name="Aud")
    client.post(f"/accounts/members/{auditor.pk}/confirm/")
    assert Invitation.objects.get(user=auditor).awaits_confirmation and mail.outbox == []
    second = make_user(None, Role.SYSTEM_ADMIN)
    client.force_login(second)
    assert (
        "aud@rapporteur.example" in client.get(f"/accounts/members/{auditor.pk}/").content.decode()
    )
    page = client.post(f"/accounts/members/{auditor.pk}/confirm/", follow=True).content.decode()
    [message] = mail.outbox
    assert message.to == [DATA["email"]] and "/accounts/invitation/" in message.body
    assert "/accounts/invitation/" not in page


def test_the_organisations_page_lists_accounts_with_no_organisation(client, system_admin):
    _invite(client, system_admin)
    page = client.get("/accounts/organisations/").content.decode()
    assert INVITE in page
    assert User.objects.get(first_name="Aud").username in page


@pytest.mark.parametrize("who", ["org_admin", "auditor", "enforcement"])
def test_only_a_system_administrator_may_invite_an_auditor(client, who, org_admin, police):
    inviter = {
        "org_admin": org_admin,
        "auditor": make_user(None, Role.AUDITOR),
        "enforcement": make_user(police, Role.ENFORCEMENT_OFFICER, Role.ORG_ADMIN),
    }[who]
    assert _invite(client, inviter).status_code == 403
    assert not User.objects.filter(first_name="Aud").exists()


def test_an_org_admin_cannot_reach_accounts_without_an_organisation(client, org_admin):
    auditor = make_user(None, Role.AUDITOR)
    client.force_login(org_admin)
    assert client.get(f"/accounts/members/{auditor.pk}/").status_code == 404
