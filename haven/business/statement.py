"""Draft statements (UK s54, Australian s16) and the French vigilance plan, built from impact.

Each of the law's mandatory contents (data/laws.toml) is marked:
- `met`: backed by figures in Haven or by a claim that cites its evidence;
- `policy_only`: only a claim with no figure or evidence behind it. Flagged: this is the kind
  of reporting the documents call meaningless (000 para 8);
- `missing`: nothing at all.
Ending a supplier relationship is listed with what was done for that supplier's workers, and
flagged when nothing was: cutting a supplier is not a remedy on its own (000 para 50).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from haven.business.impact import grievance_figures
from haven.business.lawdata import laws
from haven.business.models import Claim, Company, GrievanceChannel, SiteMetric
from haven.business.risk import SiteFacts, rank

DRAFTABLE = ("uk_msa_s54", "au_msa", "fr_vigilance")
IMPACT_CODES = (
    "fees_reimbursed_amount",
    "fees_reimbursed_share",
    "wage_vs_minimum",
    "wage_vs_living",
    "overtime_frequency",
    "documents_retained",
    "freedom_of_association",
)


def gettext_noop(message: str) -> str:
    """Marks a built-in text for the catalogs; pages translate it (templatetags.business_i18n),
    the JSON keeps the English."""
    return message


@dataclass(frozen=True)
class Evidence:
    found: bool
    text: str  # msgid with %(name)s placeholders
    params: dict[str, Any]

    @property
    def detail(self) -> str:
        return self.text % self.params

    @property
    def said(self) -> dict[str, Any]:
        return {"text": self.text, "params": self.params}


def _metrics(company: Company, codes: tuple[str, ...]) -> list[SiteMetric]:
    found = SiteMetric.objects.filter(site__company=company, code__in=codes, value__isnull=False)
    return [m for m in found if m.evidence]


def _structure(company: Company) -> Evidence:
    n_sup, n_sites = company.suppliers.count(), company.sites.count()
    tiers = sorted(set(company.suppliers.values_list("tier", flat=True)))
    text = gettext_noop("%(suppliers)s suppliers (tiers %(tiers)s), %(sites)s sites mapped")
    tiers_said = ", ".join(str(t) for t in tiers) or "-"
    return Evidence(
        bool(n_sup or n_sites), text, {"suppliers": n_sup, "tiers": tiers_said, "sites": n_sites}
    )


def _risks(company: Company) -> Evidence:
    ranked = rank([site_facts(s) for s in company.sites.select_related("recruiter")])
    high = [s.site for s in ranked if s.level == "high"]
    if not high:
        text = gettext_noop("%(screened)s sites screened; none at high risk")
        return Evidence(bool(ranked), text, {"screened": len(ranked)})
    text = gettext_noop("%(screened)s sites screened; high risk: %(high)s")
    return Evidence(bool(ranked), text, {"screened": len(ranked), "high": ", ".join(high)})


def _audits(company: Company) -> Evidence:
    audits = _metrics(company, ("recruitment_audits",))
    text = gettext_noop("%(count)s site-periods with audits that checked recruitment")
    return Evidence(bool(audits), text, {"count": len(audits)})


def _impact(company: Company) -> Evidence:
    figures = _metrics(company, IMPACT_CODES)
    codes = sorted({m.code for m in figures})
    if not codes:
        return Evidence(False, gettext_noop("no evidenced impact figures"), {})
    text = gettext_noop("evidenced impact figures: %(codes)s")
    return Evidence(True, text, {"codes": ", ".join(codes)})


def _remedy(company: Company) -> Evidence:
    reimbursed = _metrics(company, ("fees_reimbursed_amount", "fees_reimbursed_share"))
    grievances = grievance_figures(company)
    found = bool(reimbursed) or bool(grievances["resolved"])
    remedied = grievances["resolved"]
    text = gettext_noop(
        "fees reimbursed at %(reimbursed)s site-periods; %(remedied)s grievances remedied"
    )
    return Evidence(found, text, {"reimbursed": len(reimbursed), "remedied": remedied})


def _channel(company: Company) -> Evidence:
    channels = GrievanceChannel.objects.filter(organisation=company.organisation).count()
    g = grievance_figures(company)
    text = gettext_noop("%(channels)s grievance channels; %(filed)s filed, %(resolved)s resolved")
    return Evidence(
        bool(channels), text, {"channels": channels, "filed": g["filed"], "resolved": g["resolved"]}
    )


def _identity(company: Company) -> Evidence:
    return Evidence(True, "%(name)s", {"name": company.organisation.name})


CHECKS: dict[str, Callable[[Company], Evidence]] = {
    "identify_entity": _identity,
    "structure_and_supply_chains": _structure,
    "risk_assessment": _risks,
    "risks": _risks,
    "risk_map": _risks,
    "due_diligence": _audits,
    "assessment_procedures": _audits,
    "effectiveness": _impact,
    "monitoring": _impact,
    "actions_and_remediation": _remedy,
    "mitigation": _remedy,
    "steps_statement": _remedy,
}
# The alert mechanism must be agreed with unions: a channel alone is not enough (L. 225-102-4 I 4°).
NEEDS_CLAIM_TOO = {"alert_mechanism": _channel}


def site_facts(site: Any) -> SiteFacts:
    licence = site.recruiter.licence_status if site.recruiter else None
    return SiteFacts(
        site.name, site.country, site.isic, site.recruitment_channel, site.migrant_share, licence
    )


def draft(company: Company, law_code: str) -> dict[str, Any]:
    if law_code not in DRAFTABLE:
        raise ValueError(f"no draft for {law_code}: choose one of {', '.join(DRAFTABLE)}")
    law = next(entry for entry in laws().law if entry.code == law_code)
    claims: dict[str, list[Claim]] = {}
    for claim in company.claims.all():
        claims.setdefault(claim.criterion, []).append(claim)
    criteria = [_criterion(company, c, claims.get(c.code, [])) for c in law.content]
    return {
        "law": law_code,
        "name": law.name,
        "company": company.organisation.name,
        "criteria": criteria,
        "flags": [c["code"] for c in criteria if c["status"] == "policy_only"],
        "suppliers_ended": suppliers_ended(company),
    }


def _criterion(company: Company, content: Any, claims: list[Claim]) -> dict[str, Any]:
    evidenced = [c for c in claims if c.evidence_ref]
    check = CHECKS.get(content.code) or NEEDS_CLAIM_TOO.get(content.code)
    data = check(company) if check else None
    if content.code in NEEDS_CLAIM_TOO:
        met = bool(data and data.found and evidenced)
    else:
        met = bool(data and data.found) or bool(evidenced)
    status = "met" if met else "policy_only" if claims or (data and data.found) else "missing"
    return {
        "code": content.code,
        "summary": content.summary,
        "strength": content.strength,
        "basis": [b.citation for b in content.basis],
        "status": status,
        "from_data": data.detail if data else None,
        "from_data_said": data.said if data else None,
        "claims": [{"text": c.text, "evidence_ref": c.evidence_ref or None} for c in claims],
        "flag": "a claim with no figure or evidence behind it" if status == "policy_only" else None,
    }


def suppliers_ended(company: Company) -> list[dict[str, Any]]:
    ended = company.suppliers.filter(ended_on__isnull=False).order_by("ended_on")
    return [
        {
            "supplier": s.name,
            "ended_on": s.ended_on.isoformat() if s.ended_on else None,
            "for_its_workers": s.exit_remedies,
            "flag": None
            if s.exit_remedies
            else "ended with nothing done for its workers: not a remedy",
        }
        for s in ended
    ]
