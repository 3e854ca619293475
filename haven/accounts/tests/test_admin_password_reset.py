"""An administrator has a reset link e-mailed to a member: the link goes to the member's address
only, is never shown to the administrator, and is refused to anyone who could reach the account
(F1: otherwise an administrator could take the account over)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from haven.accounts import actions
from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.testing.fixtures import make_user


def _member(organisation, email="member@ngo.example", *roles):
    user = make_user(organisation, *(roles or (Role.NATIONAL_COORDINATOR,)))
    User.objects.filter(pk=user.pk).update(email=email)
    return User.objects.get(pk=user.pk)


def _send(client, member):
    return client.post(f"/accounts/members/{member.pk}/password-reset/", follow=True)


def test_an_org_admin_e_mails_a_member_a_link_the_admin_never_sees(client, org_admin, ngo):
    member = _member(ngo)
    client.force_login(org_admin)
    page = _send(client, member).content.decode()
    [message] = mail.outbox
    assert message.to == ["member@ngo.example"]
    assert "/accounts/password/reset/" in message.body
    assert "/accounts/password/reset/" not in page and "It is not shown here" in page
    event = AuditEvent.objects.get(action="password_reset.sent_by_administrator")
    assert (event.actor, event.target_id) == (org_admin, str(member.pk))


def test_a_system_administrator_may_send_one_too(client, system_admin, ngo):
    member = _member(ngo)
    client.force_login(system_admin)
    _send(client, member)
    assert [m.to for m in mail.outbox] == [["member@ngo.example"]]


def test_the_admin_of_another_organisation_is_refused(client, ngo, other_ngo):
    stranger_admin = make_user(other_ngo, Role.ORG_ADMIN)
    client.force_login(stranger_admin)
    response = client.post(f"/accounts/members/{_member(ngo).pk}/password-reset/")
    assert response.status_code == 404 and mail.outbox == []


def test_an_admin_cannot_send_a_reset_for_their_own_account(client, org_admin):
    User.objects.filter(pk=org_admin.pk).update(email="admin@ngo.example")
    client.force_login(org_admin)
    page = _send(client, org_admin).content.decode()
    assert "second administrator" in page and mail.outbox == []


def test_the_admin_who_invited_the_account_is_refused(org_admin, system_admin, ngo):
    # The inviter typed the address: it may be their own mailbox.
    invitation = actions.do_invite_user(
        organisation=ngo,
        email="typed-by-admin@ngo.example",
        first_name="I",
        last_name="",
        roles=[Role.NATIONAL_COORDINATOR.value],
        acting_user=org_admin,
    )
    member = invitation.user
    User.objects.filter(pk=member.pk).update(is_active=True)
    member.set_password("the member's own passphrase 9")
    User.objects.filter(pk=member.pk).update(password=member.password)
    member = User.objects.get(pk=member.pk)
    mail.outbox.clear()
    with pytest.raises(ValidationError, match="second administrator"):
        actions.do_send_password_reset(user=member, acting_user=org_admin, base_url="/")
    actions.do_send_password_reset(user=member, acting_user=system_admin, base_url="/")
    assert [m.to for m in mail.outbox] == [["typed-by-admin@ngo.example"]]


@pytest.mark.parametrize(
    "roles", [(Role.ENFORCEMENT_OFFICER,), (Role.FRONTLINE_WORKER,), (Role.AUDITOR,)]
)
def test_anyone_who_does_not_administer_accounts_is_refused(client, ngo, police, roles):
    organisation = police if Role.ENFORCEMENT_OFFICER in roles else ngo
    if Role.AUDITOR in roles:
        organisation = None
    client.force_login(make_user(organisation, *roles))
    response = client.post(f"/accounts/members/{_member(ngo).pk}/password-reset/")
    assert response.status_code == 403 and mail.outbox == []


def test_with_no_mail_nothing_is_sent_and_no_link_is_shown(client, org_admin, ngo, settings):
    settings.HAVEN_EMAIL_ENABLED = False
    client.force_login(org_admin)
    page = _send(client, _member(ngo)).content.decode()
    assert "never shown on screen" in page and mail.outbox == []
    assert not AuditEvent.objects.filter(action="password_reset.sent_by_administrator").exists()


def test_a_member_without_an_address_is_refused(client, org_admin, ngo):
    client.force_login(org_admin)
    page = _send(client, _member(ngo, "")).content.decode()
    assert "never shown on screen" in page and mail.outbox == []


def test_a_member_needing_a_second_factor_not_yet_set_up_is_refused(system_admin, ngo):
    member = _member(ngo, "cm@ngo.example", Role.CASE_MANAGER)
    with pytest.raises(ValidationError, match="second factor"):
        actions.do_send_password_reset(user=member, acting_user=system_admin, base_url="/")
