"""Snapshots: a country's figures summed from the organisations' stored cells are exactly the
figures counted live, under any filter, and stay so as records are added, changed or
withdrawn from statistics."""

import dataclasses
import datetime
import random
import statistics
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from haven.accounts.models import User
from haven.audit.log import record
from haven.audit.models import AuditEvent
from haven.cases.models import Case, Deadline
from haven.proceedings.models import RemedyChannel, RemedyClaim, RemedyForm
from haven.stats import cells, snapshot, synthetic
from haven.stats.access import stats_scope_for
from haven.stats.dashboard import Filters, figures_for, page_for
from haven.stats.models import StatisticsSnapshot
from haven.stats.present import Shown
from haven.stats.tests.conftest import consent

pytestmark = pytest.mark.django_db

YEARS = [None, 2015, 2019, 2022, 2024, 1990]


def _shown(items: list[Shown]) -> list[tuple[object, ...]]:
    return [(s.figures, s.rows, s.records, s.counted, s.missing, s.median_days, s.refused)
            for s in items]  # fmt: skip


def _live_and_summed(user: User, filters: Filters) -> tuple[list[object], list[object]]:
    scope = stats_scope_for(user)
    live = figures_for(dataclasses.replace(scope, summed=None), filters)
    return _shown(live), _shown(figures_for(scope, filters))


def _process_records(cases: QuerySet[Case], user: User, seed: int) -> None:
    """Claims with amounts (two currencies, some without) and reflection periods, some
    ended early: the indicators whose cells are sums of money and dated records."""
    rng = random.Random(seed)  # noqa: S311  (test data, reproducible by seed)
    today = datetime.date.today()
    for case in rng.sample(list(cases), 40):
        currency = rng.choice(["EUR", "GBP", ""])
        amount = Decimal(rng.randint(0, 90_000)) / 100 if currency else None
        RemedyClaim.objects.create(case=case, form=RemedyForm.COMPENSATION, recorded_by=user,
                                   channel=RemedyChannel.CIVIL, currency=currency,
                                   amount_claimed=amount, amount_paid=amount)  # fmt: skip
        due = today - datetime.timedelta(days=rng.randint(-20, 200))
        done = due - datetime.timedelta(days=3) if rng.random() < 0.3 else None
        Deadline.objects.create(case=case, organisation=case.organisation, due_on=due,
                                code="reflection_period", title="t", done_on=done)  # fmt: skip


def test_the_summed_figures_are_the_live_figures(coordinator, supervisor, cases):
    _process_records(cases, supervisor, seed=5)
    for year in YEARS:
        live, summed = _live_and_summed(coordinator, Filters(year=year))
        assert summed == live, year
    assert StatisticsSnapshot.objects.count() == 3  # two NGOs and the ministry


def test_an_organisation_filter_sums_that_organisation_alone(coordinator, ngo, cases):
    live, summed = _live_and_summed(coordinator, Filters(year=2022, organisation=ngo.pk))
    assert summed == live


@hypothesis_settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    added=st.integers(0, 40),
    seed=st.integers(0, 10_000),
    withdraw=st.integers(0, 3),
    year=st.sampled_from(YEARS),
    which=st.sampled_from(["all", "ngo", "other_ngo"]),
    basis=st.sampled_from(["consent", "statutory"]),
)
def test_summed_figures_equal_live_ones_for_generated_data_and_any_filter(
    *, settings, coordinator, supervisor, ngo, other_ngo, added, seed, withdraw, year, which, basis
):
    """Each example adds cases to a random organisation and withdraws some persons' consent,
    without an action, on top of the last example's: the snapshots must notice both."""
    settings.HAVEN_STATS_LEGAL_BASIS = basis
    synthetic.populate([random.Random(seed).choice([ngo, other_ngo])], supervisor, added, seed)
    chosen = Case.objects.order_by("?")[:withdraw]
    for case in chosen:
        consent(case, withdrawn=True, user=supervisor)
    organisation = {"all": None, "ngo": ngo.pk, "other_ngo": other_ngo.pk}[which]
    live, summed = _live_and_summed(coordinator, Filters(year=year, organisation=organisation))
    assert summed == live


def test_only_the_organisation_whose_records_changed_is_counted_again(
    coordinator, supervisor, ngo, other_ngo, cases
):
    figures_for(stats_scope_for(coordinator))
    before = dict(StatisticsSnapshot.objects.values_list("organisation_id", "taken_at"))
    synthetic.populate([other_ngo], supervisor, 5, seed=3)
    figures_for(stats_scope_for(coordinator))
    after = dict(StatisticsSnapshot.objects.values_list("organisation_id", "taken_at"))
    assert after[ngo.pk] == before[ngo.pk]
    assert after[other_ngo.pk] > before[other_ngo.pk]


def test_a_write_through_an_action_counts_its_records_organisation_again(
    coordinator, supervisor, ngo, other_ngo, cases
):
    figures_for(stats_scope_for(coordinator))
    case = Case.objects.filter(organisation=other_ngo).first()
    kept = snapshot.marker()
    with transaction.atomic():  # an event about another organisation's record
        record(actor=supervisor, action="case.updated", target=case)
    assert snapshot.changed_since(kept, snapshot.marker()) == {ngo.pk, other_ngo.pk}


def test_an_event_about_a_record_that_is_gone_counts_everything_again(supervisor, cases):
    kept = snapshot.marker()
    with transaction.atomic():
        record(actor=supervisor, action="case.updated", target_type="cases.case", target_id="0")
    assert snapshot.changed_since(kept, snapshot.marker()) is None


def test_nothing_is_stored_while_nothing_changed(coordinator, cases):
    figures_for(stats_scope_for(coordinator))
    events = AuditEvent.objects.filter(action="stats.snapshots_stored").count()
    figures_for(stats_scope_for(coordinator))
    assert AuditEvent.objects.filter(action="stats.snapshots_stored").count() == events == 1


def test_the_job_counts_every_organisation_in_one_audit_event(coordinator, cases):
    assert snapshot.refresh(full=True) == 3
    event = AuditEvent.objects.get(action="stats.snapshots_stored")
    assert event.details == {"recounted": 3, "checked": 3}


def test_the_page_says_as_of_when_the_figures_come_from_snapshots(coordinator, supervisor):
    assert page_for(stats_scope_for(coordinator)).as_of is not None
    assert page_for(stats_scope_for(supervisor)).as_of is None  # exact, counted live


def test_the_dashboard_shows_the_snapshot_time(client, coordinator, cases):
    client.force_login(coordinator)
    response = client.get("/stats/")
    assert "Figures as of" in response.content.decode()


@given(st.lists(st.integers(-400, 400), max_size=60))
def test_a_histograms_median_is_the_median_of_its_values(values):
    histogram: dict[str, int] = {}
    for value in values:
        histogram[str(value)] = histogram.get(str(value), 0) + 1
    assert cells.median(histogram) == (statistics.median(values) if values else None)


@given(st.lists(st.dictionaries(st.sampled_from("abc"), st.integers(0, 50)), max_size=5))
def test_cells_add_up_as_counting_them_together_would(parts):
    summed = cells.total([cells.empty() | {"r": sum(p.values()), "c": p} for p in parts])
    assert summed["r"] == sum(sum(p.values()) for p in parts)
    for name in "abc":
        assert summed["c"].get(name, 0) == sum(p.get(name, 0) for p in parts)


def test_a_race_to_store_the_first_snapshot_does_not_fail_the_page(monkeypatch, coordinator, cases):
    snapshot.refresh(full=True)
    StatisticsSnapshot.objects.filter(organisation=coordinator.organisation).delete()

    def raced(**_: object) -> None:
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr("haven.stats.actions.do_store_snapshots", raced)
    live, summed = _live_and_summed(coordinator, Filters())
    assert summed == live  # the ministry, whose snapshot the other request holds, has no cases
