"""Who may see and manage which organisations and users. Missing and forbidden both give 404."""

from django.db.models import Q, QuerySet
from django.http import Http404

from haven.accounts.models import Invitation, Organisation, RoleRequest, User
from haven.accounts.roles import Capability


def organisations_manageable_by(user: User) -> QuerySet[Organisation]:
    if user.can(Capability.MANAGE_ORGANISATIONS):
        return Organisation.objects.all()
    if user.can(Capability.MANAGE_ORG_USERS) and user.organisation_id:
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()


def access_organisation_by_id(user: User, organisation_id: int) -> Organisation:
    try:
        return organisations_manageable_by(user).get(pk=organisation_id)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation") from None


def members_manageable_by(user: User) -> QuerySet[User]:
    """Members of the organisations the user manages; for a system administrator, also the
    accounts with no organisation (auditors, other system administrators)."""
    in_organisations = Q(organisation__in=organisations_manageable_by(user))
    if user.can(Capability.MANAGE_ORGANISATIONS):
        in_organisations |= Q(organisation__isnull=True)
    return User.objects.filter(in_organisations).select_related("organisation")


def accounts_without_organisation(user: User) -> QuerySet[User]:
    if not user.can(Capability.MANAGE_ORGANISATIONS):
        return User.objects.none()
    accounts = User.objects.filter(organisation__isnull=True)
    return accounts.prefetch_related("role_grants").order_by("username")


def access_member_by_id(user: User, member_id: int) -> User:
    try:
        return members_manageable_by(user).get(pk=member_id)
    except User.DoesNotExist:
        raise Http404("No such user") from None


def access_invitation_of(member: User) -> Invitation:
    """The invitation of a member already checked with `access_member_by_id`."""
    try:
        return Invitation.objects.select_related("user__organisation").get(user=member)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation") from None


def access_role_request_by_id(user: User, request_id: int) -> RoleRequest:
    requests = RoleRequest.objects.filter(user__in=members_manageable_by(user))
    try:
        return requests.select_related("user__organisation").get(pk=request_id)
    except RoleRequest.DoesNotExist:
        raise Http404("No such request") from None
