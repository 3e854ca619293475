"""Remedy figures: exact inside the company, suppressed under 11 when shown outside."""

import datetime as dt
from decimal import Decimal

import pytest

from haven.business import actions
from haven.business.companydata import parse
from haven.business.figures import by_company, by_sector
from haven.business.models import Stage
from haven.business.tests.test_company import DATA

pytestmark = pytest.mark.django_db


def resolve_n(channel, officer, n, days):
    for i in range(n):
        start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        g, _ = actions.do_file_grievance(
            channel=channel,
            category="wages",
            description=f"d{i}",
            now=start,
            address=f"10.1.0.{i}",  # one address per worker: the filing limit is per address
        )
        actions.do_record_step(g, Stage.TRIAGE, acting_user=officer, now=start)
        actions.do_resolve(
            g,
            wages_recovered=Decimal(100),
            wages_currency="EUR",
            acting_user=officer,
            now=start + dt.timedelta(days=days[i % len(days)]),
        )


def test_inside_figures_are_exact(company, channel, officer):
    actions.do_load_company_data(company, parse(DATA), acting_user=None)
    resolve_n(channel, officer, 3, [5, 20, 40])
    [row] = by_company(outside=False)
    assert row["filed"] == 3 and row["days_to_remedy_median"] == 20
    assert row["within_14_days"] == pytest.approx(0.333) and row["within_30_days"] == pytest.approx(
        0.667
    )
    assert row["wages_recovered"] == {"EUR": "300.00"} and row["fees_reimbursed"] == {
        "EUR": "42000.0000"
    }


def test_outside_figures_hide_small_numbers(company, channel, officer):
    actions.do_load_company_data(company, parse(DATA), acting_user=None)
    resolve_n(channel, officer, 3, [5])
    [row] = by_company(outside=True)
    assert row["filed"] is None and row["days_to_remedy_median"] is None
    assert row["wages_recovered"] is None and row["fees_reimbursed"] is None


def test_outside_figures_show_from_eleven(company, channel, officer):
    actions.do_load_company_data(company, parse(DATA), acting_user=None)
    resolve_n(channel, officer, 11, [3, 10, 25])
    [row] = by_company(outside=True)
    assert row["resolved"] == 11 and row["within_14_days"] is not None
    [sector] = by_sector(outside=True)
    assert (
        sector["sector"] == "10"
        and sector["filed"] == 11
        and sector["wages_recovered"] == {"EUR": "1100.00"}
    )
