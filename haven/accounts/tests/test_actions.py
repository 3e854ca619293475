import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from haven.accounts import actions
from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability, OrgType, Role
from haven.audit.models import AuditEvent
from haven.testing.fixtures import make_user


def _invite(acting_user, organisation, *roles, email=""):
    return actions.do_invite_user(
        organisation=organisation,
        email=email,
        first_name="New",
        last_name="Comer",
        roles=[r.value for r in roles],
        acting_user=acting_user,
        base_url="https://haven.example/",
    )


def _invited_and_confirmed(acting_user, organisation, *roles):
    """Invited by one administrator, confirmed by a second, with no e-mail address."""
    invitation = _invite(acting_user, organisation, *roles)
    second = make_user(None, Role.SYSTEM_ADMIN, username="second-admin")
    token = actions.do_confirm_invitation(invitation=invitation, acting_user=second)
    return invitation.user, token


def test_an_org_admin_invites_an_inactive_user_with_a_one_time_link(org_admin, ngo):
    user, token = _invited_and_confirmed(org_admin, ngo, Role.FRONTLINE_WORKER)
    assert not user.is_active and not user.has_usable_password()
    assert user.invitation.token_hash != token  # only a hash is stored
    assert actions.find_invitation(token).user == user
    assert AuditEvent.objects.filter(action="user.invited", target_id=str(user.pk)).exists()


def test_accepting_an_invitation_activates_the_account_once(org_admin, ngo):
    user, token = _invited_and_confirmed(org_admin, ngo, Role.FRONTLINE_WORKER)
    actions.do_accept_invitation(
        invitation=actions.find_invitation(token), password="a long new passphrase 9"
    )
    user.refresh_from_db()
    assert user.is_active and user.check_password("a long new passphrase 9")
    assert actions.find_invitation(token) is None


def test_a_weak_password_is_refused_when_accepting(org_admin, ngo):
    _user, token = _invited_and_confirmed(org_admin, ngo, Role.FRONTLINE_WORKER)
    with pytest.raises(ValidationError):
        actions.do_accept_invitation(invitation=actions.find_invitation(token), password="short")


def test_an_org_admin_cannot_invite_into_another_organisation(org_admin, other_ngo):
    with pytest.raises(PermissionDenied):
        _invite(org_admin, other_ngo, Role.FRONTLINE_WORKER)


def test_an_org_admin_cannot_grant_the_system_administrator_role(org_admin, ngo):
    with pytest.raises(ValidationError, match="system administrator"):
        _invite(org_admin, ngo, Role.SYSTEM_ADMIN)


@pytest.mark.parametrize(
    "role",
    [
        Role.FRONTLINE_WORKER,
        Role.CASE_MANAGER,
        Role.SUPERVISOR,
        Role.DECISION_TEAM,
        Role.AUDITOR,
        Role.NATIONAL_COORDINATOR,
    ],
)
def test_support_roles_are_refused_in_enforcement_organisations(system_admin, police, role):
    with pytest.raises(ValidationError, match="firewall"):
        _invite(system_admin, police, role)


def test_a_failed_invitation_writes_nothing(org_admin, ngo):
    before = (User.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError):
        _invite(org_admin, ngo, Role.SYSTEM_ADMIN)
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_setting_roles_is_audited_with_before_and_after(org_admin, ngo):
    member = make_user(ngo, Role.FRONTLINE_WORKER)
    actions.do_set_roles(user=member, roles=[Role.CASE_MANAGER.value], acting_user=org_admin)
    member = User.objects.get(pk=member.pk)
    assert member.can(Capability.READ_ALL_ORG_RECORDS)
    event = AuditEvent.objects.get(action="user.roles_changed")
    assert event.details == {"before": ["frontline_worker"], "after": ["case_manager"]}


@pytest.mark.parametrize("roles", [[], ["org_admin", "case_manager"]])
def test_an_administrator_cannot_change_their_own_roles(org_admin, roles):
    with pytest.raises(ValidationError, match="own roles"):
        actions.do_set_roles(user=org_admin, roles=roles, acting_user=org_admin)


def test_the_enforcement_role_cannot_be_granted_beside_a_support_role(org_admin, ngo):
    with pytest.raises(ValidationError, match="firewall"):
        _invite(org_admin, ngo, Role.CASE_MANAGER, Role.ENFORCEMENT_OFFICER)


def test_only_a_system_administrator_creates_organisations(system_admin, org_admin):
    with pytest.raises(PermissionDenied):
        actions.do_create_organisation(
            name="X", org_type=OrgType.NGO, country="FR", acting_user=org_admin
        )
    organisation = actions.do_create_organisation(
        name="Aide Paris", org_type=OrgType.NGO, country="FR", acting_user=system_admin
    )
    assert Organisation.objects.get(pk=organisation.pk).country == "FR"


def test_an_organisation_needs_a_real_country_code(system_admin):
    with pytest.raises(ValidationError, match="country"):
        actions.do_create_organisation(
            name="X", org_type=OrgType.NGO, country="XX", acting_user=system_admin
        )


def test_the_first_administrator_gets_a_generated_password(db):
    user, password = actions.do_create_system_admin(username="admin")
    assert len(password) >= 20 and user.check_password(password)
    assert user.can(Capability.USE_DJANGO_ADMIN) and user.is_staff


def test_a_deactivated_user_loses_every_capability(org_admin, ngo):
    member = make_user(ngo, Role.CASE_MANAGER)
    actions.do_set_active(user=member, active=False, acting_user=org_admin)
    assert User.objects.get(pk=member.pk).capabilities == frozenset()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.NATIONAL_COORDINATOR])
def test_f3_audit_and_statistics_roles_are_refused_beside_the_enforcement_role(
    org_admin, ngo, role
):
    member = make_user(ngo, Role.FRONTLINE_WORKER)
    with pytest.raises(ValidationError, match="firewall"):
        actions.do_set_roles(
            user=member, roles=[role.value, Role.ENFORCEMENT_OFFICER.value], acting_user=org_admin
        )
    with pytest.raises(ValidationError, match="firewall"):
        _invite(org_admin, ngo, role, Role.ENFORCEMENT_OFFICER)
