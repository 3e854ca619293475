"""Checking a bidder's own impact data against a tender's requirements: eligible only when
every requirement is met with evidence; otherwise excluded, with a reason per failure."""

from typing import Any

from haven.business.impactschema import requirements_data
from haven.business.models import Company, GrievanceChannel, LicenceStatus, SiteMetric


def _evidenced(company: Company, code: str) -> list[SiteMetric]:
    found = SiteMetric.objects.filter(site__company=company, code=code, value__isnull=False)
    return [m for m in found if m.evidence]


def _fair_wages(company: Company, tier: int) -> str | None:
    sites = list(company.sites.all())
    figures = {
        m.site_id: m.value for m in _evidenced(company, "wage_vs_minimum") if m.value is not None
    }
    if not sites:
        return "no sites mapped"
    unshown = [s.name for s in sites if s.pk not in figures]
    low = [s.name for s in sites if s.pk in figures and figures[s.pk] < 1]  # ratio to the minimum
    if low:
        return f"wages below the legal minimum at: {', '.join(low)}"
    return f"no evidenced wage figure for: {', '.join(unshown)}" if unshown else None


def _employer_pays(company: Company, tier: int) -> str | None:
    paid = {m.site_id: m.value for m in _evidenced(company, "fees_paid_share")}
    repaid = {m.site_id: m.value for m in _evidenced(company, "fees_reimbursed_share")}
    sites = list(company.sites.all())
    failing = [s.name for s in sites if not (paid.get(s.pk) == 0 or repaid.get(s.pk) == 1)]
    if not sites:
        return "no sites mapped"
    return f"no evidence that employers bore all fees at: {', '.join(failing)}" if failing else None


def _subcontractors(company: Company, tier: int) -> str | None:
    suppliers = company.suppliers.filter(tier__lte=tier, ended_on__isnull=True)
    with_evidence = set(
        SiteMetric.objects.filter(site__supplier__in=suppliers, value__isnull=False)
        .exclude(evidence=[])
        .values_list("site__supplier_id", flat=True)
    )
    missing = [s.name for s in suppliers if s.pk not in with_evidence]
    return f"no evidence from suppliers to tier {tier}: {', '.join(missing)}" if missing else None


def _recruiters(company: Company, tier: int) -> str | None:
    bad = company.recruiters.exclude(licence_status=LicenceStatus.LICENSED)
    names = [f"{r.name} ({r.licence_status})" for r in bad]
    return f"recruiters not licensed: {', '.join(names)}" if names else None


def _grievances(company: Company, tier: int) -> str | None:
    if GrievanceChannel.objects.filter(organisation=company.organisation).exists():
        return None
    return "no grievance channel"


CHECKS = {
    "fair_wages": _fair_wages,
    "employer_pays": _employer_pays,
    "subcontractor_evidence": _subcontractors,
    "licensed_recruiters": _recruiters,
    "grievance_mechanism": _grievances,
}


def evaluate(
    company: Company, requirements: list[str], tier: int
) -> tuple[str, list[dict[str, Any]]]:
    """("eligible" | "excluded", one result per requirement with its reason and sources)."""
    catalogue = requirements_data()
    results = []
    for code in requirements:
        failure = CHECKS[code](company, tier)
        results.append(
            {
                "requirement": code,
                "met": failure is None,
                "reason": failure or catalogue[code].label,
                "sources": [f"{s.doc}:{s.lines}" for s in catalogue[code].sources],
            }
        )
    outcome = "eligible" if all(r["met"] for r in results) else "excluded"
    return outcome, results
