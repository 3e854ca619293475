"""Indicators computed from the records, checked against counts taken directly."""

import pytest

from haven.cases.models import Case, VictimContext
from haven.stats.compute import compute
from haven.stats.indicators import by_id, indicators

pytestmark = pytest.mark.django_db


def test_gender_counts_only_cases_with_a_value_and_says_how_many_lack_one(cases):
    figures = compute(by_id("gender"), Case.objects.all())
    unknown = Case.objects.filter(person__gender="NonSpecifiedUnknown").count()
    female = Case.objects.filter(person__gender="Feminine").count()
    assert figures.records == 400 and figures.missing == unknown
    assert figures.counts["Female"] == female and figures.counted == 400 - unknown


def test_a_case_without_a_victim_context_counts_as_lacking_a_value(cases):
    VictimContext.objects.filter(case__in=Case.objects.all()[:5]).delete()
    figures = compute(by_id("age_broad"), Case.objects.all())
    no_age = Case.objects.filter(victim_context__age_when_trafficked__isnull=True).count()
    assert figures.missing == no_age + 0 and figures.records == 400
    assert sum(figures.counts.values()) == figures.counted


def test_a_multi_valued_variable_counts_each_case_once_per_value(cases):
    figures = compute(by_id("type_of_exploitation"), Case.objects.all())
    with_labour = sum(
        "ForcedLabour" in (v or [])
        for v in VictimContext.objects.values_list("types_of_exploitation", flat=True)
    )
    assert figures.counts["ForcedLabour"] == with_labour


def test_every_indicator_computes_on_an_empty_scope(db):
    for indicator in indicators():
        figures = compute(indicator, Case.objects.none())
        assert figures.records == 0 and figures.missing == 0


def test_every_indicator_names_its_basis_and_denominator():
    for indicator in indicators():
        assert indicator.basis and indicator.denominator and indicator.definition
