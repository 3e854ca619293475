"""F1: no administrator can give themselves access to records, by invitation, by role change or
by a password reset (sent by an administrator, or asked for with an address they read).

The attacker is one administrator, who also controls every account they manage to sign in as
(an accomplice account is the same person) and a mailbox whose address they may type into an
invitation. `Attack` lists every move open to them; the walk tries every sequence up to a
depth, and the hypothesis test long random ones; after each move no account the attacker
controls may read a record.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.http import urlsafe_base64_decode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.accounts import actions, second_factor
from haven.accounts.models import Invitation, RoleRequest, User
from haven.accounts.roles import SUPPORT_CAPABILITIES, Capability, Role
from haven.audit.models import AuditEvent
from haven.testing.fixtures import make_user, totp_device

ATTACKER_MAIL = "me@attacker.example"
ROLE_CHOICES = [
    [Role.CASE_MANAGER],
    [Role.ORG_ADMIN],
    [Role.NATIONAL_COORDINATOR],
    [Role.ORG_ADMIN, Role.FRONTLINE_WORKER],
]
PASSWORD = "attacker's own passphrase 58"
REFUSED = (ValidationError, PermissionDenied)


@dataclass
class Attack:
    organisation_id: int
    controlled: set[int]
    links: dict[int, str] = field(default_factory=dict)  # invitation user id -> token

    def admins(self) -> list[User]:
        users = User.objects.filter(pk__in=self.controlled, is_active=True)
        return [
            u
            for u in users
            if u.can(Capability.MANAGE_ORG_USERS) or u.can(Capability.MANAGE_ORGANISATIONS)
        ]

    def moves(self) -> list[tuple[str, object, object]]:
        moves: list[tuple[str, object, object]] = []
        for admin in self.admins():
            moves += [("invite", admin, (roles, m)) for roles in ROLE_CHOICES for m in ("", 1)]
            moves += [("confirm", admin, i) for i in Invitation.objects.filter(token_hash=None)]
            members = User.objects.filter(organisation_id=self.organisation_id)
            moves += [("roles", admin, (u, [Role.CASE_MANAGER])) for u in members]
            moves += [("approve", admin, r) for r in RoleRequest.objects.filter(approved_at=None)]
            # A reset link goes to the account's own address: with none, there is no move.
            moves += [("send_reset", admin, u) for u in members.exclude(email="")]
        moves += [("accept", None, user_id) for user_id in self.links]
        moves += [("forgot", None, ATTACKER_MAIL)]
        return moves

    def play(self, move: tuple[str, object, object]) -> None:
        kind, admin, arg = move
        try:
            with transaction.atomic():
                getattr(self, f"_{kind}")(admin, arg)
        except REFUSED:
            pass
        self._read_mailbox()

    def _invite(self, admin, arg) -> None:
        roles, to_me = arg
        actions.do_invite_user(
            organisation=admin.organisation or _org(self.organisation_id),
            email=ATTACKER_MAIL if to_me else "",
            first_name="Acc",
            last_name="Omplice",
            roles=[r.value for r in roles],
            acting_user=admin,
            base_url="https://haven.example/",
        )

    def _confirm(self, admin, invitation) -> None:
        token = actions.do_confirm_invitation(invitation=invitation, acting_user=admin)
        if token:
            self.links[invitation.user_id] = token

    def _roles(self, admin, arg) -> None:
        user, roles = arg
        actions.do_set_roles(user=user, roles=[r.value for r in roles], acting_user=admin)

    def _approve(self, admin, request) -> None:
        actions.do_approve_role_request(request=request, acting_user=admin)

    def _accept(self, _admin, user_id) -> None:
        invitation = actions.find_invitation(self.links.pop(user_id))
        if invitation is not None:
            actions.do_accept_invitation(invitation=invitation, password=PASSWORD)
            self.controlled.add(user_id)

    def _send_reset(self, admin, user) -> None:
        actions.do_send_password_reset(user=user, acting_user=admin, base_url="https://h.example/")

    def _forgot(self, _admin, email) -> None:
        outgoing, _wait = actions.do_request_password_reset(
            email=email, address=None, base_url="https://h.example/"
        )
        for message in outgoing:
            message.send()

    def _use_reset_link(self, body: str) -> None:
        """The attacker opens a reset link that reached their mailbox and sets a password; they
        control the account unless its second factor, which the reset keeps, stops them."""
        uidb64, token = body.split("/password/reset/")[1].split("/")[:2]
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64)))
        if default_token_generator.check_token(user, token):
            with transaction.atomic():
                actions.do_reset_password(user=user, new_password=PASSWORD)
            if not (second_factor.needs_second_factor(user) and second_factor.has_device(user)):
                self.controlled.add(user.pk)

    def _read_mailbox(self) -> None:
        for message in mail.outbox:
            if ATTACKER_MAIL in message.to and "/password/reset/" in message.body:
                self._use_reset_link(message.body)
            elif ATTACKER_MAIL in message.to:
                token = message.body.split("/invitation/")[1].split("/")[0]
                user = Invitation.objects.get(token_hash=actions.hash_token(token)).user
                if user.pk not in self.controlled:
                    self.links.setdefault(user.pk, token)
        mail.outbox.clear()

    def reads_records(self) -> list[str]:
        return [
            u.username
            for u in User.objects.filter(pk__in=self.controlled)
            if u.capabilities & SUPPORT_CAPABILITIES
        ]


def _org(pk):
    from haven.accounts.models import Organisation

    return Organisation.objects.get(pk=pk)


@pytest.fixture(params=["org_admin", "system_admin"])
def attack(request, ngo, settings):
    settings.HAVEN_EMAIL_ENABLED = True
    # An honest administrator exists too: the attacker alone must still not get through.
    make_user(ngo, Role.ORG_ADMIN, username="honest-admin")
    # An honest member with their own mailbox and the second factor a reset keeps.
    honest = make_user(ngo, Role.CASE_MANAGER, username="honest-cm")
    totp_device(honest)
    User.objects.filter(pk=honest.pk).update(email="them@ngo.example")
    if request.param == "org_admin":
        attacker = make_user(ngo, Role.ORG_ADMIN, username="attacker")
    else:
        attacker = make_user(None, Role.SYSTEM_ADMIN, username="attacker")
    return Attack(organisation_id=ngo.pk, controlled={attacker.pk})


def _walk(attack: Attack, depth: int, path: list[str]) -> int:
    assert attack.reads_records() == [], " -> ".join(path)
    if depth == 0:
        return 1
    leaves = 0
    for move in attack.moves():
        saved_controlled, saved_links = set(attack.controlled), dict(attack.links)
        sid = transaction.savepoint()
        attack.play(move)
        leaves += _walk(attack, depth - 1, [*path, f"{move[0]}"])
        transaction.savepoint_rollback(sid)
        attack.controlled, attack.links = saved_controlled, saved_links
    return leaves


def test_f1_every_path_of_three_moves_leaves_a_lone_administrator_without_records(attack):
    assert _walk(attack, 3, []) > 1000


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(choices=st.lists(st.integers(min_value=0, max_value=10_000), max_size=12))
def test_f1_no_random_sequence_of_grants_invitations_confirmations_and_role_changes_gets_through(
    attack, choices
):
    sid = transaction.savepoint()
    controlled = set(attack.controlled)
    try:
        for choice in choices:
            moves = attack.moves()
            attack.play(moves[choice % len(moves)])
            assert attack.reads_records() == []
    finally:
        transaction.savepoint_rollback(sid)
        attack.controlled, attack.links = controlled, {}


def test_f1_the_reproduction_now_fails_the_inviter_never_sees_a_link(client, org_admin, ngo):
    client.force_login(org_admin)
    response = client.post(
        f"/accounts/organisations/{ngo.pk}/invite/",
        {"email": ATTACKER_MAIL, "first_name": "C", "roles": ["case_manager"]},
    )
    assert response.status_code == 200
    assert "/accounts/invitation/" not in response.content.decode()
    assert mail.outbox == []  # a record-reading role waits for a second administrator
    invitation = Invitation.objects.get(user__first_name="C")
    assert invitation.awaits_confirmation
    with pytest.raises(ValidationError, match="second administrator"):
        actions.do_confirm_invitation(invitation=invitation, acting_user=org_admin)


def test_a_role_without_records_is_e_mailed_to_the_invitee_only(client, org_admin, ngo, settings):
    settings.HAVEN_EMAIL_ENABLED = True
    client.force_login(org_admin)
    response = client.post(
        f"/accounts/organisations/{ngo.pk}/invite/",
        {"email": "nadia@ngo.example", "first_name": "Nadia", "roles": ["national_coordinator"]},
    )
    assert "/accounts/invitation/" not in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["nadia@ngo.example"] and "/accounts/invitation/" in message.body


def test_a_second_administrator_s_confirmation_e_mails_the_link(org_admin, system_admin, ngo):
    invitation = actions.do_invite_user(
        organisation=ngo,
        email="lin@ngo.example",
        first_name="Lin",
        last_name="",
        roles=[Role.CASE_MANAGER.value],
        acting_user=org_admin,
        base_url="https://haven.example/",
    )
    assert mail.outbox == []
    confirmed = actions.do_confirm_invitation(
        invitation=invitation, acting_user=system_admin, base_url="https://haven.example/"
    )
    assert confirmed is None
    [message] = mail.outbox
    assert message.to == ["lin@ngo.example"]
    assert "https://haven.example/accounts/invitation/" in message.body


def test_with_no_mail_every_invitation_waits_and_the_confirmer_gets_the_link(
    org_admin, system_admin, ngo, settings
):
    settings.HAVEN_EMAIL_ENABLED = False
    invitation = actions.do_invite_user(
        organisation=ngo,
        email="x@ngo.example",
        first_name="X",
        last_name="",
        roles=[Role.NATIONAL_COORDINATOR.value],
        acting_user=org_admin,
    )
    assert invitation.awaits_confirmation and mail.outbox == []
    token = actions.do_confirm_invitation(invitation=invitation, acting_user=system_admin)
    assert actions.find_invitation(token).user == invitation.user
    assert Invitation.objects.get(pk=invitation.pk).link_shown_to == system_admin


def test_a_record_role_for_an_account_the_granter_invited_waits_for_a_second_admin(
    org_admin, system_admin, ngo
):
    invitation = actions.do_invite_user(
        organisation=ngo,
        email="",
        first_name="Y",
        last_name="",
        roles=[Role.NATIONAL_COORDINATOR.value],
        acting_user=org_admin,
    )
    account = invitation.user
    assert not actions.do_set_roles(user=account, roles=["case_manager"], acting_user=org_admin)
    assert "case_manager" not in User.objects.get(pk=account.pk).role_names
    request = RoleRequest.objects.get(user=account)
    with pytest.raises(ValidationError, match="second administrator"):
        actions.do_approve_role_request(request=request, acting_user=org_admin)
    actions.do_approve_role_request(request=request, acting_user=system_admin)
    assert "case_manager" in User.objects.get(pk=account.pk).role_names


def test_an_administrator_who_cannot_reach_the_account_grants_at_once(org_admin, ngo):
    member = make_user(ngo, Role.FRONTLINE_WORKER)
    assert actions.do_set_roles(user=member, roles=["case_manager"], acting_user=org_admin)


def test_on_a_new_installation_the_operator_confirms_at_the_command_line(
    system_admin, ngo, settings
):
    from io import StringIO

    from django.core.management import call_command

    settings.HAVEN_EMAIL_ENABLED = False
    invitation = actions.do_invite_user(
        organisation=ngo,
        email="",
        first_name="First",
        last_name="Admin",
        roles=[Role.ORG_ADMIN.value],
        acting_user=system_admin,
    )
    out = StringIO()
    call_command("confirm_invitation", invitation.user.username, stdout=out)
    token = out.getvalue().strip().rsplit("/invitation/", 1)[1].strip("/")
    assert actions.find_invitation(token).user == invitation.user
    with pytest.raises(Exception, match="no invitation waits"):
        call_command("confirm_invitation", invitation.user.username, stdout=StringIO())


def test_the_reset_moves_are_live_a_link_to_the_attacker_s_mailbox_is_used(attack):
    [admin] = attack.admins()
    attack.play(("invite", admin, ([Role.NATIONAL_COORDINATOR], 1)))
    [user_id] = attack.links
    attack.play(("accept", None, user_id))
    attack.play(("forgot", None, ATTACKER_MAIL))
    assert AuditEvent.objects.filter(action="password_reset.completed", actor_id=user_id).exists()
    # The honest member's link goes to their own mailbox, which the attacker does not read.
    honest = User.objects.get(username="honest-cm")
    attack.play(("send_reset", admin, honest))
    assert not AuditEvent.objects.filter(action="password_reset.completed", actor=honest).exists()
    assert attack.reads_records() == []
