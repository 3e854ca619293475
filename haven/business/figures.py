"""Remedy figures per company and per sector: days to resolution (median, share within 14 and
30 days), fees reimbursed and wages recovered. Shown outside the company, every figure drawn
from fewer than 11 grievances (or site-periods) is suppressed, as the case statistics are
(haven.cases.stats), so that no worker can be singled out."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from haven.business.impact import grievance_figures
from haven.business.models import Company, SiteMetric
from haven.cases.stats import SMALLEST_SHOWN_COUNT, suppress


def _fees(company: Company) -> tuple[dict[str, Decimal], int]:
    found = SiteMetric.objects.filter(
        site__company=company, code="fees_reimbursed_amount", value__isnull=False
    )
    totals: dict[str, Decimal] = defaultdict(Decimal)
    rows = 0
    for m in found:
        totals[m.currency] += m.value or Decimal(0)
        rows += 1
    return totals, rows


def company_figures(company: Company) -> dict[str, Any]:
    fees, rows = _fees(company)
    sector = company.isic_sectors[0][:2] if company.isic_sectors else "unknown"
    return {
        "company": company.organisation.name,
        "sector": sector,
        **grievance_figures(company),
        "fees_reimbursed": {k: str(v) for k, v in sorted(fees.items())} or None,
        "fee_rows": rows,
    }


def _controlled(row: dict[str, Any]) -> dict[str, Any]:
    """A row safe to show outside the company: small numbers hidden, not rounded to zero."""
    out = dict(row)
    out["filed"] = suppress(row["filed"])
    out["resolved"] = suppress(row["resolved"])
    if out["resolved"] is None:
        out |= {"days_to_remedy_median": None, "within_14_days": None, "within_30_days": None}
        out["wages_recovered"] = None
    if row["fee_rows"] < SMALLEST_SHOWN_COUNT:
        out["fees_reimbursed"] = None
    out["retaliation_reported"] = suppress(row["retaliation_reported"])
    out["suppressed_below"] = SMALLEST_SHOWN_COUNT
    return out


def by_company(outside: bool) -> list[dict[str, Any]]:
    rows = [
        company_figures(c)
        for c in Company.objects.select_related("organisation").order_by("organisation__name")
    ]
    return [_controlled(r) for r in rows] if outside else rows


def by_sector(outside: bool) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in by_company(outside=False):
        groups[row["sector"]].append(row)
    return [
        _controlled(_sum(sector, rows)) if outside else _sum(sector, rows)
        for sector, rows in sorted(groups.items())
    ]


def _sum(sector: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"sector": sector, "companies": len(rows)}
    for key in ("filed", "resolved", "retaliation_reported", "fee_rows"):
        total[key] = sum(r[key] for r in rows)
    for key in ("wages_recovered", "fees_reimbursed"):
        sums: dict[str, Decimal] = defaultdict(Decimal)
        for r in rows:
            for cur, amount in (r[key] or {}).items():
                sums[cur] += Decimal(amount)
        total[key] = {k: str(v) for k, v in sorted(sums.items())} or None
    # Medians do not add up across companies; the sector row gives counts and sums only.
    total |= {"days_to_remedy_median": None, "within_14_days": None, "within_30_days": None}
    return total
