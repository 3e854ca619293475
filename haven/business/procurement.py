"""Checking a bidder's own impact data against a tender's requirements: eligible only when
every requirement is met with evidence; otherwise excluded, with a reason per failure."""

from typing import Any

from haven.business.impactschema import requirements_data
from haven.business.models import Company, GrievanceChannel, LicenceStatus, SiteMetric
from haven.business.said import Said, gettext_noop, render, said

NO_SITES = gettext_noop("no sites mapped")


def _evidenced(company: Company, code: str) -> list[SiteMetric]:
    found = SiteMetric.objects.filter(site__company=company, code=code, value__isnull=False)
    return [m for m in found if m.evidence]


def _fair_wages(company: Company, tier: int) -> Said | None:
    sites = list(company.sites.all())
    figures = {
        m.site_id: m.value for m in _evidenced(company, "wage_vs_minimum") if m.value is not None
    }
    if not sites:
        return said(NO_SITES)
    unshown = [s.name for s in sites if s.pk not in figures]
    low = [s.name for s in sites if s.pk in figures and figures[s.pk] < 1]  # ratio to the minimum
    if low:
        return said(
            gettext_noop("wages below the legal minimum at: %(sites)s"), sites=", ".join(low)
        )
    text = gettext_noop("no evidenced wage figure for: %(sites)s")
    return said(text, sites=", ".join(unshown)) if unshown else None


def _employer_pays(company: Company, tier: int) -> Said | None:
    paid = {m.site_id: m.value for m in _evidenced(company, "fees_paid_share")}
    repaid = {m.site_id: m.value for m in _evidenced(company, "fees_reimbursed_share")}
    sites = list(company.sites.all())
    failing = [s.name for s in sites if not (paid.get(s.pk) == 0 or repaid.get(s.pk) == 1)]
    if not sites:
        return said(NO_SITES)
    text = gettext_noop("no evidence that employers bore all fees at: %(sites)s")
    return said(text, sites=", ".join(failing)) if failing else None


def _subcontractors(company: Company, tier: int) -> Said | None:
    suppliers = company.suppliers.filter(tier__lte=tier, ended_on__isnull=True)
    with_evidence = set(
        SiteMetric.objects.filter(site__supplier__in=suppliers, value__isnull=False)
        .exclude(evidence=[])
        .values_list("site__supplier_id", flat=True)
    )
    missing = [s.name for s in suppliers if s.pk not in with_evidence]
    text = gettext_noop("no evidence from suppliers to tier %(tier)s: %(suppliers)s")
    return said(text, tier=tier, suppliers=", ".join(missing)) if missing else None


def _recruiters(company: Company, tier: int) -> Said | None:
    bad = company.recruiters.exclude(licence_status=LicenceStatus.LICENSED)
    names = [f"{r.name} ({r.licence_status})" for r in bad]
    text = gettext_noop("recruiters not licensed: %(recruiters)s")
    return said(text, recruiters=", ".join(names)) if names else None


def _grievances(company: Company, tier: int) -> Said | None:
    if GrievanceChannel.objects.filter(organisation=company.organisation).exists():
        return None
    return said(gettext_noop("no grievance channel"))


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
                "reason": render(failure) if failure else catalogue[code].label,
                "reason_said": failure,  # None when met: the page shows the requirement
                "sources": [f"{s.doc}:{s.lines}" for s in catalogue[code].sources],
            }
        )
    outcome = "eligible" if all(r["met"] for r in results) else "excluded"
    return outcome, results
