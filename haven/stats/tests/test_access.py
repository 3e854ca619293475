"""Who sees which figures: exact for whoever may read every record, controlled for the rest,
published only behind the firewall; refused without the capability."""

import pytest

from haven.cases.models import Case
from haven.stats.access import exportable, stats_scope_for
from haven.stats.tests.conftest import consent

pytestmark = pytest.mark.django_db


def test_a_supervisor_sees_their_organisation_exactly(supervisor, cases):
    scope = stats_scope_for(supervisor)
    assert scope.exact and scope.cases.count() == 260 and scope.organisations == ()


def test_a_national_coordinator_sees_the_country_under_disclosure_control(coordinator, cases):
    scope = stats_scope_for(coordinator)
    assert not scope.exact and scope.cases.count() == 400 and len(scope.organisations) == 3


def test_behind_the_firewall_there_are_no_figures_at_all(police_coordinator, cases):
    # The firewall strips view_aggregates from enforcement (haven/accounts/roles.py).
    assert stats_scope_for(police_coordinator) is None


def test_without_the_capability_there_is_no_scope(frontline, case_manager, cases):
    assert stats_scope_for(frontline) is None and stats_scope_for(case_manager) is None


def test_a_withdrawn_consent_leaves_the_person_out_of_shared_figures_only(
    supervisor, coordinator, cases
):
    case = Case.objects.filter(organisation=supervisor.organisation).first()
    consent(case, withdrawn=True, user=supervisor)
    assert stats_scope_for(coordinator).cases.count() == 399
    assert stats_scope_for(supervisor).cases.count() == 260


def test_a_statutory_basis_counts_everyone_in_shared_figures(
    settings, supervisor, coordinator, cases
):
    settings.HAVEN_STATS_LEGAL_BASIS = "statutory"
    consent(Case.objects.first(), withdrawn=True, user=supervisor)
    assert stats_scope_for(coordinator).cases.count() == 400


def test_the_export_takes_only_active_consents_and_never_a_withdrawn_one(
    settings, supervisor, cases
):
    first, second = Case.objects.all()[:2]
    consent(first, withdrawn=False, user=supervisor)
    consent(second, withdrawn=True, user=supervisor)
    assert list(exportable(Case.objects.all())) == [first]
    settings.HAVEN_STATS_LEGAL_BASIS = "statutory"
    assert exportable(Case.objects.all()).count() == 399
