"""The figure cache (HAVEN_STATS_CACHE_SECONDS): kept while nothing is written, dropped as soon
as something is, whether through an action or not."""

import pytest
from django.db import transaction

from haven.audit.log import record
from haven.stats import cache, synthetic
from haven.stats.access import stats_scope_for
from haven.stats.actions import do_record_stats_read
from haven.stats.dashboard import figures_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached(settings):
    settings.HAVEN_STATS_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _gender_records(user) -> int | None:
    shown = figures_for(stats_scope_for(user))
    return next(s for s in shown if s.indicator.id == "gender").records.value


# The supervisor's exact view is counted live, so it is the one the cache serves (a
# coordinator's figures are summed from snapshots: test_snapshot.py).
def test_the_same_figures_are_served_while_nothing_is_written(supervisor, cases):
    first = figures_for(stats_scope_for(supervisor))
    do_record_stats_read(supervisor, page="dashboard", exact=False, year=None)  # a read
    again = figures_for(stats_scope_for(supervisor))
    assert [a.figures for a in again] == [f.figures for f in first]
    assert all(a.figures is f.figures for a, f in zip(again, first, strict=True))


def test_cases_added_without_an_action_are_counted_at_once(coordinator, supervisor, ngo, cases):
    assert _gender_records(coordinator) == 400
    synthetic.populate([ngo], supervisor, 30, seed=9)
    assert _gender_records(coordinator) == 430


def test_a_write_recorded_in_the_audit_trail_drops_the_figures(coordinator, supervisor, cases):
    before = cache.version()
    with transaction.atomic():
        record(actor=supervisor, action="case.updated", target_type="case", target_id="1")
    assert cache.version() != before


def test_reading_a_case_keeps_the_figures(coordinator, supervisor, cases):
    before = cache.version()
    with transaction.atomic():
        record(actor=supervisor, action="case.read", target_type="case", target_id="1")
    do_record_stats_read(coordinator, page="dashboard", exact=False, year=None)
    assert cache.version() == before


def test_without_the_setting_nothing_is_kept(settings, supervisor, cases):
    settings.HAVEN_STATS_CACHE_SECONDS = 0
    first = figures_for(stats_scope_for(supervisor))
    again = figures_for(stats_scope_for(supervisor))
    assert not any(a.figures is f.figures for a, f in zip(again, first, strict=True))
