"""Impact figures per site and period, each with its evidence, and "missing" where no figure
was recorded (never zero). Grievance figures come from the company's own grievance channels."""

import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal
from typing import Any

from haven.business.impactschema import metrics_data
from haven.business.models import Company, Grievance, SiteMetric

GRIEVANCE_CODES = ("grievances_filed", "grievances_resolved", "days_to_remedy", "wages_recovered")


def _plain(value: Decimal) -> str:
    """42000.0000 -> "42000", 1.1000 -> "1.1" (never exponent notation)."""
    return format(value.normalize(), "f")


def _figure(metric: SiteMetric | None) -> dict[str, Any]:
    if metric is None or metric.value is None:
        return {"status": "missing", "value": None, "evidence": [], "evidence_ref": ""}
    status = "evidenced" if metric.evidence else "unevidenced"
    value = _plain(metric.value)
    return {
        "status": status,
        "value": value,
        "currency": metric.currency,
        "evidence": metric.evidence,
        "evidence_ref": metric.evidence_ref,
    }


def site_report(company: Company) -> list[dict[str, Any]]:
    """One block per site and period recorded; every catalogue metric present in each block."""
    rows: dict[tuple[int, dt.date, dt.date], dict[str, SiteMetric]] = defaultdict(dict)
    sites = {s.pk: s for s in company.sites.all()}
    for m in SiteMetric.objects.filter(site__company=company):
        rows[(m.site_id, m.period_start, m.period_end)][m.code] = m
    catalogue = metrics_data()
    blocks: list[dict[str, Any]] = []
    for (site_id, start, end), found in sorted(
        rows.items(), key=lambda kv: (sites[kv[0][0]].name, kv[0][1])
    ):
        counted = _site_grievances(site_id, start, end)
        figures = [
            {
                "code": code,
                "label": metric.label,
                "unit": metric.unit,
                **(
                    _figure(found.get(code))
                    if code in found or code not in counted
                    else counted[code]
                ),
            }
            for code, metric in catalogue.items()
        ]
        blocks.append(
            {
                "site": sites[site_id].name,
                "period": [start.isoformat(), end.isoformat()],
                "figures": figures,
            }
        )
    for site in sites.values():
        if not any(key[0] == site.pk for key in rows):
            blocks.append(
                {
                    "site": site.name,
                    "period": None,
                    "figures": [],
                    "note": "no impact figures recorded: all missing",
                }
            )
    return blocks


def _site_grievances(site_id: int, start: dt.date, end: dt.date) -> dict[str, dict[str, Any]]:
    """Grievance figures computed from the channel for grievances the officer attributed to this
    site and filed in the period; used where the company entered no figure of its own."""
    found = list(
        Grievance.objects.filter(
            site_id=site_id, filed_at__date__gte=start, filed_at__date__lte=end
        )
    )
    if not found:
        return {}
    days = [g.days_to_remedy for g in found if g.days_to_remedy is not None]
    wages = [g for g in found if g.wages_recovered is not None]
    currencies = {g.wages_currency for g in wages}
    values: dict[str, Any] = {
        "grievances_filed": len(found),
        "grievances_resolved": len(days),
        "days_to_remedy": statistics.median(days) if days else None,
        "wages_recovered": sum(g.wages_recovered or 0 for g in wages)
        if len(currencies) == 1
        else None,
    }
    currency = next(iter(currencies)) if len(currencies) == 1 else ""
    return {
        code: _counted(value, currency if code == "wages_recovered" else "")
        for code, value in values.items()
    }


def _counted(value: Any, currency: str) -> dict[str, Any]:
    if value is None:
        return {"status": "missing", "value": None, "evidence": [], "evidence_ref": ""}
    shown = _plain(value) if isinstance(value, Decimal) else str(value)
    return {
        "status": "evidenced",
        "value": shown,
        "currency": currency,
        "evidence": ["grievances"],
        "evidence_ref": "grievance channel",
    }


def grievance_figures(
    company: Company, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> dict[str, Any]:
    """Filed, resolved, days to remedy (median, share within 14 and 30 days), wages recovered."""
    found = Grievance.objects.filter(channel__organisation=company.organisation)
    if start:
        found = found.filter(filed_at__gte=start)
    if end:
        found = found.filter(filed_at__lt=end)
    grievances = list(found)
    days = [g.days_to_remedy for g in grievances if g.days_to_remedy is not None]
    wages: dict[str, Decimal] = defaultdict(Decimal)
    for g in grievances:
        if g.wages_recovered is not None:
            wages[g.wages_currency] += g.wages_recovered
    return {
        "filed": len(grievances),
        "resolved": len(days),
        "days_to_remedy_median": statistics.median(days) if days else None,
        "within_14_days": _share(days, 14),
        "within_30_days": _share(days, 30),
        "wages_recovered": {k: str(v) for k, v in sorted(wages.items())} or None,
        "retaliation_reported": sum(g.retaliation for g in grievances),
    }


def _share(days: list[int], limit: int) -> float | None:
    return round(sum(d <= limit for d in days) / len(days), 3) if days else None
