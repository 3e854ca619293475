"""Procurement: a public buyer's requirements, bids checked against the bidder's own data,
eligible or excluded with reasons, recorded and exportable."""

import copy
import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError

from haven.accounts.roles import OrgType, Role
from haven.business import actions
from haven.business.companydata import parse
from haven.business.tests.test_company import DATA
from haven.testing.fixtures import make_organisation, make_user

ALL = [
    "employer_pays",
    "fair_wages",
    "grievance_mechanism",
    "licensed_recruiters",
    "subcontractor_evidence",
]


@pytest.fixture
def buyer(db):
    council = make_organisation("City Council", OrgType.LOCAL_GOVERNMENT)
    return make_user(council, Role.PROCUREMENT_OFFICER, username="buyer")


@pytest.fixture
def tender(buyer):
    return actions.do_open_tender(
        reference="T-1", title="Catering", requirements=ALL, evidence_tier=1, acting_user=buyer
    )


def good_data():
    data = copy.deepcopy(DATA)
    data["suppliers"] = [data["suppliers"][0]]
    evidence = {
        "evidence": ["documents", "worker_interviews"],
        "period": ["2026-01-01", "2026-06-30"],
    }
    data["metrics"] = [
        {"site": site, "code": code, "value": value, **evidence}
        for site in ("farm", "hq")
        for code, value in (("wage_vs_minimum", 1.2), ("fees_paid_share", 0))
    ]
    return data


def bid(company_org, tender, data):
    actions.do_load_company_data(company_org, parse(data), acting_user=None)
    officer = make_user(company_org, Role.COMPANY_OFFICER)
    return actions.do_submit_bid(tender, acting_user=officer)


def test_a_bidder_showing_results_is_eligible(company, channel, tender, buyer):
    bid(company, tender, good_data())
    [result] = actions.do_evaluate_tender(tender, acting_user=buyer)
    assert result.outcome == "eligible" and all(r["met"] for r in result.reasons)


def test_a_bidder_with_only_policies_is_excluded_with_reasons(company, tender, buyer):
    bid(company, tender, DATA)
    [result] = actions.do_evaluate_tender(tender, acting_user=buyer)
    failed = {r["requirement"]: r["reason"] for r in result.reasons if not r["met"]}
    assert result.outcome == "excluded"
    assert "no evidence that employers bore all fees" in failed["employer_pays"]
    assert failed["fair_wages"] == "no evidenced wage figure for: Sunfield farm, Head office"
    assert failed["grievance_mechanism"] == "no grievance channel"


def test_an_unlicensed_recruiter_excludes(company, channel, tender, buyer):
    data = good_data()
    data["recruiters"][0]["licence_status"] = "unknown"
    bid(company, tender, data)
    [result] = actions.do_evaluate_tender(tender, acting_user=buyer)
    assert result.outcome == "excluded"


def test_only_a_public_buyer_opens_a_tender(company):
    officer = make_user(company, Role.PROCUREMENT_OFFICER)
    with pytest.raises(ValidationError, match="public buyer"):
        actions.do_open_tender(reference="x", title="x", requirements=ALL, acting_user=officer)


def test_the_outcome_is_exportable_as_csv_and_json(client, company, tender, buyer):
    bid(company, tender, DATA)
    actions.do_evaluate_tender(tender, acting_user=buyer)
    client.force_login(buyer)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/business/tenders/{tender.pk}/?format=csv").content.decode())
        )
    )
    assert {r["outcome"] for r in rows} == {"excluded"} and len(rows) == len(ALL)
    data = json.loads(client.get(f"/business/tenders/{tender.pk}/?format=json").content)
    assert data["bids"][0]["bidder"] == "Harvest Foods plc"


def test_another_buyer_cannot_see_the_tender(client, tender):
    other = make_user(
        make_organisation("Other Council", OrgType.LOCAL_GOVERNMENT), Role.PROCUREMENT_OFFICER
    )
    client.force_login(other)
    assert client.get(f"/business/tenders/{tender.pk}/").status_code == 404


def test_a_company_officer_bids_through_the_page(client, company, tender):
    actions.do_load_company_data(company, parse(DATA), acting_user=None)
    client.force_login(make_user(company, Role.COMPANY_OFFICER))
    assert b"T-1" in client.get("/business/tenders/").content
    client.post(f"/business/tenders/{tender.pk}/bid/")
    assert tender.bids.count() == 1
