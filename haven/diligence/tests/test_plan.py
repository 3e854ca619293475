"""Reporting schedules and clustering (plain functions)."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.diligence.plan import Item, add_months, classify_due, clusters, due_dates


def test_quarterly_due_dates_end_on_the_end_date():
    assert due_dates(date(2026, 1, 31), date(2026, 12, 31), 3) == [
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2026, 10, 31),
        date(2026, 12, 31),
    ]


def test_a_month_end_start_stays_at_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


@pytest.mark.parametrize("months", [0, 2, 4, 24])
def test_only_the_four_reporting_frequencies_are_allowed(months):
    with pytest.raises(ValueError, match="reporting frequency"):
        due_dates(date(2026, 1, 1), date(2027, 1, 1), months)


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValueError, match="before the start"):
        due_dates(date(2026, 2, 1), date(2026, 1, 1), 1)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    days=st.integers(min_value=0, max_value=3000),
    months=st.sampled_from([1, 3, 6, 12]),
)
def test_due_dates_rise_stay_in_the_period_and_end_on_its_last_day(start, days, months):
    end = start + timedelta(days=days)
    dates = due_dates(start, end, months)
    assert dates == sorted(set(dates)) and dates[-1] == end
    assert all(start < day <= end for day in dates) or dates == [start]
    assert len(dates) <= days // 28 // months + 1 + 1


def test_reported_dates_are_neither_due_nor_overdue():
    dates = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 6, 1)]
    status = classify_due(dates, {date(2026, 1, 1)}, today=date(2026, 2, 15))
    assert status == {"overdue": [date(2026, 2, 1)], "due_soon": [date(2026, 3, 1)]}


def test_similar_recommendations_with_the_same_theme_are_grouped():
    items = [
        Item(1, "trafficking", "Strengthen assistance to victims of trafficking in persons"),
        Item(2, "women", "Combat violence against women"),
        Item(3, "trafficking", "Step up assistance to victims of trafficking"),
        Item(4, "children", "Strengthen assistance to victims of trafficking in persons"),
    ]
    assert clusters(items) == [[1, 3]]
