"""Reading grievances. The channel's own grievance officers see its grievances; once escalated,
the independent body's officers see it too; a support organisation sees only what was referred
to it with the worker's consent. Grievance capabilities are support capabilities, so nobody on
the enforcement side sees anything (000 rec. 67). Reads are audited; missing and forbidden are
the same 404. A worker follows their own grievance with its code, rate-limited per address."""

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability, OrgType
from haven.audit.log import record
from haven.business import throttle
from haven.business.actions import do_note_failed_lookup
from haven.business.codes import code_hash, normalise
from haven.business.models import Company, Grievance, GrievanceChannel, Site, Supplier

# Raised here and by the filing action (it lives in throttle, which both import).
TooManyAttempts = throttle.TooManyAttempts


class NoSuchCode(Exception):
    """The code matched nothing (the same answer for a malformed code)."""


def grievances_visible_to(user: User) -> QuerySet[Grievance]:
    if not user.can(Capability.HANDLE_GRIEVANCES) or user.organisation_id is None:
        return Grievance.objects.none()
    org = user.organisation_id
    return Grievance.objects.filter(Q(channel__organisation_id=org) | Q(escalated_to_id=org))


def referred_to(user: User) -> QuerySet[Grievance]:
    if not user.can(Capability.CREATE_SUPPORT_RECORDS) or user.organisation_id is None:
        return Grievance.objects.none()
    return Grievance.objects.filter(referred_to_id=user.organisation_id, referral_consent=True)


def referred_for_action(user: User, grievance_id: int) -> Grievance:
    """A grievance referred to the user's organisation, for a request that goes on to an
    action (whose own event records the access): 404 for anyone else, the company's own
    officers and everyone behind the firewall included."""
    grievance = (
        referred_to(user)
        .filter(pk=grievance_id)
        .select_related("channel__organisation", "referred_to", "support_case")
        .first()
    )
    if grievance is None:
        raise Http404("No such grievance")
    return grievance


def access_referred_grievance(user: User, grievance_id: int) -> Grievance:
    """The same gate, with the read audited."""
    grievance = referred_for_action(user, grievance_id)
    with transaction.atomic():
        record(actor=user, action="grievance.read", target=grievance, details={"as": "referred"})
    return grievance


def list_referred(user: User) -> list[Grievance]:
    """What was referred to the user's organisation, newest first, audited as one listing."""
    referred = list(
        referred_to(user)
        .select_related("channel__organisation", "support_case")
        .order_by("-referred_at", "-pk")[:200]
    )
    with transaction.atomic():
        record(
            actor=user,
            action="grievance.referred_listed",
            target_type="business.grievance",
            details={"grievance_ids": sorted(g.pk for g in referred)},
        )
    return referred


def channels_of(user: User) -> QuerySet[GrievanceChannel]:
    if not user.can(Capability.HANDLE_GRIEVANCES) or user.organisation_id is None:
        return GrievanceChannel.objects.none()
    return GrievanceChannel.objects.filter(organisation_id=user.organisation_id)


def access_grievance_by_id(user: User, grievance_id: int) -> Grievance:
    visible = grievances_visible_to(user) | referred_to(user)
    grievance = visible.filter(pk=grievance_id).select_related("channel").distinct().first()
    if grievance is None:
        raise Http404("No such grievance")
    with transaction.atomic():
        record(actor=user, action="grievance.read", target=grievance)
    return grievance


def list_grievances(user: User) -> tuple[list[Grievance], list[Grievance]]:
    """(handled by the user's organisation, referred to it), audited as one listing."""
    handled = list(grievances_visible_to(user).select_related("channel").order_by("deadline")[:500])
    referred = list(referred_to(user).select_related("channel").order_by("-referred_at")[:200])
    with transaction.atomic():
        ids = sorted({g.pk for g in handled + referred})
        record(
            actor=user,
            action="grievance.listed",
            target_type="business.grievance",
            details={"grievance_ids": ids},
        )
    return handled, referred


def follow_by_code(code: str, address: str | None, now: dt.datetime | None = None) -> Grievance:
    """The grievance this code belongs to, for the worker who holds it. The limit check, the
    comparison and the failed attempt's count share one transaction, serialised per address
    (throttle.hold), so parallel guesses from one address cannot exceed the limit."""
    now = now or timezone.now()
    with transaction.atomic():
        throttle.check("lookup", address, now)
        grievance = _by_code(code)
        if grievance is None:
            do_note_failed_lookup(address=address, now=now)
        else:
            record(
                actor=None,
                action="grievance.followed",
                target=grievance,
                organisation=grievance.channel.organisation,
            )
    if grievance is None:
        raise NoSuchCode  # raised after the commit, so the failed attempt stays counted
    return grievance


def _by_code(code: str) -> Grievance | None:
    cleaned = normalise(code)
    if not cleaned:
        return None
    return Grievance.objects.filter(code_hash=code_hash(cleaned)).select_related("channel").first()


def company_of(user: User) -> Company:
    """The company data of the user's own organisation; 404 for anyone else (fail-closed)."""
    if not user.can(Capability.MANAGE_COMPANY_DATA) or user.organisation_id is None:
        raise Http404("No company data")
    company = (
        Company.objects.filter(organisation_id=user.organisation_id)
        .select_related("organisation")
        .first()
    )
    if company is None:
        raise Http404("No company data")
    with transaction.atomic():
        record(actor=user, action="company.read", target=company)
    return company


def company_organisation(user: User) -> Organisation:
    """The user's own organisation, when it is a company whose data they keep: the only one
    whose data file they may upload; 404 for anyone else (fail-closed)."""
    organisation = user.organisation
    if (
        not user.can(Capability.MANAGE_COMPANY_DATA)
        or organisation is None
        or organisation.org_type != OrgType.CORPORATE_BUSINESS
    ):
        raise Http404("No company data")
    return organisation


def has_company_data(user: User) -> bool:
    return Company.objects.filter(organisation=company_organisation(user)).exists()


def company_for_action(user: User) -> Company:
    """The same gate as company_of, for a request that goes on to an action (whose own event
    records it), so a save is one event, not a read and a write."""
    company = Company.objects.filter(organisation=company_organisation(user)).first()
    if company is None:
        raise Http404("No company data")
    return company


def site_of(company: Company, site_id: int) -> Site:
    """One of the company's own sites; another company's is as missing as none (404)."""
    site = company.sites.filter(pk=site_id).select_related("company__organisation").first()
    if site is None:
        raise Http404("No such site")
    return site


def supplier_of(company: Company, supplier_id: int) -> Supplier:
    supplier = company.suppliers.filter(pk=supplier_id).first()
    if supplier is None:
        raise Http404("No such supplier")
    return supplier
