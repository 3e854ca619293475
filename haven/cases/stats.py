"""Aggregate figures that never single a person out.

Counts below the threshold are suppressed, following the CTDC practice of publishing case data
only k-anonymised with k = 11 (DOMAIN.md 8; seed 003 lines 1410-1414).
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from haven.accounts.models import User
from haven.accounts.roles import Capability, Role
from haven.cases.models import Case, CaseStatus

SMALLEST_SHOWN_COUNT = 11


@dataclass(frozen=True)
class Figure:
    label: str
    count: int | None  # None: suppressed, fewer than SMALLEST_SHOWN_COUNT

    @property
    def shown(self) -> str:
        return f"fewer than {SMALLEST_SHOWN_COUNT}" if self.count is None else str(self.count)


def suppress(count: int) -> int | None:
    return count if count >= SMALLEST_SHOWN_COUNT else None


def _scope(user: User) -> tuple[str, QuerySet[Case]] | None:
    if not user.can(Capability.VIEW_AGGREGATES) or user.organisation is None:
        return None
    if Role.NATIONAL_COORDINATOR in user.role_names:
        country = user.organisation.country
        return f"all organisations in {country}", Case.objects.filter(organisation__country=country)
    return user.organisation.name, Case.objects.filter(organisation=user.organisation)


def case_counts_for(user: User) -> dict[str, object] | None:
    """Cases by HTCDS status within what this user may see in aggregate, or None."""
    scope = _scope(user)
    if scope is None:
        return None
    label, cases = scope
    counts = dict(cases.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    figures = [
        Figure(str(name), suppress(counts.get(value, 0))) for value, name in CaseStatus.choices
    ]
    return {"scope": label, "figures": figures, "k": SMALLEST_SHOWN_COUNT}
