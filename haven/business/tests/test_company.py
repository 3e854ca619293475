"""Company and supply chain: loading the data file, risk screening, impact figures with
"missing", statement drafts that flag policy-only claims, and fail-closed access."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from haven.accounts.roles import Role
from haven.business import actions
from haven.business.companydata import DataError, parse
from haven.business.impact import site_report
from haven.business.models import Recruiter
from haven.business.risk import SiteFacts, rank, screen
from haven.business.statement import draft
from haven.testing.fixtures import make_user

DATA = {
    "schema_version": 1,
    "company": {
        "isic_sectors": ["10"],
        "countries": ["GB", "ES"],
        "employees": {"in_country": 900, "worldwide": 1500},
        "turnover": {"amount": 60000000, "currency": "GBP"},
    },
    "recruiters": [
        {
            "key": "r1",
            "name": "Fast Jobs",
            "country": "RO",
            "licence_number": "RO-77",
            "licence_status": "licensed",
        }
    ],
    "suppliers": [
        {"key": "s1", "name": "Sunfield Farms", "country": "ES", "tier": 1, "isic": "01"},
        {
            "key": "s2",
            "name": "Pickers Ltd",
            "country": "ES",
            "tier": 2,
            "supplies": "s1",
            "isic": "78",
        },
        {"key": "s3", "name": "Old Packers", "country": "ES", "tier": 1, "ended_on": "2026-03-01"},
    ],
    "sites": [
        {
            "key": "farm",
            "name": "Sunfield farm",
            "supplier": "s1",
            "country": "ES",
            "isic": "0113",
            "workforce": 300,
            "migrant_share": 0.7,
            "recruitment_channel": "labour_contractor",
            "recruiter": "r1",
        },
        {
            "key": "hq",
            "name": "Head office",
            "country": "GB",
            "isic": "7010",
            "workforce": 80,
            "migrant_share": 0,
            "recruitment_channel": "direct",
        },
    ],
    "metrics": [
        {
            "site": "farm",
            "period": ["2026-01-01", "2026-06-30"],
            "code": "fees_reimbursed_amount",
            "value": 42000,
            "currency": "EUR",
            "evidence": ["documents", "worker_interviews"],
            "evidence_ref": "payslip audit 2026-07",
        },
        {
            "site": "farm",
            "period": ["2026-01-01", "2026-06-30"],
            "code": "wage_vs_minimum",
            "value": 1.1,
        },
    ],
    "claims": [
        {"criterion": "policies", "text": "We have a code of conduct banning forced labour."},
        {
            "criterion": "board_approval",
            "text": "Approved by the board",
            "evidence_ref": "minutes 2026-05-02",
        },
    ],
}


@pytest.fixture
def loaded(company):
    return actions.do_load_company_data(company, parse(DATA), acting_user=None)


def test_loading_maps_suppliers_by_tier_sites_and_recruiters(loaded):
    assert [s.tier for s in loaded.suppliers.order_by("tier", "name")] == [1, 1, 2]
    assert loaded.suppliers.get(name="Pickers Ltd").supplies.name == "Sunfield Farms"
    assert loaded.sites.get(name="Sunfield farm").recruiter.name == "Fast Jobs"


def test_loading_again_replaces_the_data(company, loaded):
    smaller = copy.deepcopy(DATA)
    smaller["sites"] = smaller["sites"][1:]
    smaller["metrics"] = []
    again = actions.do_load_company_data(company, parse(smaller), acting_user=None)
    assert again.pk == loaded.pk and again.sites.count() == 1


def test_a_bad_file_names_entry_and_field():
    bad = copy.deepcopy(DATA)
    bad["sites"][0]["migrant_share"] = 1.5
    bad["metrics"][0]["site"] = "nowhere"
    bad["metrics"][1]["code"] = "happiness"
    with pytest.raises(DataError) as error:
        parse(bad, "co.json")
    text = str(error.value)
    assert "co.json: sites.0.migrant_share" in text and "unknown metric 'happiness'" in text


def test_dangling_keys_are_named():
    bad = copy.deepcopy(DATA)
    bad["metrics"][0]["site"] = "nowhere"
    with pytest.raises(DataError, match=r"metrics\[0\].site: no site with key 'nowhere'"):
        parse(bad)


def test_only_a_corporate_business_holds_company_data(ngo):
    with pytest.raises(ValidationError, match="CorporateBusiness"):
        actions.do_load_company_data(ngo, parse(DATA), acting_user=None)


def test_a_recruiter_on_the_revoked_register_is_revoked_whatever_it_claims(company, loaded):
    row = {
        "country": "RO",
        "licence_number": "RO-77",
        "agency_name": "Fast Jobs",
        "revoked_on": "2026-02-01",
        "authority": "Labour inspectorate",
    }
    assert actions.do_register_revoked_licences([row], acting_user=None) == 1
    assert Recruiter.objects.get().licence_status == "revoked"
    reloaded = actions.do_load_company_data(company, parse(DATA), acting_user=None)
    assert reloaded.recruiters.get().licence_status == "revoked"


def test_risk_screening_ranks_highest_first_with_reasons(loaded):
    from haven.business.statement import site_facts

    ranked = rank([site_facts(s) for s in loaded.sites.select_related("recruiter")])
    assert [s.site for s in ranked] == ["Sunfield farm", "Head office"]
    farm = ranked[0]
    assert farm.level == "high"
    factors = {r.factor for r in farm.reasons}
    assert {"sector", "recruitment_channel", "migrant_share", "country"} <= factors
    assert all(r.sources for r in farm.reasons if r.factor == "sector")


def test_unknown_facts_add_risk_rather_than_counting_as_safe():
    known = screen(SiteFacts("a", "GB", "7010", "direct", __import__("decimal").Decimal(0), None))
    unknown = screen(SiteFacts("b", "GB", "7010", "unknown", None, "unknown"))
    assert unknown.score > known.score


def test_impact_figures_say_missing_not_zero(loaded):
    blocks = site_report(loaded)
    farm = next(b for b in blocks if b["site"] == "Sunfield farm")
    figures = {f["code"]: f for f in farm["figures"]}
    assert figures["fees_reimbursed_amount"]["status"] == "evidenced"
    assert figures["fees_reimbursed_amount"]["value"] == "42000"
    assert figures["wage_vs_minimum"]["status"] == "unevidenced"
    assert figures["overtime_frequency"] == {
        "code": "overtime_frequency",
        "label": figures["overtime_frequency"]["label"],
        "unit": "share",
        "status": "missing",
        "value": None,
        "evidence": [],
        "evidence_ref": "",
    }
    office = next(b for b in blocks if b["site"] == "Head office")
    assert "all missing" in office["note"]


def test_a_statement_draft_flags_a_policy_only_claim(loaded):
    result = draft(loaded, "uk_msa_s54")
    status = {c["code"]: c["status"] for c in result["criteria"]}
    assert status["policies"] == "policy_only" and "policies" in result["flags"]
    assert status["board_approval"] == "met"
    assert status["structure_and_supply_chains"] == "met" and status["risk_assessment"] == "met"
    assert status["training"] == "missing" and status["published_link"] == "missing"


def test_a_vigilance_plan_needs_union_agreement_for_its_alert_mechanism(loaded, channel):
    plan = draft(loaded, "fr_vigilance")
    status = {c["code"]: c["status"] for c in plan["criteria"]}
    assert status["risk_map"] == "met" and status["alert_mechanism"] == "policy_only"


def test_cutting_a_supplier_without_remedy_is_flagged(loaded):
    ended = draft(loaded, "au_msa")["suppliers_ended"]
    assert ended == [
        {
            "supplier": "Old Packers",
            "ended_on": "2026-03-01",
            "for_its_workers": [],
            "flag": "ended with nothing done for its workers: not a remedy",
        }
    ]


def test_company_pages_are_for_its_own_officers_only(client, company, loaded, other_ngo):
    officer = make_user(company, Role.COMPANY_OFFICER)
    client.force_login(officer)
    page = client.get("/business/company/")
    assert page.status_code == 200 and b"Sunfield farm" in page.content
    data = json.loads(client.get("/business/company/statement/uk_msa_s54/?format=json").content)
    assert "policies" in data["flags"]
    assert b"policy only" in client.get("/business/company/statement/uk_msa_s54/").content
    client.force_login(make_user(other_ngo, Role.COMPANY_OFFICER))
    assert client.get("/business/company/").status_code == 404
    client.force_login(make_user(company, Role.GRIEVANCE_OFFICER))
    assert client.get("/business/company/").status_code == 403


def test_the_load_and_statement_commands(tmp_path, company):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "data.json"
    path.write_text(json.dumps(DATA))
    call_command(
        "business", "load", str(path), "--organisation", str(company.pk), stdout=StringIO()
    )
    out = StringIO()
    call_command(
        "business",
        "statement",
        "--organisation",
        str(company.pk),
        "--law",
        "uk_msa_s54",
        "--json",
        stdout=out,
    )
    assert "policies" in json.loads(out.getvalue())["flags"]


def test_grievances_attributed_to_a_site_fill_its_grievance_figures(
    company, loaded, channel, officer
):
    import datetime as dt
    from decimal import Decimal

    from haven.business.models import Stage

    farm = loaded.sites.get(name="Sunfield farm")
    when = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    grievance, _ = actions.do_file_grievance(
        channel=channel, category="wages", description="d", now=when
    )
    actions.do_record_step(grievance, Stage.TRIAGE, site=farm, acting_user=officer, now=when)
    actions.do_resolve(
        grievance,
        wages_recovered=Decimal(500),
        wages_currency="EUR",
        acting_user=officer,
        now=when + dt.timedelta(days=9),
    )
    again = actions.do_load_company_data(company, parse(DATA), acting_user=None)  # keeps the link
    block = next(b for b in site_report(again) if b["site"] == "Sunfield farm")
    figures = {f["code"]: f for f in block["figures"]}
    assert figures["grievances_filed"]["value"] == "1" and figures["grievances_filed"][
        "evidence"
    ] == ["grievances"]
    assert figures["days_to_remedy"]["value"] == "9"
    assert (
        figures["wages_recovered"]["value"] == "500"
        and figures["wages_recovered"]["currency"] == "EUR"
    )


def test_a_grievance_cannot_be_attributed_to_another_companys_site(loaded, channel, officer):
    from haven.accounts.roles import OrgType
    from haven.business.models import Stage
    from haven.testing.fixtures import make_organisation

    other = make_organisation("Rival plc", OrgType.CORPORATE_BUSINESS)
    rival = actions.do_load_company_data(other, parse(DATA), acting_user=None)
    grievance, _ = actions.do_file_grievance(channel=channel, category="wages", description="d")
    with pytest.raises(ValidationError, match="channel's own company"):
        actions.do_record_step(
            grievance, Stage.TRIAGE, site=rival.sites.first(), acting_user=officer
        )
