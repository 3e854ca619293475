"""Who sees which statistics. One function decides the scope; every page and command asks it.

- A user who may read every record of their organisation sees its figures exactly.
- Everyone else who may view aggregates (a national coordinator: every organisation of their
  country; a supervisor-less aggregate viewer: their own organisation) sees disclosure-
  controlled figures only, and only of persons whose consent or legal basis allows statistics.
- Anyone behind the enforcement firewall sees no more than what is published: the country's
  disclosure-controlled figures, with no organisation filter (DOMAIN.md 3).
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability, Role
from haven.cases.models import Case, Consent, ConsentPurpose


@dataclass(frozen=True)
class Scope:
    label: str
    country: str
    cases: QuerySet[Case]
    exact: bool
    organisations: tuple[Organisation, ...] = ()  # the organisation filter's choices
    # The organisations whose shareable cases `cases` is, so its figures can be summed from
    # their snapshots (haven/stats/snapshot.py); None for an exact scope, which counts all.
    summed: tuple[int, ...] | None = None


def withdrew_statistics_consent() -> Q:
    """The person withdrew consent to statistics and has not given it again.

    As `person IN (the few such persons)`, which the database works out once (a hashed
    subplan on PostgreSQL), rather than `NOT (EXISTS ... AND NOT EXISTS ...)`, two correlated
    subqueries that no planner turns into a join. (The 9 s an indicator once measured at a
    million cases on PostgreSQL came from missing table statistics, not from this.)"""
    stats = Consent.objects.filter(purpose=ConsentPurpose.STATISTICS)
    active = stats.filter(withdrawn_on__isnull=True).values("person")
    withdrawn = stats.filter(withdrawn_on__isnull=False).exclude(person__in=active)
    return Q(person__in=withdrawn.values("person"))


def has_statistics_consent() -> Exists:
    return Exists(
        Consent.objects.filter(
            person=OuterRef("person"), purpose=ConsentPurpose.STATISTICS, withdrawn_on__isnull=True
        )
    )


def shareable(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases that may be counted in figures leaving the organisation (docs/statistics.md)."""
    if settings.HAVEN_STATS_LEGAL_BASIS == "statutory":
        return cases
    return cases.exclude(withdrew_statistics_consent())


def shareable_of(organisations: Collection[int] | None) -> QuerySet[Case]:
    """The shareable cases of some organisations (of all with None): what their snapshots
    count."""
    if organisations is None:
        return shareable(Case.objects.all())
    return shareable(Case.objects.filter(organisation_id__in=list(organisations)))


def exportable(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases whose microdata may go into a CTDC export: never a withdrawn person; under the
    consent basis, only persons with an active consent to statistics."""
    if settings.HAVEN_STATS_LEGAL_BASIS == "statutory":
        return cases.exclude(withdrew_statistics_consent())
    return cases.filter(has_statistics_consent())


def stats_scope_for(user: User) -> Scope | None:
    organisation = user.organisation
    if not user.can(Capability.VIEW_AGGREGATES) or organisation is None:
        return None
    country = organisation.country
    if user.behind_firewall or Role.NATIONAL_COORDINATOR in user.role_names:
        return _national(country, with_filter=not user.behind_firewall)
    own = Case.objects.filter(organisation=organisation)
    if user.can(Capability.READ_ALL_ORG_RECORDS):
        return Scope(organisation.name, country, own, exact=True)
    return Scope(organisation.name, country, shareable(own), False, summed=(organisation.pk,))


def _national(country: str, *, with_filter: bool) -> Scope:
    cases = shareable(Case.objects.filter(organisation__country=country))
    choices = Organisation.objects.filter(country=country).order_by("name") if with_filter else []
    label = gettext("all organisations in %(country)s") % {"country": country}
    summed = tuple(Organisation.objects.filter(country=country).values_list("pk", flat=True))
    return Scope(label, country, cases, False, tuple(choices), summed)


def national_scope(country: str) -> Scope:
    """The published figures of a country (the command line's `summary`)."""
    return _national(country, with_filter=False)
