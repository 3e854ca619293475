"""evaluate_definition: element by element, never reading "unknown" as "no"."""

import pytest

from haven.law.definition import DefinitionProfile, Facts, FactsError, evaluate_definition
from haven.law.loader import law

PROTOCOL = DefinitionProfile.from_data(law().profiles["protocol"])
CLOSED = DefinitionProfile.from_data(law().profiles["example_means_for_children"])
BORDER = DefinitionProfile.from_data(law().profiles["example_border_crossing"])
EXPLOITED = {"acts": ["recruitment"], "purposes": ["forced_labour"]}


def evaluate(profile=PROTOCOL, **facts):
    return evaluate_definition(Facts.from_json(facts), profile)


def test_a_child_without_any_means_is_met_overall():
    finding = evaluate(age=16, means=[], **EXPLOITED)
    assert finding.child == "yes"
    assert finding.elements["means"].status == "not_required"
    assert finding.overall == "met"


def test_an_adult_whose_means_are_unknown_is_unknown_not_no():
    finding = evaluate(age=30, means=None, **EXPLOITED)
    assert finding.elements["means"].status == "unknown"
    assert finding.overall == "unknown"


def test_an_adult_with_means_explicitly_absent_is_not_met():
    finding = evaluate(age=30, means=[], **EXPLOITED)
    assert finding.elements["means"].status == "not_met"
    assert finding.overall == "not_met"


def test_an_adult_with_a_means_is_met_and_consent_is_said_to_be_irrelevant():
    finding = evaluate(age=30, means=["deception"], **EXPLOITED)
    assert finding.overall == "met"
    assert "consent" in finding.elements["means"].reason
    assert any(b.article == "3(b)" for b in finding.elements["means"].basis)


def test_an_age_not_asked_is_unknown_never_a_child_or_an_adult():
    finding = evaluate(means=[], age=None, **EXPLOITED)
    assert finding.child == "unknown"
    assert finding.elements["means"].status == "not_met"
    assert "if the person is a child" in finding.elements["means"].reason


@pytest.mark.parametrize(
    "facts", [{"age": None, "age_disputed": True}, {"age": 25, "age_disputed": True}]
)
def test_an_uncertain_age_that_may_be_a_child_s_is_presumed_a_child(facts):
    finding = evaluate(means=[], **facts, **EXPLOITED)
    assert finding.child == "presumed"
    assert finding.elements["means"].status == "not_required"


def test_nothing_known_gives_unknown_everywhere():
    finding = evaluate(age=40)
    assert {e.status for e in finding.elements.values()} == {"unknown"}
    assert finding.overall == "unknown"


def test_every_element_cites_its_basis_and_sources():
    finding = evaluate(age=30, means=["force"], **EXPLOITED)
    assert all(e.basis and e.sources for e in finding.elements.values())


def test_a_profile_that_demands_means_for_children_finds_a_child_without_means_not_met():
    finding = evaluate(CLOSED, age=15, means=[], **EXPLOITED)
    assert finding.elements["means"].status == "not_met"


def test_a_closed_list_of_forms_leaves_begging_out_but_an_open_one_does_not():
    facts = {"age": 30, "acts": ["harbouring"], "means": ["coercion"], "purposes": ["begging"]}
    assert evaluate(CLOSED, **facts).elements["purpose"].status == "not_met"
    assert evaluate(PROTOCOL, **facts).elements["purpose"].status == "met"


@pytest.mark.parametrize("border, expected", [(None, "unknown"), (False, "not_met"), (True, "met")])
def test_a_border_crossing_requirement_is_its_own_element(border, expected):
    facts = {
        "age": 30,
        "means": ["force"],
        "border_crossing": border,
        "transnational": True,
        **EXPLOITED,
    }
    finding = evaluate(BORDER, **facts)
    assert finding.elements["border_crossing"].status == expected


def test_the_baseline_asks_for_no_border_crossing():
    assert "border_crossing" not in evaluate(age=30, means=["force"], **EXPLOITED).elements


@pytest.mark.parametrize(
    "facts, field",
    [
        ({"means": ["bribery"]}, "means"),
        ({"acts": "recruitment"}, "acts"),
        ({"age": "sixteen"}, "age"),
        ({"age": -1}, "age"),
        ({"transnational": "yes"}, "transnational"),
        ({"ages": 3}, "unknown field"),
    ],
)
def test_bad_facts_are_refused_with_the_field_named(facts, field):
    with pytest.raises(FactsError, match=field):
        Facts.from_json(facts)
